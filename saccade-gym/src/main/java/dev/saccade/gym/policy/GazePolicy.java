package dev.saccade.gym.policy;

import dev.saccade.gym.Info;
import dev.saccade.gym.eye.EyeObservation;

/**
 * A baseline eye: chooses one of the 25 eye actions each step. Baselines may read the ground truth
 * in {@link Info} (they are yardsticks, not learners). One instance per environment; stateful
 * policies start over at {@link #reset(long)}.
 */
public interface GazePolicy {

    /** The action for the current observation and its info. */
    int act(EyeObservation observation, Info info);

    /** Called at the start of each episode with a seed for any randomness. */
    default void reset(long seed) {}

    /** A short name for logs, e.g. "random". */
    String name();
}
