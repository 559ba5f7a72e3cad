package dev.saccade.gym.rollout;

import dev.saccade.core.InputException;
import dev.saccade.data.Task;
import dev.saccade.gym.demo.Demonstration;
import dev.saccade.gym.eye.GazeLimits;
import dev.saccade.sphere.render.PyramidSpec;
import dev.saccade.gym.policy.BestFixedGaze;
import dev.saccade.gym.policy.FixedGaze;
import dev.saccade.gym.policy.FollowGripperGaze;
import dev.saccade.gym.policy.GazePolicy;
import dev.saccade.gym.policy.OracleGaze;
import dev.saccade.gym.policy.RandomGaze;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The baseline gaze policies by name, as the CLI and evaluation choose them. */
public final class Baselines {
    /** The names, in the order the CLI lists them ({@link GazeRegime#baselines()}). */
    public static final List<String> NAMES = GazeRegime.baselines().stream().map(GazeRegime::cliName).toList();
    /** Grid step of the best-fixed search (5°) and the frames it looks at (every second, as the gym steps). */
    static final double GRID_STEP = Math.toRadians(5);

    private Baselines() {}

    /**
     * A factory of fresh policies named {@code name} (one per environment). {@code best-fixed} runs
     * its grid search over {@code episodes} once, here; it and {@code oracle} and {@code follow} need
     * annotated episodes.
     */
    public static Supplier<GazePolicy> named(String name, List<Demonstration> episodes, PyramidSpec spec, GazeLimits limits) {
        if (!NAMES.contains(name)) {
            throw new InputException("unknown policy '" + name + "'; expected one of " + String.join(", ", NAMES));
        }
        return of(GazeRegime.named(name), episodes, spec, limits);
    }

    /** A factory of fresh baseline eyes of {@code regime} (one per environment); see {@link #named}. */
    public static Supplier<GazePolicy> of(GazeRegime regime, List<Demonstration> episodes, PyramidSpec spec, GazeLimits limits) {
        if (regime.readsAnnotations()) {
            requireAnnotations(regime.cliName(), episodes);
        }
        switch (regime) {
            case RANDOM:
                return RandomGaze::new;
            case FIXED:
                return FixedGaze::new;
            case ORACLE:
                return () -> new OracleGaze(limits);
            case FOLLOW:
                return () -> new FollowGripperGaze(limits);
            case BEST_FIXED:
                Map<Task, BestFixedGaze.Choice> choices = BestFixedGaze.search(episodes, spec, limits, GRID_STEP, 2);
                return () -> BestFixedGaze.of(choices, limits);
            default:
                throw new IllegalArgumentException(regime + " is not a baseline eye");
        }
    }

    private static void requireAnnotations(String name, List<Demonstration> episodes) {
        if (!episodes.isEmpty() && episodes.stream().allMatch(Demonstration::annotationsWithheld)) {
            throw new dev.saccade.gym.demo.AnnotationsWithheldException("the " + name + " baseline eye");
        }
        if (episodes.stream().noneMatch(Demonstration::annotated)) {
            throw new InputException("policy " + name + " needs ground-truth annotations, and no episode has them");
        }
    }
}
