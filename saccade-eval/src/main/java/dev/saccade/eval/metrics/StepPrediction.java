package dev.saccade.eval.metrics;

/**
 * What the hand had predicted at one eye step, beside its {@link StepRecord}: where the step was in
 * the video and the chunk in use, for viewers and offline analysis (the metrics do not read it).
 *
 * @param frame    the dataset frame the observation was taken at (search steps all sit on the start frame)
 * @param chunk    the chunk in use, absolute joint targets {@code [rows × 7]} row-major (radians; the
 *                 gripper 0 open, 1 closed), row {@code i} the target for the {@code i}-th frame from the one it
 *                 was predicted at; null if the hand predicted nothing
 * @param chunkAge eye steps since that chunk was predicted (0: predicted on this very observation)
 */
public record StepPrediction(int frame, float[] chunk, int chunkAge) {
    public StepPrediction {
        if (chunkAge < 0) {
            throw new IllegalArgumentException("chunkAge must be >= 0: " + chunkAge);
        }
    }
}
