package dev.saccade.gym.policy;

import dev.saccade.gym.eye.EyeActions;
import dev.saccade.gym.eye.GazeLimits;
import dev.saccade.sphere.Gaze;
import java.util.Arrays;

/**
 * A greedy controller for scripted eyes: of the 25 actions, the one that brings the gaze closest
 * to a direction, measured in the eye's own (yaw, pitch) coordinates: yaw is not wrapped because
 * the eye cannot turn through the back of its arc, and a target outside the limits is aimed at
 * its nearest reachable gaze. (Greedy on the great-circle angle gets stuck at the edge of the arc
 * when the short way round is through the back.) Ties go to the lower action index, so it stays
 * put once no step helps. It covers 10° per step when far and settles within about 0.5°.
 */
public final class Saccades {
    private Saccades() {}

    /** The action that moves {@code gaze} closest to {@code (yaw, pitch)}. */
    public static int toward(Gaze gaze, double yaw, double pitch, GazeLimits limits) {
        return toward(gaze, yaw, pitch, limits, 0);
    }

    /**
     * As {@link #toward(Gaze, double, double, GazeLimits)}, but stays put while the direction is
     * within {@code settleRad} of the gaze: a steady fixation instead of 1° corrections around it
     * (those corrections depend on sub-patch detail, which makes them a noisy label to imitate).
     */
    public static int toward(Gaze gaze, double yaw, double pitch, GazeLimits limits, double settleRad) {
        double[] distance = distances(gaze, yaw, pitch, limits);
        if (distance[EyeActions.STAY] <= settleRad) {
            return EyeActions.STAY;
        }
        int best = EyeActions.STAY;
        for (int a = 0; a < distance.length; a++) {
            if (distance[a] < distance[best] - 1e-12) {
                best = a;
            }
        }
        return best;
    }

    /**
     * The soft version of {@link #toward(Gaze, double, double, GazeLimits, double)}, a distribution
     * over the 25 actions: inside the settle band all of it on staying put (what {@code toward}
     * does there), outside it every action weighted by {@code exp(−(d(a) − d_min) / temperatureRad)}
     * with d from {@link #distances}, so equally good saccades share the weight.
     */
    public static float[] towardSoftly(Gaze gaze, double yaw, double pitch, GazeLimits limits, double settleRad,
                                       double temperatureRad) {
        if (!(temperatureRad > 0)) {
            throw new IllegalArgumentException("temperature must be positive, got " + temperatureRad);
        }
        double[] d = distances(gaze, yaw, pitch, limits);
        float[] p = new float[d.length];
        if (d[EyeActions.STAY] <= settleRad) {
            p[EyeActions.STAY] = 1f;
            return p;
        }
        double min = Arrays.stream(d).min().orElseThrow();
        double sum = 0;
        for (int a = 0; a < d.length; a++) {
            sum += Math.exp(-(d[a] - min) / temperatureRad);
        }
        for (int a = 0; a < d.length; a++) {
            p[a] = (float) (Math.exp(-(d[a] - min) / temperatureRad) / sum);
        }
        return p;
    }

    /**
     * For each of the 25 actions, the distance (radians, in the eye's yaw and pitch) from the gaze
     * it leads to, to {@code (yaw, pitch)} clamped to the limits: what {@link #toward} minimises,
     * and what soft imitation labels weigh.
     */
    public static double[] distances(Gaze gaze, double yaw, double pitch, GazeLimits limits) {
        Gaze goal = limits.clamp(yaw, pitch);
        double[] out = new double[EyeActions.COUNT];
        for (int a = 0; a < out.length; a++) {
            Gaze next = EyeActions.apply(gaze, a, limits);
            out[a] = Math.hypot(next.yaw() - goal.yaw(), next.pitch() - goal.pitch());
        }
        return out;
    }
}
