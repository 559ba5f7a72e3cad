package dev.saccade.gym.rollout;

import dev.saccade.core.InputException;
import java.util.Arrays;
import java.util.List;

/**
 * Who points the eye: the learned eye (greedy or sampled) or one of the gym's baseline eyes. One
 * list for training ({@code train --gaze}), evaluation, the CLI and the report, so their names
 * cannot drift apart.
 */
public enum GazeRegime {
    /** The learned eye, acting greedily (its likeliest action). */
    LEARNED("learned"),
    /** The learned eye, sampling its actions as in training. */
    LEARNED_SAMPLED("learned-sampled"),
    /** A random walk of saccades. */
    RANDOM("random"),
    /** Straight ahead, never moving. */
    FIXED("fixed"),
    /** The best single direction per task, found by a grid search on the annotations. */
    BEST_FIXED("best-fixed"),
    /** The scripted oracle: at what matters now (reads the annotations). */
    ORACLE("oracle"),
    /** Follows the gripper (reads the annotations). */
    FOLLOW("follow");

    private final String cliName;

    GazeRegime(String cliName) {
        this.cliName = cliName;
    }

    /** The name the CLI, metrics files and the report use. */
    public String cliName() {
        return cliName;
    }

    /** True for the gym's baseline eyes (everything but the learned eye). */
    public boolean isBaseline() {
        return this != LEARNED && this != LEARNED_SAMPLED;
    }

    /** True if the regime reads ground-truth annotations to point the eye. */
    public boolean readsAnnotations() {
        return this == BEST_FIXED || this == ORACLE || this == FOLLOW;
    }

    /** The baseline regimes, in report order. */
    public static List<GazeRegime> baselines() {
        return Arrays.stream(values()).filter(GazeRegime::isBaseline).toList();
    }

    /** What {@code train --gaze} accepts: the learned eye, or a baseline eye that drives the gaze while the hand learns. */
    public static List<GazeRegime> trainable() {
        return Arrays.stream(values()).filter(g -> g != LEARNED_SAMPLED).toList();
    }

    /** The regime called {@code name}; an {@link InputException} listing the names otherwise. */
    public static GazeRegime named(String name) {
        for (GazeRegime g : values()) {
            if (g.cliName.equals(name)) {
                return g;
            }
        }
        throw new InputException("unknown gaze '" + name + "'; expected one of " + names(Arrays.asList(values())));
    }

    /** The CLI names of {@code regimes}, comma separated. */
    public static String names(List<GazeRegime> regimes) {
        return String.join(", ", regimes.stream().map(GazeRegime::cliName).toList());
    }

    @Override
    public String toString() {
        return cliName;
    }
}
