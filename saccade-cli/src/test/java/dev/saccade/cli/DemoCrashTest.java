package dev.saccade.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.core.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code saccade demo} killed with SIGKILL at random moments, then continued as the README says (the
 * same command again), ends with the same dataset bytes, the same tensors and training metrics in
 * both runs, and the same evaluation as an uninterrupted demo. The demo is sized by env steps
 * ({@code --steps}) on one thread, so that an uninterrupted run is a fixed reference. The CLI runs
 * as a real child JVM, so the kill is a real one.
 *
 * <p>The kill moments come from a random seed, printed with the result. To replay a run, give
 * {@code -Dsaccade.crash.seed=SEED} (the same fractions of this machine's uninterrupted run) or
 * {@code -Dsaccade.crash.killsMs=9500,7200} (kill moments in ms after each launch).
 *
 * <p>It needs training to be reproducible bit for bit however loaded the machine is. Until session 10
 * it was not, and this test stayed outside the default suite: 4 of 38 runs differed from the reference
 * at an iteration computed before any kill. The cause was DJL's scalar overloads, whose constants a
 * garbage collection freed under the backward pass ({@code dev.saccade.learn.nn.Scalar});
 * docs/LEARNING.md, "Checkpoints, resume, export", has the record.
 */
class DemoCrashTest {
    @TempDir
    Path dir;

    private String[] demo(Path out) throws IOException {
        Path config = dir.resolve("tiny.json");
        Files.writeString(config, "{\"run\": {\"envs\": 1, \"checkpointEvery\": 1}, \"ppo\": {\"epochs\": 1, \"minibatches\": 1},"
                + " \"bc\": {\"epochs\": 0.5}}");
        return new String[] {"demo", "--out", out.toString(), "--episodes", "4", "--held-out", "1", "--width", "128", "--seed", "3",
            "--threads", "1", "--steps", "390", "--pretrain-steps", "20", "--config", config.toString()};
    }

    /** What a launch left: the stages done and each run's latest checkpoint, so a failure says where its kills landed. */
    private static String where(Path demo) throws IOException {
        Path stages = demo.resolve("stages.json");
        List<String> done = new java.util.ArrayList<>();
        if (Files.isRegularFile(stages)) {
            new com.fasterxml.jackson.databind.ObjectMapper().readTree(stages.toFile()).path("stages").fieldNames().forEachRemaining(done::add);
        }
        StringBuilder b = new StringBuilder("stages done " + done);
        for (String run : List.of("learned", "hand-random")) {
            Path latest = demo.resolve("runs").resolve(run).resolve("checkpoints/latest");
            b.append(", ").append(run).append(" at ").append(Files.isRegularFile(latest) ? Files.readString(latest).trim() : "-");
        }
        return b.toString();
    }

    @Test
    void killedDemoContinuesToTheSameResults() throws Exception {
        Path reference = dir.resolve("reference");
        long started = System.nanoTime();
        BadInput.Child whole = BadInput.run(dir.resolve("logs-reference"), 8, demo(reference));
        long wholeMs = (System.nanoTime() - started) / 1_000_000; // only to spread the kills over a run, never asserted
        assertEquals(0, whole.exitCode(), whole.err());

        Path crashed = dir.resolve("crashed");
        long seed = CrashMoments.seed();
        Random random = new Random(seed);
        List<Long> given = CrashMoments.givenMs();
        StringBuilder log = new StringBuilder(given.isEmpty() ? "kill moments from seed " + seed : "kill moments given " + given);
        int kills = 0, killLaunches = 0, restarts = 0;
        boolean finished = false;
        for (int attempt = 0; attempt < 10 && !finished; attempt++) {
            Process p = BadInput.start(dir.resolve("logs-" + attempt), demo(crashed));
            // Three kills spread over a whole demo's length (each launch repeats the JVM's start-up and whatever the
            // stage in progress had not saved, so later kills still land inside the run), then it runs whole.
            String when = "whole";
            if (given.isEmpty() ? killLaunches < 3 : killLaunches < given.size()) {
                long drawn = (long) (wholeMs * (0.1 + 0.7 * random.nextDouble()));
                long moment = given.isEmpty() ? drawn : given.get(killLaunches);
                killLaunches++;
                when = moment + " ms";
                if (!p.waitFor(moment, TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly(); // SIGKILL: no shutdown hooks, no finally blocks
                    kills++;
                }
            }
            if (!p.waitFor(8, TimeUnit.MINUTES)) {
                p.destroyForcibly().waitFor();
            }
            log.append("\nattempt ").append(attempt).append(": ").append(when).append(", exit ").append(p.exitValue())
                    .append(", left ").append(where(crashed));
            finished = p.exitValue() == 0;
            if (finished && kills == 0 && given.isEmpty() && restarts < 2) {
                // It ran faster than the reference and finished before the first kill: nothing was tested. Start the
                // crashed demo over (a fresh directory) with the moments drawn from half the time.
                wholeMs = Math.max(1000, wholeMs / 2);
                restarts++;
                killLaunches = 0;
                AtomicFiles.deleteRecursively(crashed);
                log.append(" (finished before its kill: started over, moments halved)");
                finished = false;
            }
        }
        System.out.println("DemoCrashTest: " + log.toString().replace("\n", "; ") + " (" + kills + " kills)"); // to reproduce a failure
        assertTrue(finished, log.toString());
        assertTrue(kills >= 1, "at least one kill landed inside a run: " + log);

        assertEquals(BadInput.snapshot(reference.resolve("dataset")), BadInput.snapshot(crashed.resolve("dataset")), "dataset; " + log);
        for (String run : List.of("learned", "hand-random")) {
            Path a = reference.resolve("runs").resolve(run);
            Path b = crashed.resolve("runs").resolve(run);
            // The metrics first: a difference there names the first iteration that went another way.
            assertEquals(RunFiles.withoutTimings(a.resolve("metrics.csv")), RunFiles.withoutTimings(b.resolve("metrics.csv")), run + "; " + log);
            String last = Files.readString(a.resolve("checkpoints/latest")).trim();
            assertEquals(last, Files.readString(b.resolve("checkpoints/latest")).trim(), run + "; " + log);
            for (String tensors : List.of("model.safetensors", "optimizer.safetensors", "encoder.safetensors")) {
                assertEquals(RunFiles.tensorData(a.resolve("checkpoints").resolve(last).resolve(tensors)),
                        RunFiles.tensorData(b.resolve("checkpoints").resolve(last).resolve(tensors)), run + "/" + tensors + "; " + log);
            }
        }
        for (String results : List.of("metrics.json", "episodes.csv")) {
            assertEquals(Files.readString(reference.resolve("eval").resolve(results)), Files.readString(crashed.resolve("eval").resolve(results)),
                    "eval/" + results + "; " + log);
        }
    }
}
