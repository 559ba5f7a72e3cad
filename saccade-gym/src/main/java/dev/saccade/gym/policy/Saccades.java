package dev.saccade.gym.policy;

import dev.saccade.gym.eye.EyeActions;
import dev.saccade.gym.eye.GazeLimits;
import dev.saccade.sphere.Gaze;

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
        Gaze goal = limits.clamp(yaw, pitch);
        int best = EyeActions.STAY;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int a = 0; a < EyeActions.COUNT; a++) {
            Gaze next = EyeActions.apply(gaze, a, limits);
            double distance = Math.hypot(next.yaw() - goal.yaw(), next.pitch() - goal.pitch());
            if (distance < bestDistance - 1e-12) {
                bestDistance = distance;
                best = a;
            }
        }
        return best;
    }
}
