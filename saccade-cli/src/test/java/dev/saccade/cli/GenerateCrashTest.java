package dev.saccade.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code saccade generate} killed with SIGKILL at random moments, then continued with the documented
 * {@code --resume}, ends with a dataset byte-identical to an uninterrupted run's, and nothing else
 * left beside it. The CLI runs as a real child JVM, so the kill is a real one.
 */
class GenerateCrashTest {
    @TempDir
    Path dir;

    private static String[] generate(Path out, boolean resume) {
        List<String> args = new ArrayList<>(List.of("generate", "--task", "all", "--episodes", "2", "--width", "64", "--seed", "7",
                "--threads", "2", "--out", out.toString()));
        if (resume) {
            args.add("--resume");
        }
        return args.toArray(String[]::new);
    }

    @Test
    void killedGenerationResumesToTheSameBytes() throws Exception {
        Path reference = dir.resolve("reference").resolve("ds");
        Files.createDirectories(reference.getParent());
        long started = System.nanoTime();
        BadInput.Child whole = BadInput.run(dir.resolve("logs-reference"), 3, generate(reference, false));
        long wholeMs = (System.nanoTime() - started) / 1_000_000; // only to spread the kills over a run, never asserted
        assertEquals(0, whole.exitCode(), whole.err());

        Path crashed = dir.resolve("crashed").resolve("ds");
        Files.createDirectories(crashed.getParent());
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        String log = "kill moments from seed " + seed;
        int kills = 0;
        for (int attempt = 0; attempt < 3; attempt++) {
            Process p = BadInput.start(dir.resolve("logs-" + attempt), generate(crashed, attempt > 0));
            // Anywhere in a run, from JVM start-up to assembling the dataset, however fast this machine is; the first
            // kill comes in the first half of a run, so at least one lands before the end.
            long moment = (long) (wholeMs * (0.1 + (attempt == 0 ? 0.4 : 0.8) * random.nextDouble()));
            if (!p.waitFor(moment, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly(); // SIGKILL: no shutdown hooks, no finally blocks
                kills++;
            }
            p.waitFor(1, TimeUnit.MINUTES);
            log += "\nattempt " + attempt + ": " + moment + " ms, exit " + p.exitValue();
            if (p.exitValue() == 0) {
                break; // it finished before its kill
            }
        }
        System.out.println("GenerateCrashTest: " + log.replace("\n", "; ")); // to reproduce a failure
        BadInput.Child resumed = BadInput.run(dir.resolve("logs-final"), 3, generate(crashed, true));
        // A kill after the dataset was complete leaves it whole; the resumed run then finds it there.
        boolean alreadyDone = resumed.exitCode() != 0 && resumed.err().contains("already exists");
        assertEquals(true, resumed.exitCode() == 0 || alreadyDone, log + "\n" + resumed.err());
        assertEquals(BadInput.snapshot(reference), BadInput.snapshot(crashed), log + " (" + kills + " kills)");
        try (Stream<Path> beside = Files.list(crashed.getParent())) {
            assertEquals(List.of("ds"), beside.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no staging area or lock left beside the dataset; " + log);
        }
    }
}
