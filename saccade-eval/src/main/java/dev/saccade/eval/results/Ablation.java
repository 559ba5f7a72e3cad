package dev.saccade.eval.results;

import java.util.List;
import java.util.Optional;

/**
 * A run evaluated beside the default one as a labelled ablation: its greedy eye with its co-trained
 * hand, under a gaze name of its own, so that no reader of the rows (the claims, the task tables,
 * the verdict, all keyed on {@code learned}) takes it for the learned eye. Its rows in
 * {@code metrics.json} carry {@code "ablation"} (the label) and {@code "reads_annotations"}.
 *
 * @param gaze             the gaze name of its rows ("oracle-teacher")
 * @param label            what it is, short, for tables ("oracle teacher — reads annotations, …")
 * @param about            what it is, a sentence, for the report
 * @param readsAnnotations whether its training read the dataset's annotations
 */
public record Ablation(String gaze, String label, String about, boolean readsAnnotations) {
    /** The learned run's training with the scripted oracle as the eye's teacher ({@code --teacher oracle}). */
    public static final Ablation ORACLE_TEACHER = new Ablation("oracle-teacher",
            "oracle teacher — reads annotations, upper bound, not the default",
            "the same training as the learned run (its encoder, seed, settings and env steps) with the scripted oracle as the "
                    + "eye's teacher, which reads the dataset's annotations: an upper bound for the annotation-free default, not the default",
            true);

    /** Every ablation the rows may hold. */
    public static final List<Ablation> KNOWN = List.of(ORACLE_TEACHER);

    /** The ablation whose rows carry {@code gaze}, if it is one. */
    public static Optional<Ablation> ofGaze(String gaze) {
        return KNOWN.stream().filter(a -> a.gaze().equals(gaze)).findFirst();
    }

    /** A row's gaze as tables show it: the ablation's name with its label, or the gaze as it is. */
    public static String shown(String gaze) {
        return ofGaze(gaze).map(a -> a.gaze() + " (ablation: " + a.label() + ")").orElse(gaze);
    }
}
