package dev.saccade.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, item 1: the identical command continues a demo. The demo here stops at its first stage
 * (a frame width the generator refuses), so the test shows, in seconds, that a second launch gets
 * past the stored settings to that stage again instead of refusing its own directory.
 */
class DemoContinueTest {
    @Test
    void theIdenticalCommandContinuesTheDemo(@TempDir Path dir) {
        Path out = dir.resolve("demo");
        String[] demo = {"demo", "--out", out.toString(), "--episodes", "4", "--held-out", "1", "--width", "30", "--seed", "1"};
        CliRun first = CliRun.of(demo);
        assertEquals(Main.EXIT_DATA, first.exitCode(), first.err());
        assertTrue(first.err().contains("dataset failed"), first.err());
        assertTrue(Files.isRegularFile(out.resolve("stages.json")), "the demo recorded its settings");

        CliRun again = CliRun.of(demo);
        assertFalse(again.err().contains("other settings"), again.err());
        assertTrue(again.err().contains("dataset failed"), "it reached its first stage again:\n" + again.err());
    }
}
