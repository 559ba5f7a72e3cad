package dev.saccade.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.eval.results.MetricFiles;
import dev.saccade.eval.results.MetricRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClaimsCommandTest {
    @TempDir
    Path dir;

    @Test
    void judgesAnEvaluationAndRejectsWhatIsNotOne() throws IOException {
        Path eval = dir.resolve("eval");
        Files.createDirectories(eval);
        MetricFiles.writeJson(eval.resolve("metrics.json"), List.of(
                new MetricRow("learned", "co-trained", "hand_error_cm", "cm", 5, 4, 6, 10),
                new MetricRow("random", "own", "hand_error_cm", "cm", 12, 11, 13, 10)));
        Path table = dir.resolve("claims.md");
        CliRun ok = CliRun.of("claims", "--eval", eval.toString(), "--out", table.toString());
        assertEquals(0, ok.exitCode(), ok.err());
        assertTrue(ok.out().contains("| H1 |") && ok.out().contains("| holds |"), ok.out());
        assertEquals(ok.out(), Files.readString(table));

        Path absent = dir.resolve("absent.md");
        CliRun missing = CliRun.of("claims", "--eval", dir.resolve("nowhere").toString(), "--out", absent.toString());
        assertEquals(1, missing.exitCode());
        assertTrue(missing.err().contains("metrics.json") && missing.err().strip().lines().count() == 1, missing.err());
        assertFalse(Files.exists(absent), "nothing written on bad input");

        CliRun badName = CliRun.of("claims", "--eval", eval.toString(), "--ablation", "colour=" + eval);
        assertEquals(2, badName.exitCode());
        assertTrue(badName.err().contains("--ablation"), badName.err());
    }

    @Test
    void imitationFlagsAreCheckedBeforeAnyWork() {
        CliRun negative = CliRun.of("train", "--toy", "1", "--imitation", "-1", "--out", dir.resolve("a").toString());
        assertEquals(2, negative.exitCode());
        assertTrue(negative.err().contains("--imitation"), negative.err());
        CliRun baseline = CliRun.of("train", "--toy", "1", "--gaze", "random", "--imitation", "1", "--out", dir.resolve("b").toString());
        assertEquals(2, baseline.exitCode());
        assertTrue(baseline.err().contains("--imitation"), baseline.err());
        assertFalse(Files.exists(dir.resolve("a")) || Files.exists(dir.resolve("b")), "no run directory for a usage error");
    }
}
