package dev.saccade.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.saccade.eval.results.Claims;
import dev.saccade.eval.results.MetricFiles;
import dev.saccade.learn.train.BcRlConfig;
import dev.saccade.learn.train.Checkpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code saccade demo --oracle-ablation} (issue 12, item 7): the oracle-teacher run is trained after
 * the default runs, read as a labelled ablation in metrics.json, the report and the summary, and
 * leaves the default runs and their evaluation as a demo without it has them; added to a finished
 * demo it trains only the ablation. A tiny demo sized by env steps on one thread (as DemoCrashTest's).
 */
class DemoOracleAblationTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private String[] demo(Path out, String... more) throws IOException {
        Path config = dir.resolve("tiny.json");
        Files.writeString(config, "{\"run\": {\"envs\": 1, \"checkpointEvery\": 1}, \"ppo\": {\"epochs\": 1, \"minibatches\": 1},"
                + " \"bc\": {\"epochs\": 0.5}}");
        List<String> args = new ArrayList<>(List.of("demo", "--out", out.toString(), "--episodes", "4", "--held-out", "1", "--width", "128",
                "--seed", "3", "--threads", "1", "--steps", "390", "--pretrain-steps", "20", "--config", config.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /** What the default runs are: each one's training metrics (no wall-clock columns) and its last checkpoint's tensors. */
    private static Map<String, Object> defaultRuns(Path demo) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String run : List.of("learned", "hand-random")) {
            Path r = demo.resolve("runs").resolve(run);
            out.put(run + " metrics", RunFiles.withoutTimings(r.resolve("metrics.csv")));
            Path last = Checkpoint.latest(r);
            out.put(run + " checkpoint", last.getFileName().toString());
            for (String tensors : List.of("model.safetensors", "encoder.safetensors")) {
                out.put(run + " " + tensors, RunFiles.tensorData(last.resolve(tensors)));
            }
        }
        return out;
    }

    /** The evaluation's rows of the default regimes (every row but the ablation's). */
    private static List<String> defaultRows(Path demo) throws IOException {
        return Files.readAllLines(demo.resolve("eval").resolve("metrics.csv")).stream().filter(l -> !l.startsWith("oracle-teacher,")).toList();
    }

    @Test
    void theAblationIsTrainedAfterTheDefaultRunsAndShownBesideThemLabelled() throws Exception {
        Path plain = dir.resolve("plain");
        CliRun first = CliRun.of(demo(plain));
        assertEquals(0, first.exitCode(), first.err());
        assertFalse(Files.exists(plain.resolve("runs").resolve("oracle-teacher")), "no ablation without the flag");
        assertFalse(first.out().contains("oracle-teacher"), first.out());

        // A fresh demo with the flag: the default runs and their rows as without it, the ablation's beside them.
        Path with = dir.resolve("with");
        CliRun ablated = CliRun.of(demo(with, "--oracle-ablation"));
        assertEquals(0, ablated.exitCode(), ablated.err());
        assertTrue(ablated.out().contains("--oracle-ablation: one more BC-RL run"), "the cost is said at the start:\n" + ablated.out());
        assertEquals(defaultRuns(plain), defaultRuns(with), "the flag leaves the default runs as they were");
        assertEquals(defaultRows(plain), defaultRows(with), "and their evaluation");

        Path oracle = with.resolve("runs").resolve("oracle-teacher");
        Checkpoint.State state = Checkpoint.readState(Checkpoint.latest(oracle));
        Checkpoint.State learned = Checkpoint.readState(Checkpoint.latest(with.resolve("runs").resolve("learned")));
        assertEquals(BcRlConfig.TeacherKind.ORACLE, state.config().teacher().kind(), "the ablation's teacher is the oracle");
        assertTrue(state.config().readsAnnotations().isPresent(), "and its settings say it reads annotations");
        assertEquals(BcRlConfig.TeacherKind.HINDSIGHT, learned.config().teacher().kind(), "the default's is not");
        assertEquals(learned.envSteps(), state.envSteps(), "the same env steps as the learned run");
        assertEquals(learned.config().teacher().decayEnvSteps(), state.config().teacher().decayEnvSteps(), "the same teacher schedule");
        assertEquals(learned.config().withTeacher(state.config().teacher()), state.config(), "otherwise the learned run's settings");
        assertEquals(RunFiles.tensorData(Checkpoint.latest(with.resolve("runs").resolve("learned")).resolve("encoder.safetensors")),
                RunFiles.tensorData(Checkpoint.latest(oracle).resolve("encoder.safetensors")), "and its encoder");
        assertTrue(JSON.readTree(with.resolve("stages.json").toFile()).path("stages").has("oracle-teacher"), "a stage of its own");

        JsonNode rows = JSON.readTree(with.resolve("eval").resolve("metrics.json").toFile());
        List<JsonNode> ablationRows = Stream.of(rows).flatMap(r -> java.util.stream.StreamSupport.stream(r.spliterator(), false))
                .filter(r -> r.path("gaze").asText().equals("oracle-teacher")).toList();
        assertFalse(ablationRows.isEmpty(), "metrics.json holds the ablation's rows");
        for (JsonNode r : ablationRows) {
            assertEquals("co-trained", r.path("hand").asText(), r.toString());
            assertTrue(r.path("reads_annotations").asBoolean(false), r.toString());
            assertTrue(r.path("ablation").asText().contains("upper bound, not the default"), r.toString());
        }
        assertTrue(ablationRows.stream().anyMatch(r -> r.path("metric").asText().equals("hand_error_cm")), "with the hand's error");
        String report = Files.readString(with.resolve("eval").resolve("report.html"));
        assertTrue(report.contains("<td>oracle-teacher (ablation: oracle teacher — reads annotations, upper bound, not the default)</td>"),
                "the report's table labels the row");
        assertTrue(ablated.out().contains("| oracle-teacher (ablation: oracle teacher — reads annotations, upper bound, not the default) |"),
                "the printed summary too:\n" + ablated.out());
        assertTrue(ablated.out().contains("Ablation row oracle-teacher"), ablated.out());
        List<Claims.Claim> claims = Claims.judge(MetricFiles.readJson(with.resolve("eval").resolve("metrics.json")), Map.of());
        List<Claims.Claim> plainClaims = Claims.judge(MetricFiles.readJson(plain.resolve("eval").resolve("metrics.json")), Map.of());
        assertEquals(plainClaims, claims, "the claims judge the learned eye, not the ablation");

        // The flag added to the finished plain demo: only the ablation is trained, and its rows join the same default rows.
        Map<String, Object> before = defaultRuns(plain);
        CliRun added = CliRun.of(demo(plain, "--oracle-ablation"));
        assertEquals(0, added.exitCode(), added.err());
        assertTrue(added.out().contains("done earlier: " + plain.resolve("runs").resolve("learned")), added.out());
        assertTrue(added.out().contains("done earlier: " + plain.resolve("runs").resolve("hand-random")), added.out());
        assertEquals(before, defaultRuns(plain), "nothing of the default runs was trained again");
        assertEquals(defaultRows(with), defaultRows(plain));
        // It is the fresh demo's ablation, bit for bit. (Before dev.saccade.learn.nn.Scalar a garbage collection between a
        // step's forward and backward passes could change its gradients, and this comparison failed now and then.)
        Path addedOracle = plain.resolve("runs").resolve("oracle-teacher");
        Checkpoint.State addedState = Checkpoint.readState(Checkpoint.latest(addedOracle));
        assertEquals(state.config(), addedState.config());
        assertEquals(state.envSteps(), addedState.envSteps());
        assertEquals(RunFiles.withoutTimings(oracle.resolve("metrics.csv")), RunFiles.withoutTimings(addedOracle.resolve("metrics.csv")));
        assertEquals(RunFiles.tensorData(Checkpoint.latest(oracle).resolve("model.safetensors")),
                RunFiles.tensorData(Checkpoint.latest(addedOracle).resolve("model.safetensors")));
        assertTrue(Files.readString(plain.resolve("eval").resolve("report.html")).contains("oracle-teacher (ablation:"));
    }

    @Test
    void theCostBeyondTheBudgetIsSaidAndATeacherlessDefaultLendsTheRecipesSchedule() throws Exception {
        // 900 s less the evaluation's 70: BC-RL's first guess is (830 − 90) × 1.8 / 2.8 = 476 s, about 8 minutes.
        String cost = DemoCommand.ablationCost(null, "15m", 830);
        assertTrue(cost.contains("beyond the 15m budget: about 8 min more"), cost);
        assertTrue(DemoCommand.ablationCost(390L, "15m", 830).contains("no time limit"));
        BcRlConfig recipe = DemoCommand.recipe(30_000, null);
        BcRlConfig teacherless = recipe.withTeacher(BcRlConfig.TeacherSettings.NONE);
        assertEquals(recipe.teacher(), DemoCommand.oracleAblationBase(teacherless, recipe).teacher(), "the recipe's weight and decay");
        BcRlConfig own = recipe.withTeacher(recipe.teacher().withDecayEnvSteps(7_000));
        assertEquals(own, DemoCommand.oracleAblationBase(own, recipe), "a run with a teacher keeps its own");
    }

    @Test
    void theAblationBesideAnOracleTeacherDefaultIsRefusedWithOneLine() throws Exception {
        Path out = dir.resolve("refused");
        CliRun r = CliRun.of(demo(out, "--oracle-ablation", "--teacher", "oracle"));
        assertEquals(Main.EXIT_USAGE, r.exitCode(), r.err());
        String first = r.err().lines().findFirst().orElse("");
        assertTrue(first.contains("--oracle-ablation") && first.contains("--teacher oracle"), "one line says why: " + r.err());
        assertTrue(r.err().strip().lines().skip(1).allMatch(l -> l.startsWith("Try 'saccade demo --help'")), "and nothing else: " + r.err());
        assertFalse(Files.exists(out), "nothing written");
    }
}
