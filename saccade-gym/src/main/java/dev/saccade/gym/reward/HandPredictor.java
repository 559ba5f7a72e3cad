package dev.saccade.gym.reward;

import dev.saccade.gym.eye.EyeObservation;

/**
 * The hand, as the gym's reward needs it: from an observation, the next {@code demonstrated.length()}
 * frames of action as absolute joint targets ({@code float[length × 7]}, radians and gripper 0…1).
 *
 * <p>A learned hand reads only the observation. {@code demonstrated} is the ground truth being
 * scored against; it is passed for reference predictors ({@link #oracle()} returns it) and for its
 * length, and a learned hand must not read its values.
 *
 * <p>The gym calls the predictor once per step if it has one. A trainer that batches the hand
 * instead runs the gym without a predictor (reward 0) and scores each step afterwards from the
 * {@link HandTarget} in its info with {@link HandReward#score(java.util.List, float[])}: the arm
 * replays the demonstration, so predictions never change what the environment does next.
 */
@FunctionalInterface
public interface HandPredictor {

    /** The predicted chunk, {@code demonstrated.length()} rows of 7. */
    float[] predict(EyeObservation observation, HandTarget demonstrated);

    /** The perfect hand: returns the demonstrated chunk (its reward is 0). */
    static HandPredictor oracle() {
        return (observation, demonstrated) -> demonstrated.chunk().clone();
    }

    /** A hand that sees nothing: it holds the current pose for the whole chunk. */
    static HandPredictor blind() {
        return (observation, demonstrated) -> {
            float[] proprio = observation.proprio();
            float[] out = new float[demonstrated.chunk().length];
            for (int k = 0; k < demonstrated.length(); k++) {
                System.arraycopy(proprio, 0, out, k * proprio.length, proprio.length);
            }
            return out;
        };
    }
}
