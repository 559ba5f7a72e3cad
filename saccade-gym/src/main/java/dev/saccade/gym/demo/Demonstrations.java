package dev.saccade.gym.demo;

import dev.saccade.sphere.EquirectFrame;
import java.util.List;

/**
 * The demonstrations a gym replays: episode arrays up front, frames on request. Implemented over a
 * LeRobot dataset ({@link DatasetDemonstrations}) and in memory ({@link ToyDemonstrations}).
 *
 * <p>{@link #decode} must be safe to call from several threads at once; {@link FrameSupply} caches
 * its results so a rollout decodes each frame once.
 */
public interface Demonstrations extends AutoCloseable {

    /** The episodes, in a fixed order; a gym refers to an episode by its position here. */
    List<Demonstration> episodes();

    /** Decodes frame {@code frame} of {@code episode}; expensive, thread-safe. */
    EquirectFrame decode(Demonstration episode, int frame);

    @Override
    default void close() {}
}
