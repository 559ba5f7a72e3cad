package dev.saccade.runtime.loop;

import dev.saccade.gym.demo.Direction;

/**
 * What a simulated cell knows about its scene at one frame, seen from the 360° camera: the
 * object's, the target's and the gripper's annotated directions, tool0's position in the base
 * frame (m), and whether the gripper holds the object. For baselines, oracles, recording and
 * evaluation only: a learning policy never sees it.
 */
public record GroundTruth(Direction object, Direction target, Direction gripper, double[] tool0, boolean holding) {
    public GroundTruth {
        tool0 = tool0.clone();
    }

    @Override
    public double[] tool0() {
        return tool0.clone();
    }

    /**
     * What matters now (the gym's {@code EyeInfo.RELEVANT}): the object until it is held, then the
     * place target. For a press, object and target are one.
     */
    public Direction relevant() {
        return holding ? target : object;
    }
}
