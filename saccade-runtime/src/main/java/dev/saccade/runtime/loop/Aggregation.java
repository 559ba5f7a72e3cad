package dev.saccade.runtime.loop;

import java.util.Locale;

/**
 * How overlapping action chunks become one target per frame (reference/robot-runtime.md §2):
 * ACT's temporal ensembling, the newest chunk only, or the plain average of every live chunk.
 */
public enum Aggregation {
    /** ACT's temporal ensembling: chunk {@code i} (0 the oldest still live) weighs {@code exp(−k·i)}, k = 0.01. */
    ENSEMBLE,
    /** The newest chunk alone (LeRobot's {@code latest_only}). */
    LATEST,
    /** Every live chunk with equal weight (LeRobot's {@code average}). */
    AVERAGE;

    /** ACT's ensembling coefficient ({@code temporal_ensemble_coeff}). */
    public static final double ACT_COEFFICIENT = 0.01;

    /** The lower-case name used on the command line. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The aggregation named {@code id} (ensemble, latest, average). */
    public static Aggregation byId(String id) {
        for (Aggregation a : values()) {
            if (a.id().equals(id.trim().toLowerCase(Locale.ROOT))) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown aggregation '" + id + "': use ensemble, latest or average");
    }
}
