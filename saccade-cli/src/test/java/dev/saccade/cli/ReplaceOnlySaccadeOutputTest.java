package dev.saccade.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 16, item 2: flags that replace an output directory replace only what Saccade wrote. */
class ReplaceOnlySaccadeOutputTest {
    @TempDir
    Path dir;

    private Path usersDirectory() throws IOException {
        Path mine = Files.createDirectories(dir.resolve("mine"));
        Files.writeString(mine.resolve("thesis.txt"), "four years of work");
        return mine;
    }

    @Test
    void generateOverwriteRefusesADirectoryThatIsNotADataset() throws IOException {
        Path mine = usersDirectory();
        String before = BadInput.snapshot(dir);
        CliRun r = CliRun.of("generate", "--task", "wood-square", "--episodes", "1", "--width", "32", "--out", mine.toString(),
                "--overwrite");
        assertEquals(Main.EXIT_DATA, r.exitCode(), r.err());
        assertTrue(r.err().startsWith("saccade: " + mine.toAbsolutePath() + ": holds files Saccade did not write (thesis.txt)"), r.err());
        assertEquals(before, BadInput.snapshot(dir), "nothing created or changed");
    }

    @Test
    void generateOverwriteStillReplacesADataset() throws IOException {
        Path data = dir.resolve("data");
        assertEquals(0, CliRun.of("generate", "--task", "wood-square", "--episodes", "1", "--width", "32", "--out", data.toString())
                .exitCode());
        CliRun again = CliRun.of("generate", "--task", "wood-square", "--episodes", "1", "--width", "32", "--seed", "3",
                "--out", data.toString(), "--overwrite");
        assertEquals(0, again.exitCode(), again.err());
    }

    @Test
    void demoFreshRefusesADirectoryThatIsNotADemo() throws IOException {
        Path mine = usersDirectory();
        String before = BadInput.snapshot(dir);
        // A tiny, invalid width: were the directory wiped (the old behaviour), the demo would stop right after.
        CliRun r = CliRun.of("demo", "--out", mine.toString(), "--fresh", "--episodes", "4", "--held-out", "1", "--width", "30");
        assertEquals(Main.EXIT_DATA, r.exitCode(), r.err());
        assertTrue(r.err().contains(mine + ": holds files Saccade did not write (thesis.txt)"), r.err());
        assertTrue(r.err().contains("--fresh will not replace it"), r.err());
        assertEquals(before, BadInput.snapshot(dir), "nothing created or changed");
    }
}
