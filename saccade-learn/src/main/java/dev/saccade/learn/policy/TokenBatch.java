package dev.saccade.learn.policy;

/**
 * Model inputs for {@code count} observations in Java memory, with the pyramids already turned into
 * tokens by the frozen encoder: tokens {@code [count][imageTokens][encoderDim]}, gaze
 * {@code [count][yaw, pitch]} (radians), raw proprioception {@code [count][joints]} and task ids.
 * Arrays are not copied.
 */
public record TokenBatch(int count, float[] tokens, float[] gaze, float[] proprio, int[] task) {
    /** Checks the array lengths against {@code config}. */
    public TokenBatch requireShape(PolicyConfig config) {
        check(tokens.length == (long) count * config.imageTokens() * config.encoderDim(), "tokens", tokens.length);
        check(gaze.length == 2 * count, "gaze", gaze.length);
        check(proprio.length == count * config.joints(), "proprio", proprio.length);
        check(task.length == count, "task", task.length);
        for (int t : task) {
            if (t < 0 || t >= config.tasks()) {
                throw new IllegalArgumentException("task id " + t + " outside [0, " + config.tasks() + ")");
            }
        }
        return this;
    }

    private void check(boolean ok, String what, int length) {
        if (!ok) {
            throw new IllegalArgumentException("token batch of " + count + ": " + what + " has " + length + " values");
        }
    }
}
