package dev.saccade.gym.policy;

import dev.saccade.gym.Info;
import dev.saccade.gym.eye.EyeActions;
import dev.saccade.gym.eye.EyeObservation;
import java.util.SplittableRandom;

/** Uniformly random actions among the 25: a random walk of the gaze. */
public final class RandomGaze implements GazePolicy {
    private SplittableRandom rng = new SplittableRandom(0);

    @Override
    public void reset(long seed) {
        rng = new SplittableRandom(seed);
    }

    @Override
    public int act(EyeObservation observation, Info info) {
        return rng.nextInt(EyeActions.COUNT);
    }

    @Override
    public String name() {
        return "random";
    }
}
