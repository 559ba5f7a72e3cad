package dev.saccade.cli;

import dev.saccade.eval.play.Regimes;
import dev.saccade.eval.results.Ablation;
import dev.saccade.eval.results.MetricTable;
import dev.saccade.eval.stats.Estimate;
import dev.saccade.gym.rollout.GazeRegime;
import java.util.List;
import java.util.Optional;

/** The short tables the evaluation commands print: one line per regime with its headline metrics. */
final class Summaries {
    private Summaries() {}

    /**
     * A Markdown table: gaze, hand, hand error, endpoint error, BC L1, fovea hits, each mean [95 % interval]; a labelled
     * ablation's gaze is shown with its label.
     */
    static String table(MetricTable t) {
        StringBuilder sb = new StringBuilder();
        sb.append("| gaze | hand | hand error (cm) | endpoint error (cm) | BC L1 | relevant thing in fovea |\n");
        sb.append("|---|---|---|---|---|---|\n");
        for (MetricTable.Key k : t.keys()) {
            sb.append("| ").append(Ablation.shown(k.gaze())).append(" | ").append(k.hand());
            for (String m : List.of("hand_error_cm", "endpoint_error_cm", "bc_l1")) {
                sb.append(" | ").append(interval(t.estimate(k, m), 1));
            }
            sb.append(" | ").append(interval(t.estimate(k, "target_in_fovea"), 100)).append(" % |\n");
        }
        return sb.toString();
    }

    /** One sentence setting the ablation's eye beside the default learned eye (empty if either was not evaluated). */
    static Optional<String> ablationLine(MetricTable t, Ablation a) {
        MetricTable.Key ablation = new MetricTable.Key(a.gaze(), Regimes.CO_TRAINED);
        MetricTable.Key learned = new MetricTable.Key(GazeRegime.LEARNED.cliName(), Regimes.CO_TRAINED);
        if (!t.has(ablation) || !t.has(learned)) {
            return Optional.empty();
        }
        return Optional.of("Ablation row " + a.gaze() + " (" + a.label() + "): hand error " + interval(t.estimate(ablation, "hand_error_cm"), 1)
                + " cm, relevant thing in the fovea " + interval(t.estimate(ablation, "target_in_fovea"), 100) + " %; the default learned eye "
                + interval(t.estimate(learned, "hand_error_cm"), 1) + " cm, " + interval(t.estimate(learned, "target_in_fovea"), 100) + " %.");
    }

    static String interval(Estimate e, double scale) {
        return dev.saccade.eval.results.TaskTables.interval(e, scale);
    }
}
