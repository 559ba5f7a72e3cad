package dev.saccade.gym.policy;

import dev.saccade.gym.Info;
import dev.saccade.gym.envs.EyeInfo;
import dev.saccade.gym.eye.EyeActions;
import dev.saccade.gym.eye.EyeObservation;
import dev.saccade.gym.eye.GazeLimits;

/**
 * The scripted oracle: saccades to what matters now, {@link EyeInfo#RELEVANT} (in DemoEyeGym the
 * object while the gripper is open and the place target while it is closed; in visual search the
 * search target), greedily with {@link Saccades}. Stays put on episodes without annotations.
 */
public final class OracleGaze implements GazePolicy {
    private final GazeLimits limits;

    public OracleGaze(GazeLimits limits) {
        this.limits = limits;
    }

    @Override
    public int act(EyeObservation observation, Info info) {
        return info.find(EyeInfo.RELEVANT)
                .map(d -> Saccades.toward(observation.gaze(), d.yaw(), d.pitch(), limits))
                .orElse(EyeActions.STAY);
    }

    @Override
    public String name() {
        return "oracle";
    }
}
