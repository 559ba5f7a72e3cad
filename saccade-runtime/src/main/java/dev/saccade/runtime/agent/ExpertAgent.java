package dev.saccade.runtime.agent;

import dev.saccade.data.Task;
import dev.saccade.data.synth.SyntheticEpisode;
import dev.saccade.gym.eye.EyeActions;
import dev.saccade.gym.eye.GazeLimits;
import dev.saccade.gym.policy.Saccades;
import dev.saccade.runtime.loop.Agent;
import dev.saccade.runtime.loop.AgentAction;
import dev.saccade.runtime.loop.GroundTruth;
import dev.saccade.runtime.loop.Percept;
import dev.saccade.sphere.render.PyramidSpec;
import java.util.Optional;

/**
 * The scripted expert as an agent: at frame {@code f} its chunk is the generator's demonstration of
 * this scene from {@code f} on (its {@code action} rows {@code f … f + chunk − 1}, the last row
 * repeated past the end), so the plan the generator recorded runs through the same loop, limits
 * and physics as any policy. Its eye follows the ground truth (the oracle's rule); it needs no pixels.
 * One agent per scene.
 */
public final class ExpertAgent implements Agent {
    private final float[][] actions;
    private final int chunk;
    private final GazeLimits limits;

    /** The expert replaying {@code demonstration}, in chunks of {@code chunk} frames. */
    public ExpertAgent(SyntheticEpisode demonstration, int chunk, GazeLimits limits) {
        this.actions = demonstration.action();
        this.chunk = chunk;
        this.limits = limits;
    }

    @Override
    public String name() {
        return "expert";
    }

    @Override
    public Optional<PyramidSpec> pyramid() {
        return Optional.empty();
    }

    @Override
    public void reset(Task task, long seed) {}

    @Override
    public AgentAction act(Percept p) {
        int dims = actions[0].length;
        float[] rows = new float[chunk * dims];
        for (int i = 0; i < chunk; i++) {
            System.arraycopy(actions[Math.min(actions.length - 1, p.frame() + i)], 0, rows, i * dims, dims);
        }
        GroundTruth t = p.truth();
        int eye = t == null ? EyeActions.STAY : Saccades.toward(p.gaze(), t.relevant().yaw(), t.relevant().pitch(), limits);
        return new AgentAction(eye, rows);
    }
}
