package dev.saccade.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class BenchGymCommandTest {
    private static final Pattern ROW = Pattern.compile(
            "^(.+?) +(\\d+) +([\\d.]+)% +([\\d.]+)% +(-?[\\d.]+)% +([\\d.]+) +([\\d.]+) +([\\d.]+)$");

    @Test
    void reportsFourConfigurationsWithSharesThatAddUp() {
        String[] r = RolloutCommandTest.run("bench", "gym", "--toy-height", "16", "--toy-episodes", "1", "--steps", "40",
                "--repeats", "1", "--envs", "2", "--size", "8");
        assertEquals("0", r[0], r[2]);
        List<String> rows = r[1].lines().filter(l -> ROW.matcher(l).matches()).toList();
        assertEquals(4, rows.size(), r[1]);
        assertTrue(rows.get(0).contains("baseline") && rows.get(0).trim().endsWith("1.00"), rows.get(0));
        for (String row : rows) {
            Matcher m = ROW.matcher(row);
            assertTrue(m.matches());
            assertTrue(Double.parseDouble(m.group(2)) > 0, row);
            double sum = Double.parseDouble(m.group(3)) + Double.parseDouble(m.group(4)) + Double.parseDouble(m.group(5));
            assertEquals(100, sum, 0.3, row);
        }
    }

    @Test
    void anOddToyHeightIsAUsageError() {
        String[] r = RolloutCommandTest.run("bench", "gym", "--toy-height", "17");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("--toy-height"), r[2]);
    }
}
