package dev.saccade.runtime.sim;

import dev.saccade.runtime.robot.JointLimits;

/**
 * How the simulated arm follows a joint target: per joint, a controller that heads for the target
 * so as to reach it by the end of the control period, never faster than the joint's speed limit,
 * never accelerating or braking harder than its acceleration limit, and braking in time to stop at
 * the target (speed at most {@code √(2·a·distance)}). Positions stay within the joint range.
 */
final class ArmDynamics {
    private ArmDynamics() {}

    /** Advances {@code q}, {@code qd} in place by {@code h} seconds toward {@code target}, reaching for it within {@code period}. */
    static void step(double[] q, double[] qd, double[] target, JointLimits limits, double h, double period) {
        for (int j = 0; j < q.length; j++) {
            double error = target[j] - q[j];
            double speed = Math.min(Math.abs(error) / period, limits.velocity(j));
            speed = Math.min(speed, Math.sqrt(2 * limits.acceleration(j) * Math.abs(error)));
            double wanted = Math.copySign(speed, error);
            double dv = Math.max(-limits.acceleration(j) * h, Math.min(limits.acceleration(j) * h, wanted - qd[j]));
            qd[j] += dv;
            q[j] += qd[j] * h;
            if (q[j] < limits.min(j) || q[j] > limits.max(j)) {
                q[j] = Math.max(limits.min(j), Math.min(limits.max(j), q[j]));
                qd[j] = 0;
            }
        }
    }
}
