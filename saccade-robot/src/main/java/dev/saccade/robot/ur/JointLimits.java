package dev.saccade.robot.ur;

import java.util.Arrays;

/**
 * Per-joint limits of a six-joint arm: position range (rad), speed (rad/s) and acceleration
 * (rad/s²). Both the driver and the simulated controller enforce them.
 */
public record JointLimits(double[] lower, double[] upper, double[] velocity, double[] acceleration) {
    /** Number of joints. */
    public static final int JOINTS = 6;

    /**
     * The UR5e: ±2π on every joint except the elbow, ±π (as in UR's ur_description joint limits,
     * the elbow cannot pass through the upper arm); 180°/s on every joint (UR5e data sheet); and
     * 20 rad/s², the acceleration this project's simulator and stops use.
     */
    public static final JointLimits UR5E = new JointLimits(
            new double[] {-2 * Math.PI, -2 * Math.PI, -Math.PI, -2 * Math.PI, -2 * Math.PI, -2 * Math.PI},
            new double[] {2 * Math.PI, 2 * Math.PI, Math.PI, 2 * Math.PI, 2 * Math.PI, 2 * Math.PI},
            filled(Math.PI), filled(20.0));

    public JointLimits {
        lower = lower.clone();
        upper = upper.clone();
        velocity = velocity.clone();
        acceleration = acceleration.clone();
        for (double[] a : new double[][] {lower, upper, velocity, acceleration}) {
            if (a.length != JOINTS) {
                throw new IllegalArgumentException("joint limits need " + JOINTS + " values, got " + a.length);
            }
        }
        for (int j = 0; j < JOINTS; j++) {
            if (!(lower[j] < upper[j]) || !(velocity[j] > 0) || !(acceleration[j] > 0)
                    || !Double.isFinite(upper[j] - lower[j]) || !Double.isFinite(velocity[j])
                    || !Double.isFinite(acceleration[j])) {
                throw new IllegalArgumentException("joint " + j + " has no valid limits");
            }
        }
    }

    /** Whether {@code q} has six finite values inside the position limits. */
    public boolean contains(double[] q) {
        return firstViolation(q) < 0;
    }

    /** The first joint that is not finite or outside its range, or -1. */
    public int firstViolation(double[] q) {
        if (q.length != JOINTS) {
            return 0;
        }
        for (int j = 0; j < JOINTS; j++) {
            if (!(q[j] >= lower[j] && q[j] <= upper[j])) {
                return j;
            }
        }
        return -1;
    }

    /** {@code q} clamped into the position limits (finite values only). */
    public double[] clamp(double[] q) {
        double[] out = new double[JOINTS];
        for (int j = 0; j < JOINTS; j++) {
            out[j] = Math.min(upper[j], Math.max(lower[j], q[j]));
        }
        return out;
    }

    // Accessors hand out copies: the limits are shared and must not change under a running arm.
    @Override public double[] lower() { return lower.clone(); }
    @Override public double[] upper() { return upper.clone(); }
    @Override public double[] velocity() { return velocity.clone(); }
    @Override public double[] acceleration() { return acceleration.clone(); }

    /** Lower limit of joint {@code j}. */
    public double lower(int j) { return lower[j]; }
    /** Upper limit of joint {@code j}. */
    public double upper(int j) { return upper[j]; }
    /** Speed limit of joint {@code j}. */
    public double velocity(int j) { return velocity[j]; }
    /** Acceleration limit of joint {@code j}. */
    public double acceleration(int j) { return acceleration[j]; }

    @Override
    public boolean equals(Object o) {
        return o instanceof JointLimits l && Arrays.equals(l.lower, lower) && Arrays.equals(l.upper, upper)
                && Arrays.equals(l.velocity, velocity) && Arrays.equals(l.acceleration, acceleration);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(lower) ^ Arrays.hashCode(upper) ^ Arrays.hashCode(velocity);
    }

    @Override
    public String toString() {
        return "JointLimits[lower=" + Arrays.toString(lower) + ", upper=" + Arrays.toString(upper)
                + ", velocity=" + Arrays.toString(velocity) + ", acceleration=" + Arrays.toString(acceleration) + "]";
    }

    private static double[] filled(double v) {
        double[] a = new double[JOINTS];
        Arrays.fill(a, v);
        return a;
    }
}
