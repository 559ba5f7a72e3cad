package dev.saccade.eval.metrics;

import dev.saccade.sphere.Sphere;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The per-episode metrics of the evaluation (issue 6, claims H1, H3, H4, H7). Each method returns one
 * number for one episode; the evaluation turns many episodes into means with confidence intervals.
 * NaN means "undefined for this episode" (e.g. tracking error when the arm never moves, fovea hits
 * on an episode without annotations) and is left out of the interval.
 *
 * <p>Which steps count: the hand's Chamfer error over every step (the eye's reward, paused search
 * steps included, as the original's episode return) and over the playing steps apart; BC L1 and the
 * gaze-on-target metrics over playing steps (the video advances, the arm acts; training leaves the
 * paused steps out of BC too); fixation metrics over all steps.
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
        m.put("hand_error_playing_cm", "cm");
        m.put("endpoint_error_cm", "cm");
        m.put("bc_l1", "normalised L1");
        m.put("target_in_fovea", "share of steps");
        m.put("relevant_angle_deg", "deg");
        m.put("dwell_steps", "steps");
        m.put("small_action_share", "share of actions");
        m.put("gaze_speed_deg_s", "deg/s");
        m.put("tracking_error_deg", "deg");
        m.put("object_gaze_open", "share of open-gripper steps");
        m.put("target_gaze_closed", "share of closed-gripper steps");
        return Collections.unmodifiableMap(m); // keeps the order, unlike Map.copyOf
    }

    /** One line per metric saying what it measures, for reports. */
    public static final Map<String, String> DESCRIPTIONS = descriptions();

    private static Map<String, String> descriptions() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("hand_error_cm", "the hand's one-sided tool0 Chamfer error per step (the eye's reward), mean over all steps (H1)");
        m.put("hand_error_playing_cm", "the same over the steps where the video plays (the arm acts)");
        m.put("endpoint_error_cm", "distance between the predicted and demonstrated tool0 position 1 s ahead (H1, E-stop style)");
        m.put("bc_l1", "the hand's normalised L1 error, as the BC loss, over playing steps (H1)");
        m.put("target_in_fovea", "share of playing steps with the phase's relevant thing in the fovea (object while open, target while closed)");
        m.put("relevant_angle_deg", "mean angle between the gaze and the phase's relevant thing, playing steps");
        m.put("dwell_steps", "mean length of fixations: runs of steps moving at most 1° (H3)");
        m.put("small_action_share", "share of eye actions that stay or step 1° (H3)");
        m.put("gaze_speed_deg_s", "mean angular speed of the gaze (H3)");
        m.put("tracking_error_deg", "mean angle between gaze and gripper while the arm moves (H4)");
        m.put("object_gaze_open", "share of open-gripper playing steps with the object in the fovea (H7)");
        m.put("target_gaze_closed", "share of closed-gripper playing steps with the place target in the fovea (H7)");
        return Collections.unmodifiableMap(m);
    }

    /** All per-episode metrics of {@code t}, by name (see {@link #UNITS}). */
    public static Map<String, Double> all(EpisodeTrace t) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("hand_error_cm", handErrorCm(t));
        m.put("hand_error_playing_cm", handErrorPlayingCm(t));
        m.put("endpoint_error_cm", endpointErrorCm(t));
        m.put("bc_l1", bcL1(t));
        m.put("target_in_fovea", targetInFovea(t));
        m.put("relevant_angle_deg", relevantAngleDeg(t));
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

    /** Mean Chamfer error, cm, over the steps where the video plays. */
    public static double handErrorPlayingCm(EpisodeTrace t) {
        return 100 * mean(playing(t).mapToDouble(StepRecord::handErrorM).toArray());
    }

    /** Mean distance between predicted and demonstrated chunk end points (1 s ahead), cm (H1). */
    public static double endpointErrorCm(EpisodeTrace t) {
        return 100 * mean(t.steps().stream().mapToDouble(StepRecord::endpointErrorM).toArray());
    }

    /** Mean normalised L1 of the hand's chunks over playing steps, as the BC loss (H1). */
    public static double bcL1(EpisodeTrace t) {
        return mean(playing(t).mapToDouble(StepRecord::bcL1).toArray());
    }

    /** Share of playing steps with the phase's relevant object in the fovea. */
    public static double targetInFovea(EpisodeTrace t) {
        return seenShare(t, s -> !s.searching(), StepRecord::relevantInFovea);
    }

    /** Mean angle between the gaze and the phase's relevant thing over playing steps, degrees. */
    public static double relevantAngleDeg(EpisodeTrace t) {
        return Math.toDegrees(mean(playing(t).mapToDouble(StepRecord::relevantAngle).toArray()));
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

    /** Share of eye actions that are "stay" or a 1° step (H3); steps without an action are left out. */
    public static double smallActionShare(EpisodeTrace t) {
        return share(t, s -> Double.isFinite(s.actionStepDeg()), s -> s.actionStepDeg() <= 1.0 + 1e-9);
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
        return Math.toDegrees(mean(playing(t).filter(StepRecord::armMoving)
                .mapToDouble(StepRecord::gripperAngle).toArray()));
    }

    /** Share of playing steps with the gripper open whose fovea holds the object (H7). */
    public static double objectGazeWhileOpen(EpisodeTrace t) {
        return seenShare(t, s -> !s.searching() && !s.gripperClosed(), StepRecord::objectInFovea);
    }

    /** Share of playing steps with the gripper closed whose fovea holds the target (H7). */
    public static double targetGazeWhileClosed(EpisodeTrace t) {
        return seenShare(t, s -> !s.searching() && s.gripperClosed(), StepRecord::targetInFovea);
    }

    /** Mean of the finite values; NaN if there are none. */
    public static double mean(double[] values) {
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

    private static java.util.stream.Stream<StepRecord> playing(EpisodeTrace t) {
        return t.steps().stream().filter(s -> !s.searching());
    }

    /** Share of the steps passing {@code which} that pass {@code hit}; NaN if none pass {@code which}. */
    private static double share(EpisodeTrace t, Predicate<StepRecord> which, Predicate<StepRecord> hit) {
        int n = 0;
        int hits = 0;
        for (StepRecord s : t.steps()) {
            if (which.test(s)) {
                n++;
                hits += hit.test(s) ? 1 : 0;
            }
        }
        return n == 0 ? Double.NaN : (double) hits / n;
    }

    /** Like {@link #share} over annotated steps only: what is in the fovea is unknown without ground truth. */
    private static double seenShare(EpisodeTrace t, Predicate<StepRecord> which, Predicate<StepRecord> hit) {
        return share(t, s -> s.annotated() && which.test(s), hit);
    }

    private static double angle(StepRecord a, StepRecord b) {
        return Sphere.angleBetween(a.yaw(), a.pitch(), b.yaw(), b.pitch());
    }
}
