package dev.saccade.eval.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.saccade.eval.results.Claims.Claim;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The oracle-teacher ablation's rows: labelled in metrics.json, read back, and never taken for the learned eye. */
class AblationRowsTest {
    @TempDir Path dir;

    private static MetricRow row(String gaze, String hand, String metric, double mean) {
        return new MetricRow(gaze, hand, metric, "", mean, mean - 1, mean + 1, 10);
    }

    /** Learned 10 cm, random (own hand) 13 cm, and a far better ablation row placed first, where a careless reader would find it. */
    private static List<MetricRow> rows(boolean withAblation) {
        List<MetricRow> rows = new ArrayList<>();
        if (withAblation) {
            rows.add(row(Ablation.ORACLE_TEACHER.gaze(), "co-trained", "hand_error_cm", 4));
            rows.add(row(Ablation.ORACLE_TEACHER.gaze(), "co-trained", "dwell_steps", 9));
        }
        rows.add(row("learned", "co-trained", "hand_error_cm", 10));
        rows.add(row("learned", "co-trained", "dwell_steps", 3));
        rows.add(row("random", "own", "hand_error_cm", 13));
        rows.add(row("random", "co-trained", "hand_error_cm", 14));
        rows.add(row("random", "co-trained", "dwell_steps", 2));
        return rows;
    }

    @Test
    void theAblationsRowsSayWhatTheyAreInMetricsJsonAndReadBackAsTheyWere() throws Exception {
        Path file = dir.resolve("metrics.json");
        MetricFiles.writeJson(file, rows(true));
        JsonNode json = new ObjectMapper().readTree(file.toFile());
        JsonNode ablation = json.get(0);
        assertEquals("oracle-teacher", ablation.path("gaze").asText());
        assertTrue(ablation.path("ablation").asText().contains("reads annotations"), ablation.toString());
        assertTrue(ablation.path("reads_annotations").asBoolean(false), ablation.toString());
        JsonNode learned = json.get(2);
        assertEquals("learned", learned.path("gaze").asText());
        assertFalse(learned.has("ablation") || learned.has("reads_annotations"), "the default row carries no ablation label: " + learned);
        assertEquals(rows(true), MetricFiles.readJson(file), "readers get the rows as written");
    }

    @Test
    void theClaimsJudgeTheLearnedEyeAloneWhateverTheAblationScored() {
        List<Claim> without = Claims.judge(rows(false), Map.of());
        List<Claim> with = Claims.judge(rows(true), Map.of());
        assertEquals(without, with, "the ablation row changes no claim");
        assertTrue(with.get(0).measured().startsWith("learned 10.00"), with.get(0).measured());
    }

    @Test
    void aTaskTableShowsTheAblationLabelledAfterTheDefaultComparison() {
        MetricTable t = MetricTable.ofValues(List.of(
                new MetricTable.Value(new MetricTable.Key("learned", "co-trained"), 0, 5, "hand_error_cm", 10),
                new MetricTable.Value(new MetricTable.Key("random", "own"), 0, 5, "hand_error_cm", 13),
                new MetricTable.Value(new MetricTable.Key(Ablation.ORACLE_TEACHER.gaze(), "co-trained"), 0, 5, "hand_error_cm", 4)),
                Map.of("hand_error_cm", "cm"));
        List<String> labels = TaskTables.comparison(t).stream().map(TaskTables.Line::label).toList();
        assertEquals(3, labels.size(), "" + labels);
        assertEquals("learned eye", labels.get(0));
        assertEquals("oracle-teacher (ablation: oracle teacher — reads annotations, upper bound, not the default)", labels.get(2));
        assertTrue(TaskTables.change(t).startsWith("−23 %"), "learned vs random, not the ablation: " + TaskTables.change(t));
    }
}
