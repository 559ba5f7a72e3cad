package dev.saccade.runtime.robot;

import dev.saccade.data.Features;

/**
 * The arm as measured at one instant: joint positions (rad) and velocities (rad/s) in the order
 * base … wrist 3, and the gripper's state (0 open … 1 closed). {@code time} is seconds since the
 * robot was opened. Arrays are copied in and out.
 */
public record RobotState(double time, double[] joints, double[] velocities, double gripper) {
    public RobotState {
        if (joints.length != velocities.length) {
            throw new IllegalArgumentException("one velocity per joint");
        }
        joints = joints.clone();
        velocities = velocities.clone();
    }

    @Override
    public double[] joints() {
        return joints.clone();
    }

    @Override
    public double[] velocities() {
        return velocities.clone();
    }

    public double joint(int j) {
        return joints[j];
    }

    /** The dataset's {@code observation.state} and the policy's proprioception: the joints and the gripper, as floats. */
    public float[] proprio() {
        float[] p = new float[joints.length + 1];
        for (int j = 0; j < joints.length; j++) {
            p[j] = (float) joints[j];
        }
        p[joints.length] = (float) gripper;
        return p;
    }

    /** Values in a dataset row (the same as {@link #proprio()}), {@value Features#JOINT_DIM} for a UR5e. */
    public int dims() {
        return joints.length + 1;
    }
}
