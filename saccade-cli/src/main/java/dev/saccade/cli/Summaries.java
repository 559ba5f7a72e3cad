package dev.saccade.cli;

import dev.saccade.eval.results.MetricTable;
import dev.saccade.eval.stats.Estimate;
import java.util.List;

/** The short tables the evaluation commands print: one line per regime with its headline metrics. */
final class Summaries {
    private Summaries() {}

    /** A Markdown table: gaze, hand, hand error, endpoint error, BC L1, fovea hits, each mean [95 % interval]. */
    static String table(MetricTable t) {
        StringBuilder sb = new StringBuilder();
        sb.append("| gaze | hand | hand error (cm) | endpoint error (cm) | BC L1 | relevant thing in fovea |\n");
        sb.append("|---|---|---|---|---|---|\n");
        for (MetricTable.Key k : t.keys()) {
            sb.append("| ").append(k.gaze()).append(" | ").append(k.hand());
            for (String m : List.of("hand_error_cm", "endpoint_error_cm", "bc_l1")) {
                sb.append(" | ").append(interval(t.estimate(k, m), 1));
            }
            sb.append(" | ").append(interval(t.estimate(k, "target_in_fovea"), 100)).append(" % |\n");
        }
        return sb.toString();
    }

    static String interval(Estimate e, double scale) {
        return dev.saccade.eval.results.TaskTables.interval(e, scale);
    }
}
