package dev.saccade.runtime.sim;

import dev.saccade.runtime.robot.JointLimits;

/**
 * How the simulated arm follows a joint target: per joint, a controller that heads for the target
 * so as to reach it by the end of the control period, never faster than the joint's speed limit,
 * never accelerating or braking harder than its acceleration limit, and braking in time to stop at
 * the target (speed at most what steps slowing by {@code a·h} can shed within the distance). Positions stay within the joint range.
 */
final class ArmDynamics {
    private ArmDynamics() {}

    /**
     * The fastest speed to move at for the next step of {@code h} seconds such that steps slowing by
     * {@code a·h} each stop within {@code distance}: with {@code v = a·h·(m + f)} the steps cover
     * {@code a·h²·(m + 1)·(f + m/2)}, solved for the largest whole {@code m}, then {@code f ≤ 1}.
     */
    static double brakingSpeed(double distance, double a, double h) {
        double u = distance / (a * h * h);
        double m = Math.floor((-1 + Math.sqrt(1 + 8 * u)) / 2);
        double f = (u - m * (m + 1) / 2) / (m + 1);
        return a * h * (m + Math.min(f, 1));
    }

    /** Advances {@code q}, {@code qd} in place by {@code h} seconds toward {@code target}, reaching for it within {@code period}. */
    static void step(double[] q, double[] qd, double[] target, JointLimits limits, double h, double period) {
        for (int j = 0; j < q.length; j++) {
            double goal = Math.max(limits.min(j), Math.min(limits.max(j), target[j]));
            double error = goal - q[j];
            double a = limits.acceleration(j), distance = Math.abs(error);
            double speed = Math.min(distance / period, limits.velocity(j));
            speed = Math.min(speed, brakingSpeed(distance, a, h));
            double wanted = Math.copySign(speed, error);
            // Never so fast toward an end of the range that it could not stop there (the target may turn away later).
            wanted = Math.max(-brakingSpeed(q[j] - limits.min(j), a, h), Math.min(brakingSpeed(limits.max(j) - q[j], a, h), wanted));
            double dv = Math.max(-a * h, Math.min(a * h, wanted - qd[j]));
            qd[j] += dv;
            q[j] += qd[j] * h;
            // Braking lands exactly on a range end; rounding may step past it by an ulp. The next step stops it.
            q[j] = Math.max(limits.min(j), Math.min(limits.max(j), q[j]));
        }
    }
}
