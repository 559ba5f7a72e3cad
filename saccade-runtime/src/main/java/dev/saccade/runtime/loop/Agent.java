package dev.saccade.runtime.loop;

import dev.saccade.data.Task;
import dev.saccade.sphere.render.PyramidSpec;
import java.util.Optional;

/**
 * What decides at each policy step where the eye looks next and what the hand does: a trained
 * policy, a baseline eye over a trained hand, or the scripted expert. One episode at a time.
 */
public interface Agent extends AutoCloseable {
    /** A short name such as "learned" or "expert". */
    String name();

    /** The pyramid the agent looks at, or empty if it needs no pixels (the scripted expert). */
    Optional<PyramidSpec> pyramid();

    /** Starts an episode of {@code task}; {@code seed} drives any randomness. */
    void reset(Task task, long seed);

    /** The decision for one percept. */
    AgentAction act(Percept percept);

    @Override
    default void close() {}
}
