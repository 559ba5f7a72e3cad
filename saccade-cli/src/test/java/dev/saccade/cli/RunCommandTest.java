package dev.saccade.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.data.lerobot.DatasetCheck;
import dev.saccade.eval.results.MetricFiles;
import dev.saccade.eval.results.MetricRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {
    @Test
    void theExpertsRunIsRecordedAsACheckedDatasetAndScored(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        CliRun r = CliRun.of("run", "--robot", "sim:estop-press", "--gaze", "expert", "--episodes", "2", "--width", "64", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(List.of(), DatasetCheck.check(out.resolve("dataset"), false));
        List<MetricRow> rows = MetricFiles.readJson(out.resolve("metrics.json"));
        MetricRow rate = rows.stream().filter(m -> m.metric().equals("success_rate/estop-press")).findFirst().orElseThrow();
        assertEquals(1.0, rate.mean(), 0);
        assertEquals(2, rate.episodes());
        assertEquals(3, Files.readAllLines(out.resolve("episodes.csv")).size(), "a header and one line per episode");
        assertTrue(r.err().contains("successes"), "the status line reports successes");
        String report = Files.readString(out.resolve("report.html"));
        assertTrue(report.contains("Closed loop: does it do the task?") && report.contains("<td>2 / 2</td>"), report);
        assertTrue(Files.readAllLines(out.resolve("episodes.csv")).get(0).endsWith("first_close_miss_cm,close_commands"));
    }

    @Test
    void theDemoPlaysTheClosedLoopOnlyWhenAskedOrWhenTheBudgetLeavesTime() {
        assertEquals(0, ClosedLoopStage.episodes(null, 25), "the default demo's last seconds");
        assertEquals(0, ClosedLoopStage.episodes(null, Double.NaN), "--steps: no budget to spend");
        assertEquals(ClosedLoopStage.MIN_EPISODES, ClosedLoopStage.episodes(null, ClosedLoopStage.MIN_EPISODES * ClosedLoopStage.SECONDS_PER_SCENE));
        assertEquals(ClosedLoopStage.MAX_EPISODES, ClosedLoopStage.episodes(null, 1e6));
        assertEquals(5, ClosedLoopStage.episodes(5, 0), "asked for: played whatever the budget");
        assertEquals(0, ClosedLoopStage.episodes(0, 1e6));
    }

    @Test
    void badRobotsAndAggregationsAreUsageErrorsThatWriteNothing(@TempDir Path dir) {
        Path out = dir.resolve("run");
        CliRun real = CliRun.of("run", "--robot", "ur5e:192.168.1.2", "--gaze", "expert", "--out", out.toString());
        assertEquals(Main.EXIT_USAGE, real.exitCode());
        assertTrue(real.err().contains("--robot"), real.err());
        CliRun agg = CliRun.of("run", "--robot", "sim:towel-bucket", "--gaze", "expert", "--aggregate", "median", "--out", out.toString());
        assertEquals(Main.EXIT_USAGE, agg.exitCode());
        assertTrue(agg.err().contains("--aggregate"), agg.err());
        CliRun threshold = CliRun.of("run", "--robot", "sim:towel-bucket", "--gaze", "expert", "--gripper-threshold", "1", "--out", out.toString());
        assertEquals(Main.EXIT_USAGE, threshold.exitCode());
        assertTrue(threshold.err().contains("--gripper-threshold"), threshold.err());
        CliRun noRun = CliRun.of("run", "--robot", "sim:towel-bucket", "--out", out.toString());
        assertEquals(Main.EXIT_USAGE, noRun.exitCode());
        assertFalse(Files.exists(out));
    }
}
