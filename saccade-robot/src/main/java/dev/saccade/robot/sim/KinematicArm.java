package dev.saccade.robot.sim;

import dev.saccade.robot.ur.JointLimits;

/**
 * A kinematic six-joint arm (by default the UR5e) that follows servo targets the way servoj
 * behaves to the eye: each joint moves toward its target as a first-order follower with time
 * constant {@code lookahead + 1/gain}, never faster than its speed limit, never accelerating harder
 * than its acceleration limit, slowing in time to stop at the target, and never leaving its
 * position range (a joint that reaches a limit stops there). A model of the behaviour, not UR's
 * controller: no dynamics, no torques.
 */
public final class KinematicArm implements ControllerBackend {
    private final JointLimits limits;
    private final double[] q;
    private final double[] qd = new double[JointLimits.JOINTS];
    private final double[] target;

    /** An arm at rest at {@code start} (clamped into the limits). */
    public KinematicArm(JointLimits limits, double[] start) {
        this.limits = limits;
        for (double v : start) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("start position must be finite");
            }
        }
        this.q = limits.clamp(start);
        this.target = q.clone();
    }

    /** A UR5e at rest in a typical home pose (shoulder up, elbow bent, tool down). */
    public static KinematicArm ur5eHome() {
        return new KinematicArm(JointLimits.UR5E, HOME);
    }

    /** The home pose used by {@link #ur5eHome()}. */
    public static final double[] HOME = {0, -Math.PI / 2, Math.PI / 2, -Math.PI / 2, -Math.PI / 2, 0};

    @Override
    public JointLimits limits() {
        return limits;
    }

    @Override
    public void step(double dt, ArmCommand command) {
        if (!(dt > 0) || !Double.isFinite(dt)) {
            throw new IllegalArgumentException("time step must be positive, got " + dt);
        }
        if (command instanceof ArmCommand.Servo servo) {
            double[] t = servo.target();
            boolean finite = true;
            for (double v : t) {
                finite &= Double.isFinite(v);
            }
            double tau = servo.lookahead() + 1 / servo.gain();
            if (!finite || t.length != JointLimits.JOINTS || !(tau > 0) || !Double.isFinite(tau)) {
                stop(dt, Double.POSITIVE_INFINITY); // a target that cannot be followed: stop
                return;
            }
            double[] clamped = limits.clamp(t);
            for (int j = 0; j < JointLimits.JOINTS; j++) {
                target[j] = clamped[j];
                double a = limits.acceleration(j);
                double error = clamped[j] - q[j];
                double speed = Math.min(Math.min(Math.abs(error) / tau, limits.velocity(j)), Math.sqrt(2 * a * Math.abs(error)));
                double wanted = Math.copySign(speed, error);
                qd[j] += Math.max(-a * dt, Math.min(a * dt, wanted - qd[j]));
                integrate(j, dt);
            }
        } else if (command instanceof ArmCommand.Stop stop) {
            stop(dt, stop.deceleration());
        }
    }

    private void stop(double dt, double deceleration) {
        for (int j = 0; j < JointLimits.JOINTS; j++) {
            double a = Double.isNaN(deceleration) ? limits.acceleration(j)
                    : Math.min(Math.max(deceleration, 0.1), limits.acceleration(j));
            double dv = a * dt;
            qd[j] = Math.abs(qd[j]) <= dv ? 0 : qd[j] - Math.copySign(dv, qd[j]);
            integrate(j, dt);
            target[j] = q[j];
        }
    }

    private void integrate(int j, double dt) {
        qd[j] = Math.max(-limits.velocity(j), Math.min(limits.velocity(j), qd[j]));
        q[j] += qd[j] * dt;
        if (q[j] <= limits.lower(j)) {
            q[j] = limits.lower(j);
            qd[j] = Math.max(0, qd[j]);
        } else if (q[j] >= limits.upper(j)) {
            q[j] = limits.upper(j);
            qd[j] = Math.min(0, qd[j]);
        }
    }

    @Override
    public ArmState state() {
        return new ArmState(q, qd, target);
    }
}
