package dev.saccade.eval.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.saccade.core.InputException;
import dev.saccade.eval.metrics.SearchMetrics;
import dev.saccade.eval.stats.Estimate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricFilesTest {
    @TempDir Path dir;

    private static MetricTable table() {
        // three units; "oracle" fails once, so its success interval is wide; "fixed" misses unit 2
        double d = Math.toRadians(1);
        return MetricTable.ofSearches(List.of(
                new SearchMetrics.Episode("oracle", 0, 0.1, new double[] {30 * d, 5 * d, 5 * d, 5 * d}, new double[] {1, 1, 1}),
                new SearchMetrics.Episode("oracle", 1, 0.1, new double[] {30 * d, 5 * d, 5 * d, 5 * d}, new double[] {1, 1, 1}),
                new SearchMetrics.Episode("oracle", 2, 0.1, new double[] {30 * d, 20 * d, 5 * d, 5 * d}, new double[] {1, 1, 1}),
                new SearchMetrics.Episode("fixed", 0, 0.1, new double[] {30 * d, 30 * d}, new double[] {0.4}),
                new SearchMetrics.Episode("fixed", 1, 0.1, new double[] {5 * d, 5 * d, 5 * d}, new double[] {0.9, 0.9})), 3);
    }

    @Test
    void rowsCarryMeansIntervalsAndEpisodeCounts() {
        MetricTable t = table();
        MetricTable.Key oracle = new MetricTable.Key("oracle", "");
        Estimate success = t.estimate(oracle, "search_success");
        assertEquals(2.0 / 3, success.mean(), 1e-12);
        assertEquals(3, success.n());
        assertEquals(Estimate.of(new double[] {1, 1, 0}).low(), success.low(), 1e-12);
        MetricTable.Key fixed = new MetricTable.Key("fixed", "");
        assertEquals(2, t.estimate(fixed, "search_success").n(), "unit 2 was not played");
        assertEquals(1, t.estimate(fixed, "search_time_s").n(), "time to target only where it succeeded");
        // paired: units 0 and 1 only; oracle − fixed success = (1 − 0, 1 − 1)
        Estimate diff = t.difference(oracle, fixed, "search_success");
        assertEquals(0.5, diff.mean(), 1e-12);
        assertEquals(2, diff.n());
    }

    @Test
    void jsonAndCsvRoundTrip() throws Exception {
        MetricTable t = table();
        Path json = dir.resolve("metrics.json");
        MetricFiles.writeJson(json, t.rows());
        List<MetricRow> back = MetricFiles.readJson(json);
        assertEquals(t.rows().size(), back.size());
        for (int i = 0; i < back.size(); i++) {
            MetricRow a = t.rows().get(i);
            MetricRow b = back.get(i);
            assertEquals(a.gaze(), b.gaze());
            assertEquals(a.metric(), b.metric());
            assertEquals(a.episodes(), b.episodes());
            assertEquals(a.mean(), b.mean(), 1e-12);
            assertTrue(Double.isNaN(a.ci95Low()) ? Double.isNaN(b.ci95Low()) : Math.abs(a.ci95Low() - b.ci95Low()) < 1e-12);
        }
        JsonNode first = new ObjectMapper().readTree(json.toFile()).get(0);
        for (String field : List.of("gaze", "metric", "mean", "ci95_low", "ci95_high", "episodes")) {
            assertTrue(first.has(field), "row has " + field);
        }
        // the fixed regime's time to target has one episode: its interval is undefined, written as null
        assertTrue(new ObjectMapper().readTree(json.toFile()).findParents("ci95_low").stream().anyMatch(n -> n.get("ci95_low").isNull()));

        Path csv = dir.resolve("metrics.csv");
        MetricFiles.writeCsv(csv, t.rows());
        List<String> lines = Files.readAllLines(csv);
        assertEquals("gaze,hand,metric,unit,mean,ci95_low,ci95_high,episodes,task", lines.get(0));
        assertTrue(lines.get(1).endsWith(",all"), lines.get(1));
        assertEquals(t.rows().size() + 1, lines.size());

        Path values = dir.resolve("episodes.csv");
        MetricFiles.writeValues(values, t.valueRows());
        MetricTable again = MetricTable.ofValues(MetricFiles.readValues(values), SearchMetrics.UNITS);
        for (MetricTable.Key k : t.keys()) {
            for (String m : SearchMetrics.UNITS.keySet()) {
                assertEquals(t.estimate(k, m).mean(), again.estimate(k, m).mean(), 1e-5, k + " " + m);
            }
        }
    }

    @Test
    void brokenFilesAreOneLineErrors() throws Exception {
        Path json = dir.resolve("metrics.json");
        Files.writeString(json, "{\"not\": \"an array\"}");
        InputException e = assertThrows(InputException.class, () -> MetricFiles.readJson(json));
        assertTrue(e.userMessage().contains("metrics.json"));
        Path values = dir.resolve("episodes.csv");
        Files.writeString(values, "gaze,hand,unit,episode,metric,value\nrandom,own,x,0,bc_l1,1\n");
        e = assertThrows(InputException.class, () -> MetricFiles.readValues(values));
        assertTrue(e.userMessage().contains("line 2"), e.userMessage());
    }

    @Test
    void malformedNumbersAreRefusedNamingTheRowAndField() throws Exception {
        Path json = dir.resolve("metrics.json");
        String good = "{\"gaze\": \"learned\", \"hand\": \"co-trained\", \"metric\": \"hand_error_cm\", \"unit\": \"episode\", "
                + "\"mean\": 6.5, \"ci95_low\": 5.5, \"ci95_high\": 7.5, \"episodes\": 12}";
        // Each broken second row, and the words its error must carry.
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put(good.replace("6.5", "\"abc\""), "row 1 (learned, hand_error_cm): 'mean' must be a finite number, got \"abc\"");
        cases.put(good.replace("6.5", "\"NaN\""), "row 1 (learned, hand_error_cm): 'mean' must be a finite number, got \"NaN\"");
        cases.put(good.replace("6.5", "null"), "row 1 (learned, hand_error_cm): 'mean' must be a number, got null");
        cases.put(good.replace("\"mean\": 6.5, ", ""), "row 1 (learned, hand_error_cm): 'mean' must be a number, got nothing");
        cases.put(good.replace("5.5", "true"), "row 1 (learned, hand_error_cm): 'ci95_low' must be a finite number, got true");
        cases.put(good.replace("7.5", "null"), "row 1 (learned, hand_error_cm): 'ci95_low' and 'ci95_high' must both be numbers or both null");
        cases.put(good.replace("12}", "\"12\"}"), "row 1 (learned, hand_error_cm): 'episodes' must be a count");
        cases.put(good.replace("12}", "-3}"), "row 1 (learned, hand_error_cm): 'episodes' must be a count");
        cases.put(good.replace("\"gaze\": \"learned\", ", ""), "row 1: missing 'gaze'");
        cases.put(good.replace("\"learned\"", "7"), "row 1: 'gaze' must be a string, got 7");
        cases.put("[1, 2]", "row 1: expected an object");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Files.writeString(json, "[" + good + ",\n" + c.getKey() + "]");
            InputException e = assertThrows(InputException.class, () -> MetricFiles.readJson(json), c.getKey());
            assertTrue(e.userMessage().startsWith(json + ": " + c.getValue()), e.userMessage());
        }
        Files.writeString(json, "[" + good + ",\n{\"gaze\": ]");
        InputException e = assertThrows(InputException.class, () -> MetricFiles.readJson(json));
        assertTrue(e.userMessage().startsWith(json + ": line 2, column "), e.userMessage());
        // An undefined mean (no episodes) and interval (one episode) stay allowed.
        Files.writeString(json, "[" + good.replace("6.5", "null").replace("5.5", "null").replace("7.5", "null").replace("12}", "0}") + ", "
                + good.replace("5.5", "null").replace("7.5", "null").replace("12}", "1}") + "]");
        assertEquals(2, MetricFiles.readJson(json).size());
    }

    @Test
    void rowsWithoutATaskAreOverAllTasksAndPerTaskRowsAreReadOnlyWhenAskedFor() throws Exception {
        Path json = dir.resolve("metrics.json");
        String old = "{\"gaze\": \"learned\", \"hand\": \"co-trained\", \"metric\": \"hand_error_cm\", \"unit\": \"cm\", "
                + "\"mean\": 6.5, \"ci95_low\": 5.5, \"ci95_high\": 7.5, \"episodes\": 12}";
        String perTask = old.replace("12}", "4, \"task\": \"estop-press\"}").replace("6.5", "9.5").replace("7.5", "10.5");
        Files.writeString(json, "[" + old + ", " + perTask + "]");
        List<MetricRow> pooled = MetricFiles.readJson(json);
        assertEquals(1, pooled.size());
        assertEquals(MetricRow.ALL_TASKS, pooled.get(0).task(), "a file from before rows had a task");
        List<MetricRow> all = MetricFiles.readJsonWithTasks(json);
        assertEquals(List.of("all", "estop-press"), all.stream().map(MetricRow::task).toList());
        assertEquals(9.5, all.get(1).mean(), 0.0);
        // and written back, the task stays
        MetricFiles.writeJson(json, all);
        assertEquals(all, MetricFiles.readJsonWithTasks(json));
    }
}
