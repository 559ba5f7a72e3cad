package dev.saccade.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class BenchRenderCommandTest {
    @Test
    void printsNanosecondsPerPixelAndPyramidsPerSecond() {
        CliRun run = CliRun.of("bench", "render", "--size", "8", "--source", "64", "--threads", "2", "--batch", "3",
                "--repeats", "1", "--seconds", "0.05", "--baseline");
        assertEquals(0, run.exitCode(), run.err());
        Matcher m = Pattern.compile("ns_per_pixel=([0-9.]+) pyramids_per_s=([0-9]+)").matcher(run.out());
        assertTrue(m.find(), run.out());
        double ns = Double.parseDouble(m.group(1));
        double perSecond = Double.parseDouble(m.group(2));
        assertTrue(ns > 0);
        // pyramids/s = 1e9 / (ns per pixel · 3·8² pixels), to the rounding of the printed figures.
        assertEquals(1e9 / (ns * 192), perSecond, 0.01 * perSecond + 1);
        assertTrue(run.out().contains("threads=2") && run.out().contains("source=64x32"), run.out());
        assertTrue(run.out().matches("(?s).*speedup=[0-9.]+.*"), run.out());
    }

    @Test
    void benchWithoutASubcommandOrWithBadFlagsIsAUsageError() {
        assertEquals(Main.EXIT_USAGE, CliRun.of("bench").exitCode());
        CliRun odd = CliRun.of("bench", "render", "--source", "63");
        assertEquals(Main.EXIT_USAGE, odd.exitCode());
        assertTrue(odd.err().contains("--source"), odd.err());
        assertEquals(Main.EXIT_USAGE, CliRun.of("bench", "render", "--threads", "0").exitCode());
    }
}
