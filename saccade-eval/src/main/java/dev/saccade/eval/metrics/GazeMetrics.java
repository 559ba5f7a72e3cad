package dev.saccade.eval.metrics;

import dev.saccade.sphere.Sphere;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-episode metrics of the evaluation (issue 6, claims H1, H3, H4, H7). Each method returns one
 * number for one episode; {@code Evaluation} turns many episodes into means with confidence intervals.
 * NaN means "undefined for this episode" (e.g. tracking error when the arm never moves) and is left
 * out of the interval.
 */
public final class GazeMetrics {
    /** A gaze that moved at most this much between two steps is still fixating (H3). */
    public static final double FIXATION_STEP_RAD = Math.toRadians(1.0) + 1e-9;

    private GazeMetrics() {}

    /** Metric names, in report order, with their units. */
    public static final Map<String, String> UNITS = units();

    private static Map<String, String> units() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("hand_error_cm", "cm");
        m.put("endpoint_error_cm", "cm");
        m.put("bc_l1", "normalised L1");
        m.put("target_in_fovea", "share of steps");
        m.put("dwell_steps", "steps");
        m.put("small_action_share", "share of actions");
        m.put("gaze_speed_deg_s", "deg/s");
        m.put("tracking_error_deg", "deg");
        m.put("object_gaze_open", "share of open-gripper steps");
        m.put("target_gaze_closed", "share of closed-gripper steps");
        return Map.copyOf(m);
    }

    /** All per-episode metrics of {@code t}, by name (see {@link #UNITS}). */
    public static Map<String, Double> all(EpisodeTrace t) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("hand_error_cm", handErrorCm(t));
        m.put("endpoint_error_cm", endpointErrorCm(t));
        m.put("bc_l1", bcL1(t));
        m.put("target_in_fovea", targetInFovea(t));
        m.put("dwell_steps", meanDwellSteps(t));
        m.put("small_action_share", smallActionShare(t));
        m.put("gaze_speed_deg_s", gazeSpeedDegPerSecond(t));
        m.put("tracking_error_deg", trackingErrorDeg(t));
        m.put("object_gaze_open", objectGazeWhileOpen(t));
        m.put("target_gaze_closed", targetGazeWhileClosed(t));
        return m;
    }

    /** Mean one-sided Chamfer error of the hand's chunks, cm, over all steps that have one (H1). */
    public static double handErrorCm(EpisodeTrace t) {
        return 100 * mean(t.steps().stream().mapToDouble(StepRecord::handErrorM).toArray());
    }

    /** Mean distance between predicted and demonstrated chunk end points (1 s ahead), cm (H1). */
    public static double endpointErrorCm(EpisodeTrace t) {
        return 100 * mean(t.steps().stream().mapToDouble(StepRecord::endpointErrorM).toArray());
    }

    /** Mean normalised L1 of the hand's chunks (H1). */
    public static double bcL1(EpisodeTrace t) {
        return mean(t.steps().stream().mapToDouble(StepRecord::bcL1).toArray());
    }

    /** Share of video-advancing steps with the phase's relevant object in the fovea. */
    public static double targetInFovea(EpisodeTrace t) {
        return share(t.steps().stream().filter(s -> !s.searching()).map(StepRecord::relevantInFovea).toList());
    }

    /**
     * Mean length, in steps, of fixations: maximal runs of consecutive steps whose gaze moved at most
     * 1° from the step before (H3). A gaze that moves every step has dwell 1.
     */
    public static double meanDwellSteps(EpisodeTrace t) {
        List<StepRecord> s = t.steps();
        if (s.isEmpty()) {
            return Double.NaN;
        }
        List<Integer> runs = new ArrayList<>();
        int run = 1;
        for (int i = 1; i < s.size(); i++) {
            if (angle(s.get(i - 1), s.get(i)) <= FIXATION_STEP_RAD) {
                run++;
            } else {
                runs.add(run);
                run = 1;
            }
        }
        runs.add(run);
        return runs.stream().mapToInt(Integer::intValue).average().orElse(Double.NaN);
    }

    /** Share of eye actions that are "stay" or a 1° step (H3). */
    public static double smallActionShare(EpisodeTrace t) {
        return share(t.steps().stream().map(s -> s.actionStepDeg() <= 1.0 + 1e-9).toList());
    }

    /** Mean angular speed of the gaze between consecutive steps, degrees per second (H3). */
    public static double gazeSpeedDegPerSecond(EpisodeTrace t) {
        List<StepRecord> s = t.steps();
        double[] speeds = new double[Math.max(0, s.size() - 1)];
        for (int i = 1; i < s.size(); i++) {
            speeds[i - 1] = Math.toDegrees(angle(s.get(i - 1), s.get(i))) / t.stepSeconds();
        }
        return mean(speeds);
    }

    /** Mean angle between gaze and gripper while the arm moves and the video advances, degrees (H4). */
    public static double trackingErrorDeg(EpisodeTrace t) {
        return Math.toDegrees(mean(t.steps().stream()
                .filter(s -> !s.searching() && s.armMoving())
                .mapToDouble(StepRecord::gripperAngle).toArray()));
    }

    /** Share of advancing steps with the gripper open whose fovea holds the object (H7). */
    public static double objectGazeWhileOpen(EpisodeTrace t) {
        return share(t.steps().stream().filter(s -> !s.searching() && !s.gripperClosed())
                .map(StepRecord::objectInFovea).toList());
    }

    /** Share of advancing steps with the gripper closed whose fovea holds the target (H7). */
    public static double targetGazeWhileClosed(EpisodeTrace t) {
        return share(t.steps().stream().filter(s -> !s.searching() && s.gripperClosed())
                .map(StepRecord::targetInFovea).toList());
    }

    /** Mean of the finite values; NaN if there are none. */
    static double mean(double[] values) {
        double sum = 0;
        int n = 0;
        for (double v : values) {
            if (Double.isFinite(v)) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    private static double share(List<Boolean> flags) {
        if (flags.isEmpty()) {
            return Double.NaN;
        }
        return flags.stream().filter(b -> b).count() / (double) flags.size();
    }

    private static double angle(StepRecord a, StepRecord b) {
        return Sphere.angleBetween(a.yaw(), a.pitch(), b.yaw(), b.pitch());
    }
}
