package dev.saccade.runtime.robot;

import java.util.Arrays;

/**
 * What an arm's joints may do, per joint in the order base, shoulder, elbow, wrist 1, 2, 3:
 * positions within {@code [min, max]} (rad), speeds up to {@code velocity} (rad/s), accelerations
 * up to {@code acceleration} (rad/s²). Arrays are copied in and out.
 */
public record JointLimits(double[] min, double[] max, double[] velocity, double[] acceleration) {
    public JointLimits {
        int n = min.length;
        if (n == 0 || max.length != n || velocity.length != n || acceleration.length != n) {
            throw new IllegalArgumentException("joint limits need one value per joint in each array");
        }
        for (int j = 0; j < n; j++) {
            if (!(min[j] < max[j]) || !(velocity[j] > 0) || !(acceleration[j] > 0)) {
                throw new IllegalArgumentException("bad limits for joint " + j);
            }
        }
        min = min.clone();
        max = max.clone();
        velocity = velocity.clone();
        acceleration = acceleration.clone();
    }

    /**
     * The UR5e's (Universal Robots' ur_description joint_limits.yaml for the ur5e): ±360° for every
     * joint but the elbow (±180°), 180°/s for every joint. The acceleration, 15 rad/s² (860°/s²), is
     * Saccade's choice: within what a UR5e servoing joint targets reaches, and above the scripted
     * expert's peaks.
     */
    public static JointLimits ur5e() {
        double t = 2 * Math.PI, p = Math.PI;
        return new JointLimits(new double[] {-t, -t, -p, -t, -t, -t}, new double[] {t, t, p, t, t, t},
                filled(Math.PI), filled(15));
    }

    private static double[] filled(double v) {
        double[] a = new double[6];
        Arrays.fill(a, v);
        return a;
    }

    /** Number of joints. */
    public int joints() {
        return min.length;
    }

    @Override
    public double[] min() {
        return min.clone();
    }

    @Override
    public double[] max() {
        return max.clone();
    }

    @Override
    public double[] velocity() {
        return velocity.clone();
    }

    @Override
    public double[] acceleration() {
        return acceleration.clone();
    }

    public double min(int j) {
        return min[j];
    }

    public double max(int j) {
        return max[j];
    }

    public double velocity(int j) {
        return velocity[j];
    }

    public double acceleration(int j) {
        return acceleration[j];
    }

    /** Whether every joint of {@code q} lies within its range. */
    public boolean contains(double[] q) {
        for (int j = 0; j < min.length; j++) {
            if (!(q[j] >= min[j] && q[j] <= max[j])) {
                return false;
            }
        }
        return true;
    }
}
