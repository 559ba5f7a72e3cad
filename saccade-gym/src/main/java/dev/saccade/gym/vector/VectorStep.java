package dev.saccade.gym.vector;

import dev.saccade.gym.Info;
import java.util.List;
import java.util.Optional;

/**
 * One step of all sub-environments of a {@link VectorEnv}, indexed by sub-environment. Arrays are
 * fresh per step and owned by the caller.
 *
 * <p>With {@link AutoresetMode#SAME_STEP}, where {@code terminated[i] || truncated[i]} the
 * observation and info are the new episode's first, and {@link #finalObservation(int)} /
 * {@link #finalInfo(int)} hold the ended episode's last; elsewhere they are empty.
 */
public record VectorStep<O>(List<O> observations, double[] rewards, boolean[] terminated, boolean[] truncated,
                            List<Info> infos, List<O> finalObservations, List<Info> finalInfos) {

    /** Number of sub-environments. */
    public int size() {
        return observations.size();
    }

    /** The last observation of sub-environment {@code i}'s episode if it ended in this step (SAME_STEP). */
    public Optional<O> finalObservation(int i) {
        return Optional.ofNullable(finalObservations.get(i));
    }

    /** The last info of sub-environment {@code i}'s episode if it ended in this step (SAME_STEP). */
    public Optional<Info> finalInfo(int i) {
        return Optional.ofNullable(finalInfos.get(i));
    }

    /** True if sub-environment {@code i}'s episode ended in this step. */
    public boolean done(int i) {
        return terminated[i] || truncated[i];
    }
}
