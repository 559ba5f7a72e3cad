package dev.saccade.data.robot;

import dev.saccade.sphere.Rotation;
import dev.saccade.sphere.Vec3;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Analytic inverse kinematics of the UR5e chain in {@link Ur5e}: every joint vector whose tool0
 * pose is a given pose (up to eight: shoulder left/right × wrist up/down × elbow up/down).
 *
 * <p>The derivation follows the usual UR closed form, redone for the URDF frames: wrist 3 sits
 * {@code D6} behind tool0 along tool0's z; all offsets sideways of the arm plane add up to
 * {@code D4}, which fixes the base angle; the tool's z axis against the arm plane's normal fixes
 * wrist 2; the tool's x and y fix wrist 3; what remains is a planar two-link arm plus wrist 1.
 * Poses with wrist 2 at 0 or π (wrist 3 parallel to the shoulder axes) are singular; there wrist 3
 * is set to 0 and wrist 1 takes the rest of the rotation.
 */
public final class Ur5eIk {
    private Ur5eIk() {}

    /** Every exact solution for {@code target}, each joint in (−π, π]; empty if out of reach. */
    public static List<double[]> solveAll(Pose target) {
        Rotation r = target.rotation();
        Vec3 xt = new Vec3(r.m00(), r.m10(), r.m20());
        Vec3 yt = new Vec3(r.m01(), r.m11(), r.m21());
        Vec3 zt = new Vec3(r.m02(), r.m12(), r.m22());
        Vec3 wrist3 = target.translation().minus(zt.times(Ur5e.D6));
        double rho = Math.hypot(wrist3.x(), wrist3.y());
        List<double[]> out = new ArrayList<>(8);
        if (rho < Ur5e.D4) {
            return out; // the wrist would have to sit inside the shoulder's sideways offset
        }
        double phi = Math.atan2(wrist3.y(), wrist3.x());
        double side = Math.asin(Ur5e.D4 / rho);
        for (double q1 : new double[] {phi - side, phi - Math.PI + side}) {
            Vec3 armNormal = new Vec3(-Math.sin(q1), Math.cos(q1), 0); // the shoulder/elbow/wrist-1 axis
            Vec3 armForward = new Vec3(Math.cos(q1), Math.sin(q1), 0);
            double c5 = clamp(zt.dot(armNormal));
            for (double sign : new double[] {1, -1}) {
                double q5 = sign * Math.acos(c5);
                double s5 = Math.sin(q5);
                double q6 = Math.abs(s5) < 1e-10 ? 0 : Math.atan2(-armNormal.dot(yt) / s5, armNormal.dot(xt) / s5);
                // R_tool = Rz(q1)·Ry(S)·Rz(q5)·Ry(q6)·Rx(−π/2) with S = π + q2 + q3 + q4.
                Rotation ra = r.times(Rotation.about(Vec3.X, Math.PI / 2))
                        .times(Rotation.about(Vec3.Y, -q6)).times(Rotation.about(Vec3.Z, -q5));
                Rotation m = Rotation.about(Vec3.Z, -q1).times(ra);
                double sum = Math.atan2(m.m02(), m.m00());
                Vec3 wrist2Axis = new Vec3(ra.m02(), ra.m12(), ra.m22());
                Vec3 wrist1 = wrist3.minus(wrist2Axis.times(Ur5e.D5)).minus(armNormal.times(Ur5e.WRIST1_TO_2));
                double u = wrist1.dot(armForward);
                double w = Ur5e.D1 - wrist1.z();
                double c3 = (u * u + w * w - Ur5e.A2 * Ur5e.A2 - Ur5e.A3 * Ur5e.A3) / (2 * Ur5e.A2 * Ur5e.A3);
                if (Math.abs(c3) > 1 + 1e-9) {
                    continue;
                }
                for (double elbow : new double[] {1, -1}) {
                    double q3 = elbow * Math.acos(clamp(c3));
                    double q2 = Math.atan2(w, u) - Math.atan2(Ur5e.A3 * Math.sin(q3), Ur5e.A2 + Ur5e.A3 * Math.cos(q3));
                    double q4 = sum - Math.PI - q2 - q3;
                    out.add(new double[] {wrap(q1), wrap(q2), wrap(q3), wrap(q4), wrap(q5), wrap(q6)});
                }
            }
        }
        return out;
    }

    /**
     * The solution for {@code target} nearest to {@code near} (each joint moved by whole turns to the
     * value closest to {@code near}, staying within ±2π; the elbow stays in (−π, π]), or empty if the
     * pose is out of reach. This is what keeps a trajectory on one branch frame after frame.
     */
    public static Optional<double[]> solveNear(Pose target, double[] near) {
        double[] best = null;
        double bestCost = Double.POSITIVE_INFINITY;
        for (double[] q : solveAll(target)) {
            double cost = 0;
            for (int j = 0; j < Ur5e.JOINTS; j++) {
                if (j != 2) {
                    q[j] = nearestTurn(q[j], near[j]);
                }
                double d = q[j] - near[j];
                cost += d * d;
            }
            if (cost < bestCost) {
                bestCost = cost;
                best = q;
            }
        }
        return Optional.ofNullable(best);
    }

    /** A tool0 pose pointing straight down (tool z = −z of the base) with its x axis at {@code yaw}. */
    public static Pose topDown(Vec3 tool0, double yaw) {
        double c = Math.cos(yaw);
        double s = Math.sin(yaw);
        Vec3 x = new Vec3(c, s, 0);
        Vec3 y = new Vec3(s, -c, 0);
        Vec3 z = new Vec3(0, 0, -1);
        return new Pose(Rotation.ofColumns(x, y, z), tool0);
    }

    /** {@code q} plus whole turns, as close to {@code ref} as possible within [−2π, 2π]. */
    static double nearestTurn(double q, double ref) {
        double v = q + 2 * Math.PI * Math.rint((ref - q) / (2 * Math.PI));
        while (v > 2 * Math.PI) {
            v -= 2 * Math.PI;
        }
        while (v < -2 * Math.PI) {
            v += 2 * Math.PI;
        }
        return v;
    }

    private static double wrap(double a) {
        double w = Math.IEEEremainder(a, 2 * Math.PI);
        return w <= -Math.PI ? w + 2 * Math.PI : w;
    }

    private static double clamp(double c) {
        return Math.max(-1, Math.min(1, c));
    }
}
