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
    void theRunKeepsItsLastLiveSnapshotMarkedFinishedAndWithoutLiveSnapshotsWritesNone(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        CliRun r = CliRun.of("run", "--robot", "sim:estop-press", "--gaze", "expert", "--episodes", "1", "--width", "64",
                "--max-seconds", "1", "--no-record", "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        com.fasterxml.jackson.databind.JsonNode live = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                out.resolve("live").resolve("run.json").toFile());
        assertEquals("finished", live.get("state").asText());
        assertEquals("estop-press", live.get("task").asText());
        assertEquals(1000, live.get("seed").asLong());
        com.fasterxml.jackson.databind.JsonNode result = live.get("results").get(0);
        assertEquals("expert", result.get("regime").asText());
        assertEquals(1, result.get("done").asInt());
        boolean success = Files.readAllLines(out.resolve("episodes.csv")).get(1).split(",")[3].equals("true");
        assertEquals(success ? 1 : 0, result.get("successes").asInt(), "the successes of episodes.csv");
        assertTrue(live.get("frame").asInt() >= 0, "a frame was watched");
        assertEquals(List.of(), Files.list(dir).map(p -> p.getFileName().toString()).filter(n -> !n.equals("run")).toList(),
                "nothing left beside the output");

        Path quiet = dir.resolve("quiet");
        CliRun none = CliRun.of("run", "--robot", "sim:estop-press", "--gaze", "expert", "--episodes", "1", "--width", "64",
                "--max-seconds", "0.2", "--no-record", "--live-hz", "0", "--out", quiet.toString());
        assertEquals(0, none.exitCode(), none.err());
        assertFalse(Files.exists(quiet.resolve("live")));
        CliRun bad = CliRun.of("run", "--robot", "sim:estop-press", "--gaze", "expert", "--live-hz", "-1", "--out", dir.resolve("bad").toString());
        assertEquals(Main.EXIT_USAGE, bad.exitCode());
        assertTrue(bad.err().contains("--live-hz"), bad.err());
        assertFalse(Files.exists(dir.resolve("bad")));
        for (String rate : java.util.List.of("31", "NaN")) { // above the camera's rate, not a number
            CliRun wrong = CliRun.of("run", "--robot", "sim:estop-press", "--gaze", "expert", "--live-hz", rate, "--out", dir.resolve("bad").toString());
            assertEquals(Main.EXIT_USAGE, wrong.exitCode(), rate);
            assertTrue(wrong.err().contains("--live-hz must be"), wrong.err());
            assertFalse(Files.exists(dir.resolve("bad")));
        }
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
