package dev.saccade.runtime.agent;

import dev.saccade.data.Task;
import dev.saccade.gym.Info;
import dev.saccade.gym.envs.EyeInfo;
import dev.saccade.gym.eye.EyeObservation;
import dev.saccade.gym.policy.GazePolicy;
import dev.saccade.runtime.loop.Agent;
import dev.saccade.runtime.loop.AgentAction;
import dev.saccade.runtime.loop.GroundTruth;
import dev.saccade.runtime.loop.Percept;
import dev.saccade.sphere.render.PyramidSpec;
import java.util.Optional;

/**
 * A baseline eye over another agent's hand: the hand's chunk is kept, the eye's action comes from
 * one of the gym's baseline gaze policies (random, fixed, oracle …), which may read the ground
 * truth as they do in the gym (its relevant direction, object, target and gripper). The hand
 * still sees what the baseline's gaze shows it.
 */
public final class BaselineEye implements Agent {
    private final Agent hand;
    private final GazePolicy eye;

    public BaselineEye(Agent hand, GazePolicy eye) {
        this.hand = hand;
        this.eye = eye;
    }

    @Override
    public String name() {
        return eye.name();
    }

    @Override
    public Optional<PyramidSpec> pyramid() {
        return hand.pyramid();
    }

    @Override
    public void reset(Task task, long seed) {
        hand.reset(task, seed);
        eye.reset(seed);
    }

    @Override
    public AgentAction act(Percept p) {
        AgentAction a = hand.act(p);
        Info info = Info.EMPTY;
        GroundTruth t = p.truth();
        if (t != null) {
            info = Info.builder().put(EyeInfo.TASK, p.task()).put(EyeInfo.GAZE, p.gaze()).put(EyeInfo.OBJECT, t.object())
                    .put(EyeInfo.TARGET, t.target()).put(EyeInfo.GRIPPER, t.gripper()).put(EyeInfo.RELEVANT, t.relevant())
                    .put(EyeInfo.RELEVANT_NAME, t.holding() ? "target" : "object").put(EyeInfo.GRIPPER_CLOSED, t.holding()).build();
        }
        int action = eye.act(new EyeObservation(p.pyramid(), p.gaze(), p.proprio(), p.task().ordinal()), info);
        return new AgentAction(action, a.chunk());
    }

    @Override
    public void close() {
        hand.close();
    }
}
