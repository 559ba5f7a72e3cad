package dev.saccade.gym.policy;

import dev.saccade.gym.eye.EyeActions;
import dev.saccade.gym.eye.GazeLimits;
import dev.saccade.sphere.Gaze;
import dev.saccade.sphere.Sphere;

/**
 * A greedy controller for scripted eyes: of the 25 actions, the one that brings the gaze closest
 * (great-circle angle, after clamping to the limits) to a direction. Ties go to the lower action
 * index, so it stays put once no step helps. It covers 10° per step when far and settles within
 * about 0.5° of a still target.
 */
public final class Saccades {
    private Saccades() {}

    /** The action that moves {@code gaze} closest to {@code (yaw, pitch)}. */
    public static int toward(Gaze gaze, double yaw, double pitch, GazeLimits limits) {
        int best = EyeActions.STAY;
        double bestAngle = Double.POSITIVE_INFINITY;
        for (int a = 0; a < EyeActions.COUNT; a++) {
            Gaze next = EyeActions.apply(gaze, a, limits);
            double angle = Sphere.angleBetween(next.yaw(), next.pitch(), yaw, pitch);
            if (angle < bestAngle - 1e-12) {
                bestAngle = angle;
                best = a;
            }
        }
        return best;
    }
}
