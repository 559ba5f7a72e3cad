package dev.saccade.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {
    @TempDir
    Path dir;

    @Test
    void trainsStopsAtTheBudgetAndResumesToTheEnd() throws IOException {
        Path config = dir.resolve("config.json");
        Files.writeString(config, "{\"run\": {\"envs\": 2, \"checkpointEvery\": 0}, \"ppo\": {\"epochs\": 1, \"minibatches\": 1}}");
        Path run = dir.resolve("run");
        CliRun first = CliRun.of("train", "--toy", "2", "--config", config.toString(), "--steps", "520", "--budget", "1s",
                "--pretrain-steps", "4", "--eye-window", "3", "--out", run.toString());
        assertEquals(0, first.exitCode(), first.err());
        assertTrue(first.out().contains("encoder: pretrained 4 steps"), first.out());
        assertTrue(first.out().contains("stopped at the budget"), first.out());
        assertEquals(2, Files.readAllLines(run.resolve("metrics.csv")).size(), "header and one iteration");

        CliRun second = CliRun.of("train", "--toy", "2", "--resume", "--out", run.toString());
        assertEquals(0, second.exitCode(), second.err());
        assertTrue(second.out().contains("resuming") && second.out().contains("finished"), second.out());
        List<String> metrics = Files.readAllLines(run.resolve("metrics.csv"));
        assertEquals(3, metrics.size(), String.join("\n", metrics));
        assertTrue(metrics.get(0).startsWith("iteration,env_steps,seconds,stage,reward,hand_error_m,fovea_hits,bc_loss"), metrics.get(0));
        assertTrue(metrics.get(2).startsWith("2,520,"), metrics.get(2));
        assertTrue(Files.isRegularFile(run.resolve("checkpoints/00000002/model.safetensors")));
        assertTrue(Files.readString(run.resolve("checkpoints/00000002/state.json")).replace(" ", "").contains("\"window\":3"),
                "--eye-window is the run's, kept through the resume");

        Path json = dir.resolve("eval.json");
        CliRun eval = CliRun.of("train-eval", "--toy", "2", "--run", run.toString(), "--starts", "1",
                "--gazes", "learned,random,oracle", "--out", json.toString());
        assertEquals(0, eval.exitCode(), eval.err());
        List<String> rows = eval.out().lines().filter(l -> l.startsWith("| learned") || l.startsWith("| random")
                || l.startsWith("| oracle")).toList();
        assertEquals(3, rows.size(), eval.out());
        assertTrue(rows.get(1).endsWith("| 1.00 |"), "random is the yardstick: " + rows.get(1));
        assertTrue(Files.readString(json).contains("fovea_hits_advancing"));
    }

    @Test
    void mistakesAreOneLineErrors() throws IOException {
        CliRun noSource = CliRun.of("train", "--out", dir.resolve("a").toString());
        assertEquals(2, noSource.exitCode());
        CliRun badBudget = CliRun.of("train", "--toy", "1", "--budget", "5 parsecs", "--out", dir.resolve("b").toString());
        assertEquals(2, badBudget.exitCode());
        assertTrue(badBudget.err().contains("--budget"), badBudget.err());
        CliRun missing = CliRun.of("train", "--dataset", dir.resolve("nowhere").toString(), "--out", dir.resolve("c").toString());
        assertEquals(1, missing.exitCode());
        assertTrue(missing.err().startsWith("saccade: ") && missing.err().strip().lines().count() == 1, missing.err());
        Path config = dir.resolve("bad.json");
        Files.writeString(config, "{\"epochz\": 3}");
        CliRun badConfig = CliRun.of("train", "--toy", "1", "--config", config.toString(), "--out", dir.resolve("d").toString());
        assertEquals(1, badConfig.exitCode());
        assertTrue(badConfig.err().contains("epochz"), badConfig.err());
        assertFalse(badConfig.out().contains("frames"), "a bad config fails before any frame is loaded: " + badConfig.out());
        CliRun noEncoder = CliRun.of("train", "--toy", "1", "--encoder", dir.resolve("none.safetensors").toString(),
                "--out", dir.resolve("f").toString());
        assertEquals(1, noEncoder.exitCode());
        assertTrue(noEncoder.err().contains("none.safetensors") && !noEncoder.out().contains("frames"), noEncoder.err() + noEncoder.out());
        CliRun noEye = CliRun.of("train", "--toy", "1", "--eye-from", dir.resolve("no-run").toString(), "--out", dir.resolve("g").toString());
        assertEquals(1, noEye.exitCode());
        assertTrue(noEye.err().contains("no-run") && noEye.err().contains("--eye-from"), noEye.err());
        for (String run : List.of("d", "f", "g")) {
            assertFalse(Files.exists(dir.resolve(run)), "nothing written for a run that could not start: " + run);
        }
        CliRun noWindow = CliRun.of("train", "--toy", "1", "--eye-window", "0", "--out", dir.resolve("h").toString());
        assertEquals(2, noWindow.exitCode());
        assertTrue(noWindow.err().contains("--eye-window"), noWindow.err());
        CliRun nothingToResume = CliRun.of("train", "--toy", "1", "--resume", "--out", dir.resolve("e").toString());
        assertEquals(1, nothingToResume.exitCode());
    }
}
