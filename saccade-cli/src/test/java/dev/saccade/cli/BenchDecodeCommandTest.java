package dev.saccade.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class BenchDecodeCommandTest {
    private static final Pattern ROW = Pattern.compile("^\\| (.+?) \\| ([\\d.]+) \\| ([\\d., ]+) \\| (.*) \\|$");

    @Test
    void reportsEveryMeasurementAndOneDecodePerFrameWhenSteppingByTwo() {
        String[] r = RolloutCommandTest.run("bench", "decode", "--height", "16", "--episodes", "2", "--frames", "7",
                "--random", "10", "--repeats", "1");
        assertEquals("0", r[0], r[2]);
        List<Matcher> rows = r[1].lines().map(ROW::matcher).filter(Matcher::matches).toList();
        assertEquals(17, rows.size(), r[1]);
        for (Matcher m : rows) {
            // ≥ 0, not > 0: on 32×16 frames a copy can take under the 0.0005 ms the table resolves
            assertTrue(Double.parseDouble(m.group(2)) >= 0, m.group(0));
        }
        assertTrue(rows.stream().anyMatch(m -> m.group(1).startsWith("decode in order, 1 thread") && m.group(4).equals("1.00× (baseline)")), r[1]);
        assertTrue(rows.stream().anyMatch(m -> m.group(1).startsWith("random access p50") && m.group(4).endsWith("one frame decoded in order, 1 thread")), r[1]);
        // both episodes start with a keyframe and have one every 2 frames: frames 0, 2, 4, 6 decode once each
        // (before: frame 0 once, then frames 1 and 2, 3 and 4, 5 and 6: 7 decodes for 4 frames)
        assertTrue(r[1].contains("every other frame: 1.750 decoding through, 1.000 seeking to keyframes, 1.000 through a FrameSource"), r[1]);
    }

    @Test
    void anOddHeightIsAUsageErrorAndTheOldNameIsGone() {
        String[] odd = RolloutCommandTest.run("bench", "decode", "--height", "17");
        assertEquals("2", odd[0]);
        assertTrue(odd[2].contains("--height"), odd[2]);
        assertEquals("2", RolloutCommandTest.run("bench-decode")[0]);
    }
}
