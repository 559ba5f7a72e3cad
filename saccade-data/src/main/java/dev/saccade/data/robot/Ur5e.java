package dev.saccade.data.robot;

import dev.saccade.sphere.Rotation;
import dev.saccade.sphere.Vec3;

/**
 * Forward kinematics of the UR5e from its URDF chain (reference/eyerobot.md §10.4), in the robot
 * base frame (z up). Joints in the order base (pan), shoulder (lift), elbow, wrist1, wrist2, wrist3,
 * radians; all revolute.
 *
 * <p>At all-zero joints the arm lies stretched along +X. {@link #tool0Position} is the allocation-free
 * hot path used by rewards (tens of calls per environment step).
 */
public final class Ur5e {
    /** Number of arm joints (the gripper is a separate, seventh value in states and actions). */
    public static final int JOINTS = 6;

    // Lengths of the chain below, named as in UR's DH tables; the analytic IK (Ur5eIk) uses them.
    /** Height of the shoulder joint above the base. */
    static final double D1 = 0.163;
    /** Upper arm length (shoulder to elbow). */
    static final double A2 = 0.425;
    /** Forearm length (elbow to wrist 1). */
    static final double A3 = 0.392;
    /** Sideways offset of the wrist from the base axis: 0.138 − 0.131 + 0.127. */
    static final double D4 = 0.138 - 0.131 + 0.127;
    /** Wrist 1 to wrist 2 sideways offset. */
    static final double WRIST1_TO_2 = 0.127;
    /** Wrist 2 to wrist 3 offset. */
    static final double D5 = 0.1;
    /** Wrist 3 to tool0 offset (along tool0's z axis). */
    static final double D6 = 0.1;

    /** Joint frames relative to their parents at zero angle: URDF origin xyz and rpy. */
    private static final Pose[] ORIGINS = {
        Pose.urdf(0, 0, 0.163, 0, 0, 0),                  // shoulder_pan
        Pose.urdf(0, 0.138, 0, 0, Math.PI / 2, 0),        // shoulder_lift
        Pose.urdf(0, -0.131, 0.425, 0, 0, 0),             // elbow
        Pose.urdf(0, 0, 0.392, 0, Math.PI / 2, 0),        // wrist_1
        Pose.urdf(0, 0.127, 0, 0, 0, 0),                  // wrist_2
        Pose.urdf(0, 0, 0.1, 0, 0, 0),                    // wrist_3
    };
    /** Joint axes in their own frames. */
    private static final Vec3[] AXES = {Vec3.Z, Vec3.Y, Vec3.Y, Vec3.Y, Vec3.Z, Vec3.Y};
    /** tool0 relative to wrist_3 (fixed). */
    private static final Pose TOOL0 = Pose.urdf(0, 0.1, 0, -Math.PI / 2, 0, 0);

    private Ur5e() {}

    /**
     * The frames of the six joints (after their rotation) and of tool0, in the base frame:
     * index 0..5 = shoulder_pan … wrist_3 link frames, index 6 = tool0.
     */
    public static Pose[] frames(double[] q) {
        requireJoints(q);
        Pose[] out = new Pose[JOINTS + 1];
        Pose t = Pose.IDENTITY;
        for (int j = 0; j < JOINTS; j++) {
            t = t.times(ORIGINS[j]).times(new Pose(Rotation.about(AXES[j], q[j]), new Vec3(0, 0, 0)));
            out[j] = t;
        }
        out[JOINTS] = t.times(TOOL0);
        return out;
    }

    /** The pose of tool0 in the base frame. */
    public static Pose tool0(double[] q) {
        return frames(q)[JOINTS];
    }

    /**
     * Writes tool0's position for joints {@code q[offset..offset+5]} (floats, as stored in datasets)
     * into {@code out[0..2]}, with two small scratch arrays (no per-joint objects).
     */
    public static void tool0Position(float[] q, int offset, double[] out) {
        double[] r = {1, 0, 0, 0, 1, 0, 0, 0, 1}; // accumulated rotation, row-major
        double[] tmp = new double[9];
        double px = 0, py = 0, pz = 0;
        for (int j = 0; j <= JOINTS; j++) {
            double[] ot = ORIGIN_T[j];
            px += r[0] * ot[0] + r[1] * ot[1] + r[2] * ot[2];
            py += r[3] * ot[0] + r[4] * ot[1] + r[5] * ot[2];
            pz += r[6] * ot[0] + r[7] * ot[1] + r[8] * ot[2];
            multiply(r, ORIGIN_R[j], tmp);
            if (j < JOINTS) {
                rotateByJoint(tmp, AXES[j] == Vec3.Z, q[offset + j], r);
            } else {
                System.arraycopy(tmp, 0, r, 0, 9);
            }
        }
        out[0] = px;
        out[1] = py;
        out[2] = pz;
    }

    /** Translations and rotations (row-major) of the fixed origins, tool0 last. */
    private static final double[][] ORIGIN_T = new double[JOINTS + 1][];
    private static final double[][] ORIGIN_R = new double[JOINTS + 1][];

    static {
        for (int j = 0; j <= JOINTS; j++) {
            Pose o = j < JOINTS ? ORIGINS[j] : TOOL0;
            Vec3 t = o.translation();
            Rotation m = o.rotation();
            ORIGIN_T[j] = new double[] {t.x(), t.y(), t.z()};
            ORIGIN_R[j] = new double[] {m.m00(), m.m01(), m.m02(), m.m10(), m.m11(), m.m12(), m.m20(), m.m21(), m.m22()};
        }
    }

    private static void multiply(double[] a, double[] b, double[] out) {
        for (int i = 0; i < 3; i++) {
            for (int k = 0; k < 3; k++) {
                out[3 * i + k] = a[3 * i] * b[k] + a[3 * i + 1] * b[3 + k] + a[3 * i + 2] * b[6 + k];
            }
        }
    }

    /** out = m · R(axis, angle) for axis z ({@code aboutZ}) or y. */
    private static void rotateByJoint(double[] m, boolean aboutZ, double angle, double[] out) {
        double c = Math.cos(angle);
        double s = Math.sin(angle);
        for (int i = 0; i < 3; i++) {
            double a = m[3 * i], b = m[3 * i + 1], d = m[3 * i + 2];
            if (aboutZ) { // Rz = [[c,-s,0],[s,c,0],[0,0,1]]
                out[3 * i] = a * c + b * s;
                out[3 * i + 1] = -a * s + b * c;
                out[3 * i + 2] = d;
            } else {      // Ry = [[c,0,s],[0,1,0],[-s,0,c]]
                out[3 * i] = a * c - d * s;
                out[3 * i + 1] = b;
                out[3 * i + 2] = a * s + d * c;
            }
        }
    }

    private static void requireJoints(double[] q) {
        if (q.length < JOINTS) {
            throw new IllegalArgumentException("UR5e needs " + JOINTS + " joint angles, got " + q.length);
        }
    }
}
