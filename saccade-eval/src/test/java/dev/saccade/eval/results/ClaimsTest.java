package dev.saccade.eval.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.eval.results.Claims.Claim;
import dev.saccade.eval.results.Claims.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClaimsTest {
    private static MetricRow row(String gaze, String hand, String metric, double mean, double halfWidth) {
        return new MetricRow(gaze, hand, metric, "", mean, mean - halfWidth, mean + halfWidth, 10);
    }

    /** A main evaluation where the learned eye is better than random on every claim's metric by {@code gap}. */
    private static List<MetricRow> main(double gap) {
        List<MetricRow> rows = new ArrayList<>();
        rows.add(row("learned", "co-trained", "hand_error_cm", 10 - gap, 1));
        rows.add(row("random", "co-trained", "hand_error_cm", 12, 1));
        rows.add(row("random", "own", "hand_error_cm", 11, 1));
        rows.add(row("best-fixed", "co-trained", "hand_error_cm", 12, 1));
        for (String[] m : new String[][] {{"dwell_steps", "+"}, {"small_action_share", "+"}, {"tracking_error_deg", "-"},
            {"object_gaze_open", "+"}, {"target_gaze_closed", "+"}, {"search_success", "+"}}) {
            double sign = m[1].equals("+") ? 1 : -1;
            String hand = m[0].startsWith("search") ? "" : "co-trained"; // visual search has no hand, as saccade eval writes it
            rows.add(row("learned", hand, m[0], 0.5 + sign * gap / 10, 0.05));
            rows.add(row("random", hand, m[0], 0.5, 0.05));
        }
        return rows;
    }

    private static Verdict verdict(List<Claim> claims, String id) {
        return claims.stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow().verdict();
    }

    @Test
    void separatedIntervalsHoldOverlappingOnesAreNotShownMissingOnesAreNotMeasured() {
        List<Claim> strong = Claims.judge(main(3), Map.of());
        for (String id : List.of("H1", "H3", "H6", "H7")) {
            assertEquals(Verdict.HOLDS, verdict(strong, id), id + ": " + strong);
        }
        for (String id : List.of("H2", "H4", "H5", "S1")) {
            assertEquals(Verdict.NOT_MEASURED, verdict(strong, id), id + " needs an ablation: " + strong);
        }
        // The learned hand error 9.5 [8.5, 10.5] against random's own hand 11 [10, 12]: they overlap.
        List<Claim> weak = Claims.judge(main(0.5), Map.of());
        assertEquals(Verdict.NOT_SHOWN, verdict(weak, "H1"));
        assertTrue(weak.get(0).measured().contains("random 11.00"), "the random baseline uses its own hand: " + weak.get(0).measured());
        // Better than random but worse than best-fixed does not hold.
        List<MetricRow> rows = new ArrayList<>(main(3));
        rows.add(row("best-fixed", "own", "hand_error_cm", 6, 1));
        assertEquals(Verdict.NOT_SHOWN, verdict(Claims.judge(rows, Map.of()), "H1"));
    }

    @Test
    void ablationsDecideTheirClaims() {
        List<MetricRow> uniformWorse = List.of(row("learned", "co-trained", "hand_error_cm", 14, 1));
        List<MetricRow> searchBetter = List.of(row("learned", "co-trained", "hand_error_cm", 4, 1));
        List<MetricRow> scratch = List.of(row("learned", "co-trained", "target_in_fovea", 0.02, 0.01),
                row("random", "co-trained", "target_in_fovea", 0.02, 0.01));
        List<Claim> c = Claims.judge(main(3), Map.of(Claims.UNIFORM, uniformWorse, Claims.SEARCH, searchBetter, Claims.SCRATCH, scratch,
                Claims.DISTRACTORS, main(3)));
        assertEquals(Verdict.HOLDS, verdict(c, "H2"));
        assertEquals(Verdict.HOLDS, verdict(c, "H5"));
        assertEquals(Verdict.HOLDS, verdict(c, "H4"));
        assertEquals(Verdict.NOT_SHOWN, verdict(c, "S1"), "no more fovea hits than random: looking did not emerge");
        String table = Claims.markdown(c);
        assertTrue(table.startsWith("| claim |") && table.lines().count() == 2 + c.size(), table);
    }
}
