package dev.saccade.eval.play;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.data.Task;
import dev.saccade.data.video.VideoSettings;
import dev.saccade.eval.Evaluation;
import dev.saccade.eval.results.MetricFiles;
import dev.saccade.eval.results.MetricRow;
import dev.saccade.eval.results.MetricTable;
import dev.saccade.eval.results.TaskTables;
import dev.saccade.gym.demo.ToyDemonstrations;
import dev.saccade.gym.rollout.GazeRegime;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The evaluation of a two-task dataset (made here) split by task: tables, metrics.json rows and the report. */
class TaskSplitTest {
    @TempDir static Path dir;
    static Path dataset;
    static Path run;

    @BeforeAll
    static void setUp() throws Exception {
        // The toy cycles through the five tasks: episodes 0 and 5 are towel-bucket, 1 and 6 eraser-stand.
        dataset = dir.resolve("toy");
        ToyDemonstrations.generate(7, 32, 4).writeDataset(dataset, new VideoSettings(2, 4.0, 1));
        run = TinyRuns.save(dir.resolve("run"), 1);
    }

    private static Evaluation.Outcome evaluate(List<Integer> episodes, Path out) throws Exception {
        List<GazeRegime> gazes = List.of(GazeRegime.LEARNED, GazeRegime.RANDOM, GazeRegime.BEST_FIXED, GazeRegime.ORACLE);
        Evaluation.Request request = new Evaluation.Request(
                new Evaluation.Subject(run, Map.of(GazeRegime.RANDOM, run), null, dataset, episodes),
                new Evaluation.Protocol(2, 3, gazes, false, 1, 1, 128L << 20, true),
                new Evaluation.Output(out, false, null, List.of()));
        return Evaluation.run(request, new PrintWriter(new StringWriter()));
    }

    @Test
    void twoTasksGetATableEachOverTheirOwnEpisodesAndRowsMarkedWithTheirTask() throws Exception {
        Path out = dir.resolve("eval-two");
        Evaluation.Outcome outcome = evaluate(List.of(0, 1, 5, 6), out);

        TaskTables tasks = outcome.tasks();
        assertTrue(tasks.multiTask());
        assertEquals(List.of("towel-bucket", "eraser-stand"), List.copyOf(tasks.byTask().keySet()));
        MetricTable all = outcome.demo();
        int[] episodeOf = all.unitEpisodes();
        for (Map.Entry<String, MetricTable> e : tasks.byTask().entrySet()) {
            MetricTable t = e.getValue();
            assertEquals(4, t.unitCount(), e.getKey() + ": 2 episodes × 2 starts");
            Set<Integer> episodes = java.util.Arrays.stream(t.unitEpisodes()).boxed().collect(Collectors.toSet());
            Set<Integer> expected = e.getKey().equals("towel-bucket") ? Set.of(0, 5) : Set.of(1, 6);
            assertEquals(expected, episodes, e.getKey());
            // Each task's values are the pooled table's values of that task's units, unit for unit, under every regime.
            for (MetricTable.Key k : all.keys()) {
                double[] pooled = all.values(k, "hand_error_cm");
                double[] mine = t.values(k, "hand_error_cm");
                int i = 0;
                for (int u = 0; u < pooled.length; u++) {
                    if (expected.contains(episodeOf[u])) {
                        assertEquals(pooled[u], mine[i++], 0.0, e.getKey() + " " + k + " unit " + u);
                    }
                }
                assertEquals(mine.length, i);
            }
            List<String> lines = TaskTables.comparison(t).stream().map(TaskTables.Line::label).toList();
            assertEquals(List.of("learned eye", "random gaze, its own hand", "best fixed direction", "oracle gaze"), lines);
        }
        // Two tasks' means average to the pooled mean (equal units each).
        MetricTable.Key learned = new MetricTable.Key("learned", Regimes.CO_TRAINED);
        double pooled = all.estimate(learned, "hand_error_cm").mean();
        double split = tasks.byTask().values().stream().mapToDouble(t -> t.estimate(learned, "hand_error_cm").mean()).average().orElseThrow();
        assertEquals(pooled, split, 1e-9 * Math.abs(pooled));

        // metrics.json: the pooled rows as before (what claims and the viewer read), then each task's rows.
        List<MetricRow> everything = MetricFiles.readJsonWithTasks(out.resolve("metrics.json"));
        List<MetricRow> pooledRows = MetricFiles.readJson(out.resolve("metrics.json"));
        assertEquals(all.rows().size(), pooledRows.size());
        assertTrue(pooledRows.stream().allMatch(MetricRow::allTasks));
        assertEquals(Set.of("all", "towel-bucket", "eraser-stand"), everything.stream().map(MetricRow::task).collect(Collectors.toSet()));
        assertTrue(everything.subList(0, pooledRows.size()).stream().allMatch(MetricRow::allTasks), "the pooled rows come first");
        MetricRow towel = everything.stream().filter(r -> r.task().equals("towel-bucket") && r.gaze().equals("learned")
                && r.metric().equals("hand_error_cm")).findFirst().orElseThrow();
        assertEquals(tasks.byTask().get("towel-bucket").estimate(learned, "hand_error_cm").mean(), towel.mean(), 1e-6 * towel.mean());
        assertEquals(4, towel.episodes());
        assertTrue(Files.readAllLines(out.resolve("metrics.csv")).get(0).endsWith(",episodes,task"));
        assertTrue(Files.readString(out.resolve("metrics.csv")).contains(",eraser-stand\n"));

        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("<h2>Per task</h2>"), "the report's per-task section");
        assertTrue(html.contains("<h3>towel-bucket (4 units)") && html.contains("<h3>eraser-stand (4 units)"), "one table per task");
        String printed = tasks.markdown();
        assertTrue(printed.contains("towel-bucket (4 units)") && printed.contains("| random gaze, its own hand | own |"), printed);
    }

    @Test
    void oneTaskKeepsTheReportAndRowsAsTheyWere() throws Exception {
        Path out = dir.resolve("eval-one");
        Evaluation.Outcome outcome = evaluate(List.of(0, 5), out);
        assertFalse(outcome.tasks().multiTask());
        assertEquals(Set.of(Task.TOWEL_BUCKET.id()), outcome.tasks().byTask().keySet());
        List<MetricRow> rows = MetricFiles.readJsonWithTasks(out.resolve("metrics.json"));
        assertTrue(rows.stream().allMatch(MetricRow::allTasks), "no per-task rows for one task");
        assertFalse(Files.readString(out.resolve("report.html")).contains("Per task"));
    }
}
