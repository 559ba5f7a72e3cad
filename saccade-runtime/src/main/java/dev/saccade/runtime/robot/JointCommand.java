package dev.saccade.runtime.robot;

/**
 * A target for the arm to reach by the end of the next control period: joint positions (rad) and
 * the gripper's command (0 open … 1 closed). The runtime checks limits before a command is made;
 * a robot still refuses one outside its limits. Arrays are copied in and out.
 */
public record JointCommand(double[] joints, double gripper) {
    public JointCommand {
        joints = joints.clone();
    }

    @Override
    public double[] joints() {
        return joints.clone();
    }

    public double joint(int j) {
        return joints[j];
    }

    /** The dataset's {@code action} row: the joints and the gripper command, as floats. */
    public float[] toAction() {
        float[] a = new float[joints.length + 1];
        for (int j = 0; j < joints.length; j++) {
            a[j] = (float) joints[j];
        }
        a[joints.length] = (float) gripper;
        return a;
    }
}
