package dev.saccade.learn.train;

/**
 * The eye's reward: how well the hand's chunk, predicted from what the eye showed it, matches the
 * demonstration. The arm replays the demonstration whatever the hand predicts, so rewards are
 * computed after a rollout, for all steps at once, from one batched hand pass.
 */
@FunctionalInterface
public interface HandReward {
    /**
     * The reward of one prediction. Chunks are {@code frames × joints} absolute actions;
     * {@code mask[k]} is 0 for demonstrated frames past the demonstration's end.
     */
    float score(float[] predicted, int predictedOffset, float[] demo, int demoOffset, float[] mask, int maskOffset,
                int frames, int joints);
}
