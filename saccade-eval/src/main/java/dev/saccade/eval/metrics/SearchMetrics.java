package dev.saccade.eval.metrics;

/**
 * Visual search (claim H6): did the eye reach the target, and how fast.
 *
 * <p>Success means the gaze stayed within {@code thresholdRad} of the target for
 * {@code consecutive} steps in a row; the time to target is when that run began, in seconds.
 */
public final class SearchMetrics {
    private SearchMetrics() {}

    /** The outcome of one search episode; {@code secondsToTarget} is NaN on failure. */
    public record Outcome(boolean success, double secondsToTarget) {}

    /**
     * @param angles       gaze-to-target angle at each step, radians
     * @param stepSeconds  seconds per step
     */
    public static Outcome outcome(double[] angles, double thresholdRad, int consecutive, double stepSeconds) {
        if (consecutive < 1) {
            throw new IllegalArgumentException("consecutive must be at least 1: " + consecutive);
        }
        int run = 0;
        for (int i = 0; i < angles.length; i++) {
            run = angles[i] <= thresholdRad ? run + 1 : 0;
            if (run == consecutive) {
                return new Outcome(true, (i - consecutive + 1) * stepSeconds);
            }
        }
        return new Outcome(false, Double.NaN);
    }
}
