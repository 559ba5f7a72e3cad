package dev.saccade.gym.policy;

import dev.saccade.gym.Info;
import dev.saccade.gym.eye.EyeActions;
import dev.saccade.gym.eye.EyeObservation;

/** Never moves: keeps the episode's initial gaze. */
public final class FixedGaze implements GazePolicy {
    @Override
    public int act(EyeObservation observation, Info info) {
        return EyeActions.STAY;
    }

    @Override
    public String name() {
        return "fixed";
    }
}
