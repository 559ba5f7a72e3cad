package dev.saccade.gym.policy;

import dev.saccade.gym.Info;
import dev.saccade.gym.envs.EyeInfo;
import dev.saccade.gym.eye.EyeActions;
import dev.saccade.gym.eye.EyeObservation;
import dev.saccade.gym.eye.GazeLimits;

/** Follows the gripper's annotated direction with {@link Saccades}. Stays put without annotations. */
public final class FollowGripperGaze implements GazePolicy {
    private final GazeLimits limits;

    public FollowGripperGaze(GazeLimits limits) {
        this.limits = limits;
    }

    @Override
    public int act(EyeObservation observation, Info info) {
        EyeInfo.requireGroundTruth(info, "the follow-the-gripper gaze (annotated gripper direction)");
        return info.find(EyeInfo.GRIPPER)
                .map(d -> Saccades.toward(observation.gaze(), d.yaw(), d.pitch(), limits))
                .orElse(EyeActions.STAY);
    }

    @Override
    public String name() {
        return "follow";
    }
}
