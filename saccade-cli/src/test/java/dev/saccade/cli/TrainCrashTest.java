package dev.saccade.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code saccade train} killed with SIGKILL at random moments, then continued as documented
 * ({@code --resume --out RUN} once a checkpoint exists, the same command again before that), ends
 * with the same tensors and the same metrics (all but the timing columns) as an uninterrupted run.
 * The CLI runs as a real child JVM, so the kill is a real one.
 */
class TrainCrashTest {
    @TempDir
    Path dir;

    private String[] train(Path out, boolean resume) throws IOException {
        if (resume) {
            // As docs/LEARNING.md gives it: the run remembers its data and its thread counts (PyTorch's sums depend on them).
            return new String[] {"train", "--resume", "--out", out.toString()};
        }
        Path config = dir.resolve("config.json");
        Files.writeString(config, "{\"run\": {\"envs\": 1, \"checkpointEvery\": 1}, \"ppo\": {\"epochs\": 1, \"minibatches\": 1},"
                + " \"bc\": {\"epochs\": 0.5}}");
        return new String[] {"train", "--toy", "1", "--config", config.toString(), "--steps", "520", "--seed", "5",
            "--pretrain-steps", "0", "--threads", "1", "--rollout-threads", "1", "--update-threads", "1", "--out", out.toString()};
    }

    @Test
    void killedTrainingResumesToTheSameTensorsAndMetrics() throws Exception {
        Path reference = dir.resolve("reference");
        long started = System.nanoTime();
        BadInput.Child whole = BadInput.run(dir.resolve("logs-reference"), 5, train(reference, false));
        long wholeMs = (System.nanoTime() - started) / 1_000_000; // only to spread the kills over a run, never asserted
        assertEquals(0, whole.exitCode(), whole.err());

        Path crashed = dir.resolve("crashed");
        long seed = CrashMoments.seed(); // -Dsaccade.crash.seed=SEED replays a run's kill moments
        Random random = new Random(seed);
        StringBuilder log = new StringBuilder("kill moments from seed " + seed);
        int kills = 0;
        int killsAfterACheckpoint = 0;
        boolean finished = false;
        for (int attempt = 0; attempt < 6 && !finished; attempt++) {
            boolean resume = Pipeline.hasCheckpoint(crashed);
            String before = latest(crashed);
            Process p = BadInput.start(dir.resolve("logs-" + attempt), train(crashed, resume));
            // The first kill anywhere in the first half of a run (usually before any checkpoint: an interrupted start);
            // the next two a random moment after the run's next checkpoint appears (within a second or so of
            // training); the last attempts run whole.
            String when;
            if (attempt == 0) {
                long moment = (long) (wholeMs * (0.1 + 0.4 * random.nextDouble()));
                when = moment + " ms";
                if (!p.waitFor(moment, TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly(); // SIGKILL: no shutdown hooks, no finally blocks
                    kills++;
                }
            } else if (attempt < 3) {
                long extra = random.nextInt(1500);
                when = "next checkpoint + " + extra + " ms";
                while (p.isAlive() && java.util.Objects.equals(latest(crashed), before)) {
                    Thread.sleep(20);
                }
                if (!p.waitFor(extra, TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    kills++;
                    killsAfterACheckpoint++;
                }
            } else {
                when = "whole";
            }
            p.waitFor(5, TimeUnit.MINUTES);
            log.append("\nattempt ").append(attempt).append(resume ? " (--resume)" : " (fresh)").append(": ").append(when)
                    .append(", exit ").append(p.exitValue());
            finished = p.exitValue() == 0 && finishedRun(crashed);
        }
        System.out.println("TrainCrashTest: " + log.toString().replace("\n", "; ")); // to reproduce a failure
        assertTrue(finished, log.toString());
        assertTrue(killsAfterACheckpoint >= 1, "at least one kill landed after a checkpoint, so --resume ran: " + log);
        Path last = dir.resolve("reference/checkpoints/00000004");
        Path lastCrashed = dir.resolve("crashed/checkpoints/00000004");
        for (String tensors : List.of("model.safetensors", "optimizer.safetensors", "encoder.safetensors")) {
            assertEquals(RunFiles.tensorData(last.resolve(tensors)), RunFiles.tensorData(lastCrashed.resolve(tensors)), tensors + "; " + log);
        }
        assertEquals(RunFiles.withoutTimings(reference.resolve("metrics.csv")), RunFiles.withoutTimings(crashed.resolve("metrics.csv")), log.toString());
    }

    /** The run's latest checkpoint's name, or null. */
    private static String latest(Path run) {
        try {
            Path f = run.resolve("checkpoints").resolve("latest");
            return Files.isRegularFile(f) ? Files.readString(f).trim() : null;
        } catch (IOException e) {
            return null; // being replaced at this moment: look again
        }
    }

    private static boolean finishedRun(Path run) {
        return Files.isDirectory(run.resolve("checkpoints").resolve("00000004"));
    }
}
