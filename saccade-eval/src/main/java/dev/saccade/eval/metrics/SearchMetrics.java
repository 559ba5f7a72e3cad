package dev.saccade.eval.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Visual search (claim H6): did the eye reach the target, and how fast.
 *
 * <p>Success means the gaze stayed within {@code thresholdRad} of the target for
 * {@code consecutive} steps in a row (the gym's rule: 10° for 3 steps); the time to target is when
 * that run began, in seconds from the episode's first observation.
 */
public final class SearchMetrics {
    private SearchMetrics() {}

    /** The gym's success rule: within 10° … */
    public static final double SUCCESS_RADIUS_RAD = Math.toRadians(10);
    /** … for 3 consecutive steps. */
    public static final int SUCCESS_STEPS = 3;

    /** Metric names, in report order, with their units. */
    public static final Map<String, String> UNITS = units();

    private static Map<String, String> units() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("search_success", "share of episodes");
        m.put("search_time_s", "s (successful episodes)");
        m.put("search_final_hit", "share of episodes");
        m.put("search_final_angle_deg", "deg");
        m.put("search_reward", "reward per step");
        return Collections.unmodifiableMap(m);
    }

    /** One line per metric saying what it measures, for reports. */
    public static final Map<String, String> DESCRIPTIONS = Map.of(
            "search_success", "the gaze held the target within 10° for 3 steps in a row at some point (H6)",
            "search_time_s", "time until that run began, over successful episodes (H6)",
            "search_final_hit", "the gaze is within 10° of the target at the episode's end (H6)",
            "search_final_angle_deg", "angle between gaze and target at the episode's end",
            "search_reward", "the search gym's reward clamp(1 − angle/50°, 0, 1), mean per step");

    /** The outcome of one search episode; {@code secondsToTarget} is NaN on failure. */
    public record Outcome(boolean success, double secondsToTarget) {}

    /**
     * One visual-search episode under one gaze regime.
     *
     * @param angles      gaze-to-target angle at each observation, the first observation's first, radians
     * @param rewards     the reward of each step (one fewer than angles)
     * @param stepSeconds seconds per step
     */
    public record Episode(String gaze, int episode, double stepSeconds, double[] angles, double[] rewards) {
        public Episode {
            angles = angles.clone();
            rewards = rewards.clone();
            if (angles.length == 0 || !(stepSeconds > 0)) {
                throw new IllegalArgumentException("a search episode needs at least one observation and a positive step time");
            }
        }
    }

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

    /** All search metrics of one episode, by name (see {@link #UNITS}); success and final hit are 0 or 1. */
    public static Map<String, Double> all(Episode e) {
        Outcome o = outcome(e.angles(), SUCCESS_RADIUS_RAD, SUCCESS_STEPS, e.stepSeconds());
        double last = e.angles()[e.angles().length - 1];
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("search_success", o.success() ? 1.0 : 0.0);
        m.put("search_time_s", o.secondsToTarget());
        m.put("search_final_hit", last <= SUCCESS_RADIUS_RAD ? 1.0 : 0.0);
        m.put("search_final_angle_deg", Math.toDegrees(last));
        m.put("search_reward", GazeMetrics.mean(e.rewards()));
        return m;
    }
}
