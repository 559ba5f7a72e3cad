package dev.saccade.gym.vector;

/**
 * When a {@link VectorEnv} starts a new episode in a sub-environment whose episode ended, after
 * Gymnasium 1.x's {@code AutoresetMode}.
 */
public enum AutoresetMode {
    /**
     * Reset in the same call that ended the episode (Saccade's default). The returned observation is
     * the new episode's first; the ended episode's last observation and info are in
     * {@link VectorStep#finalObservation} and {@link VectorStep#finalInfo}, with that step's reward
     * and flags. Every call is a real transition, so no rendering is spent on a dummy step and a
     * learner needs no mask for ignored actions; a truncated episode is bootstrapped from
     * {@code V(finalObservation)}.
     */
    SAME_STEP,
    /**
     * Reset in the call after the one that ended the episode (Gymnasium's default). That call
     * ignores the sub-environment's action and returns the new first observation with reward 0 and
     * both flags false; a learner must mask that transition out.
     */
    NEXT_STEP
}
