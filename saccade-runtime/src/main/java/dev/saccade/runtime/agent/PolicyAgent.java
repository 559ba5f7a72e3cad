package dev.saccade.runtime.agent;

import dev.saccade.data.Task;
import dev.saccade.learn.policy.Observation;
import dev.saccade.learn.policy.Policy;
import dev.saccade.learn.policy.PolicyConfig;
import dev.saccade.runtime.loop.Agent;
import dev.saccade.runtime.loop.AgentAction;
import dev.saccade.runtime.loop.Percept;
import dev.saccade.sphere.render.PyramidSpec;
import java.util.Optional;

/**
 * A trained policy as an agent: its eye chooses where to look and its hand the chunk, from the
 * pyramid, the gaze, the arm's state and the task, at batch 1 (the same {@link Policy} evaluation
 * uses). It does not own the policy: several agents may share one, one episode at a time.
 */
public final class PolicyAgent implements Agent {
    private final Policy policy;
    private final boolean greedy;
    private final String name;
    private final PyramidSpec pyramid;

    /** An agent over {@code policy}; {@code greedy} takes the eye's likeliest action (deployment). */
    public PolicyAgent(Policy policy, boolean greedy, String name) {
        this.policy = policy;
        this.greedy = greedy;
        this.name = name;
        this.pyramid = pyramidOf(policy.config());
    }

    /** The pyramid a policy of {@code config} sees: pinhole levels of its size and fields of view. */
    public static PyramidSpec pyramidOf(PolicyConfig config) {
        return PyramidSpec.pinholeDegrees(config.imageSize(), config.fieldsOfViewDeg());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Optional<PyramidSpec> pyramid() {
        return Optional.of(pyramid);
    }

    @Override
    public void reset(Task task, long seed) {
        policy.reset();
    }

    @Override
    public AgentAction act(Percept p) {
        Policy.Decision d = policy.act(new Observation(p.pyramid(), p.gaze().yaw(), p.gaze().pitch(), p.proprio(), p.task().ordinal()), greedy);
        return new AgentAction(d.eyeAction(), d.actionChunk());
    }
}
