package dev.saccade.eval.play;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.saccade.eval.metrics.EpisodeTrace;
import dev.saccade.eval.metrics.GazeMetrics;
import dev.saccade.eval.metrics.SearchMetrics;
import dev.saccade.eval.metrics.StepRecord;
import dev.saccade.eval.play.Regimes.Gaze;
import dev.saccade.eval.play.Regimes.Hand;
import dev.saccade.eval.play.Regimes.Regime;
import dev.saccade.eval.results.MetricTable;
import dev.saccade.gym.demo.FrameSupply;
import dev.saccade.gym.demo.ToyDemonstrations;
import dev.saccade.gym.envs.DemoEyeGym;
import dev.saccade.gym.envs.VisualSearchGym;
import dev.saccade.gym.eye.EyeCamera;
import dev.saccade.gym.policy.GazePolicy;
import dev.saccade.gym.rollout.Baselines;
import dev.saccade.sphere.render.MipChain;
import dev.saccade.sphere.render.PyramidSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoEvaluationTest {
    @TempDir static Path dir;
    static NDManager root;
    static LoadedRun learned;
    static LoadedRun other;
    static ToyDemonstrations demos;
    static FrameSupply<MipChain> frames;

    @BeforeAll
    static void setUp() throws Exception {
        root = NDManager.newBaseManager();
        learned = LoadedRun.load("learned", TinyRuns.save(dir.resolve("a"), 1), root);
        other = LoadedRun.load("random hand", TinyRuns.save(dir.resolve("b"), 2), root);
        demos = ToyDemonstrations.generate(4, 64, 5);
        frames = EyeCamera.supply(demos, 256L << 20, 1);
    }

    @AfterAll
    static void tearDown() {
        frames.close();
        learned.close();
        other.close();
        root.close();
    }

    private static Supplier<GazePolicy> baseline(String name) {
        return Baselines.named(name, demos.episodes(), PyramidSpec.defaults(), DemoEyeGym.Config.DEFAULT.limits());
    }

    private static final DemoEyeGym.Config GYM = DemoEyeGym.Config.DEFAULT.withSteps(5, 40);

    @Test
    void everyRegimePlaysTheSameUnitsAndHandsUnderOneGazeSeeTheSameViews() {
        List<Regime> regimes = List.of(
                new Regime(Gaze.learned("learned", learned, true), List.of(Hand.of(Regimes.CO_TRAINED, learned))),
                new Regime(Gaze.learned("learned-sampled", learned, false), List.of(Hand.of(Regimes.CO_TRAINED, learned))),
                new Regime(Gaze.baseline("random", baseline("random")),
                        List.of(Hand.of(Regimes.CO_TRAINED, learned), Hand.of(Regimes.OWN, other))),
                new Regime(Gaze.baseline("fixed", baseline("fixed")), List.of(Hand.of(Regimes.CO_TRAINED, learned), Hand.holdsPose())),
                new Regime(Gaze.baseline("oracle", baseline("oracle")), List.of(Hand.of(Regimes.CO_TRAINED, learned))));
        DemoEvaluation.Settings s = new DemoEvaluation.Settings(List.of(1, 3), 2, 7, PyramidSpec.defaults(), GYM, 10);
        DemoEvaluation.Result r = DemoEvaluation.run(frames, regimes, s, 2, null);

        assertEquals(7 * 4, r.traces().size(), "7 gaze-hand pairs × 2 episodes × 2 starts");
        Map<Integer, List<EpisodeTrace>> byUnit = r.traces().stream().collect(Collectors.groupingBy(EpisodeTrace::unit));
        assertEquals(4, byUnit.size());
        for (List<EpisodeTrace> unit : byUnit.values()) {
            StepRecord first = unit.get(0).steps().get(0);
            for (EpisodeTrace t : unit) {
                StepRecord f = t.steps().get(0);
                assertEquals(first.yaw(), f.yaw(), 0, "same first gaze under " + t.gaze());
                assertEquals(first.objectAngle(), f.objectAngle(), 0, "same start frame under " + t.gaze());
                assertEquals(46, t.steps().size(), "reset + 5 paused + 40 playing observations");
                if (t.hand().equals(Regimes.CO_TRAINED)) {
                    // the same view at reset: the same hand predicts the same chunk, whatever the gaze regime
                    assertEquals(first.handErrorM(), f.handErrorM(), 1e-6, t.gaze());
                }
            }
        }
        // the two hands under random gaze are different networks scored on identical views
        EpisodeTrace coTrained = find(r, "random", Regimes.CO_TRAINED, 0);
        EpisodeTrace own = find(r, "random", Regimes.OWN, 0);
        assertEquals(coTrained.steps().get(9).yaw(), own.steps().get(9).yaw(), 0);
        assertFalse(coTrained.steps().get(9).handErrorM() == own.steps().get(9).handErrorM());

        MetricTable t = MetricTable.ofTraces(r.traces(), s.units());
        MetricTable.Key fixed = new MetricTable.Key("fixed", Regimes.CO_TRAINED);
        assertEquals(1.0, t.estimate(fixed, "small_action_share").mean(), 0, "fixed gaze always stays");
        assertEquals(0.0, t.estimate(fixed, "gaze_speed_deg_s").mean(), 0);
        assertEquals(46.0, t.estimate(fixed, "dwell_steps").mean(), 0, "one fixation over the whole episode");
        double oracle = t.estimate(new MetricTable.Key("oracle", Regimes.CO_TRAINED), "target_in_fovea").mean();
        double random = t.estimate(new MetricTable.Key("random", Regimes.CO_TRAINED), "target_in_fovea").mean();
        assertTrue(oracle > 0.7 && random < 0.3, "oracle " + oracle + ", random " + random);
        assertTrue(Double.isNaN(t.estimate(new MetricTable.Key("fixed", Regimes.NONE), "bc_l1").mean()), "a held pose has no BC loss");

        assertEquals(5, r.films().size(), "one sample episode per gaze");
        Film film = r.films().get(0);
        assertEquals(46, film.steps().size());
        assertEquals(List.of(0, 10, 20, 30, 40), film.pyramids().keySet().stream().sorted().toList());
        assertEquals(-1, film.steps().get(45).action(), "no action after the last observation");
        assertEquals(1.0 / 15, r.stepSeconds(), 1e-12);
        assertTrue(GazeMetrics.handErrorCm(coTrained) > 0);
    }

    @Test
    void everyStepRecordsTheChunkItScoredWithAgeZeroAndTheStepLogHoldsThem() throws Exception {
        List<Regime> regimes = List.of(new Regime(Gaze.baseline("random", baseline("random")),
                List.of(Hand.of(Regimes.CO_TRAINED, learned), Hand.holdsPose())));
        DemoEvaluation.Settings s = new DemoEvaluation.Settings(List.of(2), 1, 3, PyramidSpec.defaults(), GYM, 0);
        DemoEvaluation.Result r = DemoEvaluation.run(frames, regimes, s, 2, null);
        assertEquals(2, r.traces().size());
        int lines = 0;
        for (EpisodeTrace t : r.traces()) {
            assertEquals(t.steps().size(), t.predictions().size(), t.hand());
            dev.saccade.gym.demo.Demonstration demo = demos.episodes().get(2);
            int start = t.predictions().get(0).frame();
            for (int i = 0; i < t.steps().size(); i++) {
                dev.saccade.eval.metrics.StepPrediction p = t.predictions().get(i);
                assertEquals(0, p.chunkAge(), "the hand predicts on every step");
                assertEquals(GYM.chunkLength() * 7, p.chunk().length);
                int searchSteps = 5;
                assertEquals(i <= searchSteps ? start : start + 2 * (i - searchSteps), p.frame(), "frame of step " + i);
                // the chunk recorded is the chunk scored
                dev.saccade.gym.reward.HandTarget target = dev.saccade.gym.reward.HandTarget.at(demo.action(), demo.state(), p.frame(),
                        GYM.chunkLength());
                assertEquals(t.steps().get(i).handErrorM(), Scoring.chamferM(target, p.chunk()), 1e-12, "step " + i);
            }
            lines += t.steps().size();
        }
        Path log = dir.resolve(StepLog.FILE);
        StepLog.write(log, r.traces());
        List<String> read;
        try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(new java.util.zip.GZIPInputStream(java.nio.file.Files.newInputStream(log)),
                java.nio.charset.StandardCharsets.UTF_8))) {
            read = in.lines().toList();
        }
        assertEquals(lines, read.size());
        com.fasterxml.jackson.databind.JsonNode first = new com.fasterxml.jackson.databind.ObjectMapper().readTree(read.get(0));
        assertEquals("random", first.get("gaze").asText());
        assertEquals(Regimes.CO_TRAINED, first.get("hand").asText());
        assertEquals(0, first.get("chunk_age").asInt());
        float[] chunk = r.traces().get(0).predictions().get(0).chunk();
        assertEquals(chunk.length, first.get("chunk").size());
        for (int k = 0; k < chunk.length; k++) {
            assertEquals(chunk[k], first.get("chunk").get(k).asDouble(), 0.5e-4 + 1e-7, "kept to 4 decimals");
        }
    }

    @Test
    void visualSearchOracleFindsTheTargetAndRandomRarelyDoes() {
        List<Gaze> gazes = List.of(Gaze.learned("learned", learned, true), Gaze.baseline("random", baseline("random")),
                Gaze.baseline("oracle", baseline("oracle")));
        SearchEvaluation.Settings s = new SearchEvaluation.Settings(List.of(0, 1, 2, 3), 2, 3, VisualSearchGym.Config.DEFAULT.withMaxSteps(40));
        List<SearchMetrics.Episode> eps = SearchEvaluation.run(frames, gazes, s, 2, null);
        assertEquals(3 * 8, eps.size());
        MetricTable t = MetricTable.ofSearches(eps, 8);
        assertEquals(1.0, t.estimate(new MetricTable.Key("oracle", ""), "search_success").mean(), 0);
        assertTrue(t.estimate(new MetricTable.Key("random", ""), "search_success").mean() < 0.5);
        for (int u = 0; u < 8; u++) {
            int unit = u;
            List<SearchMetrics.Episode> same = eps.stream().filter(e -> e.episode() == unit).toList();
            assertEquals(same.get(0).angles()[0], same.get(2).angles()[0], 0, "same first gaze and target in unit " + u);
            assertEquals(41, same.get(0).angles().length);
        }
    }

    private static EpisodeTrace find(DemoEvaluation.Result r, String gaze, String hand, int unit) {
        return r.traces().stream().filter(t -> t.gaze().equals(gaze) && t.hand().equals(hand) && t.unit() == unit).findFirst().orElseThrow();
    }
}
