package dev.saccade.data.synth;

import dev.saccade.data.robot.Gripper;
import dev.saccade.data.robot.Pose;
import dev.saccade.data.robot.Ur5e;
import dev.saccade.sphere.Vec3;
import java.util.List;

/**
 * Draws the UR5e and its gripper from joint angles: grey links as capsules, joint housings as
 * cylinders along the joint axes with UR-blue caps, a black two-finger gripper whose fingers open
 * and close with the gripper state. Sizes follow the UR5e's outline to within a centimetre or so.
 */
final class ArmModel {
    static final Material GREY = Material.solid(0xC9CDD1, 0.35); // smooth paint
    static final Material BLUE = Material.solid(0x4F8FCC, 0.45);
    static final Material DARK = Material.solid(0x2B2D30, 0.3);
    static final Material FINGER = Material.solid(0x3A3C40, 0.4);
    static final Material PAD = Material.solid(0x151515, 0.05);

    private ArmModel() {}

    /** Adds the arm's and gripper's shapes for joints {@code q} and gripper state {@code gripper}. */
    static void shapes(double[] q, double gripper, List<Shape> out) {
        Pose[] f = Ur5e.frames(q);
        Label arm = Label.ROBOT;
        // Base column turning with shoulder_pan (the fixed part below is in the scene).
        out.add(new Cylinder(f[0].apply(new Vec3(0, 0, -0.068)), f[0].apply(new Vec3(0, 0, 0.03)), 0.064, GREY, arm));
        // Shoulder housing across the pan axis, blue cap on its outer end.
        out.add(new Cylinder(f[1].apply(new Vec3(0, -0.14, 0)), f[1].apply(new Vec3(0, 0.05, 0)), 0.064, GREY, arm));
        out.add(new Cylinder(f[1].apply(new Vec3(0, 0.05, 0)), f[1].apply(new Vec3(0, 0.062, 0)), 0.058, BLUE, arm));
        // Upper arm.
        out.add(new Capsule(f[1].apply(new Vec3(0, 0, 0.06)), f[1].apply(new Vec3(0, 0, 0.425 - 0.06)), 0.046, GREY, arm));
        // Elbow housing from the upper arm's line over to the forearm's.
        out.add(new Cylinder(f[2].apply(new Vec3(0, 0.131 + 0.045, 0)), f[2].apply(new Vec3(0, -0.035, 0)), 0.056, GREY, arm));
        out.add(new Cylinder(f[2].apply(new Vec3(0, 0.131 + 0.045, 0)), f[2].apply(new Vec3(0, 0.131 + 0.056, 0)), 0.05, BLUE, arm));
        // Forearm.
        out.add(new Capsule(f[2].apply(new Vec3(0, 0, 0.05)), f[2].apply(new Vec3(0, 0, 0.392 - 0.04)), 0.037, GREY, arm));
        // Wrist 1 (axis y), wrist 2 (axis z), wrist 3 (axis y) housings.
        out.add(new Cylinder(f[3].apply(new Vec3(0, -0.045, 0)), f[3].apply(new Vec3(0, 0.127 + 0.04, 0)), 0.045, GREY, arm));
        out.add(new Cylinder(f[3].apply(new Vec3(0, -0.055, 0)), f[3].apply(new Vec3(0, -0.045, 0)), 0.04, BLUE, arm));
        out.add(new Cylinder(f[4].apply(new Vec3(0, 0, 0.0)), f[4].apply(new Vec3(0, 0, 0.1 + 0.04)), 0.045, GREY, arm));
        out.add(new Cylinder(f[5].apply(new Vec3(0, -0.045, 0)), f[5].apply(new Vec3(0, 0.085, 0)), 0.045, GREY, arm));
        out.add(new Cylinder(f[5].apply(new Vec3(0, 0.085, 0)), f[5].apply(new Vec3(0, 0.1, 0)), 0.032, DARK, arm));
        gripper(f[Ur5e.JOINTS], gripper, out);
    }

    /** The gripper on tool0 (z forward, fingers closing along x). */
    static void gripper(Pose tool0, double state, List<Shape> out) {
        Label g = Label.GRIPPER;
        out.add(new Cylinder(tool0.apply(new Vec3(0, 0, 0)), tool0.apply(new Vec3(0, 0, 0.03)), 0.037, DARK, g));
        out.add(new Box(tool0.times(Pose.urdf(0, 0, 0.063, 0, 0, 0)), 0.046, 0.028, 0.033, DARK, g));
        double half = Gripper.gap(state) / 2;
        double fingerMid = (Gripper.PAD_START + Gripper.FINGERTIP_DEPTH) / 2 - 0.01;
        double fingerHalf = (Gripper.FINGERTIP_DEPTH - Gripper.PAD_START) / 2 + 0.01;
        for (int side = -1; side <= 1; side += 2) {
            double x = side * (half + 0.008);
            out.add(new Box(tool0.times(Pose.urdf(x, 0, fingerMid, 0, 0, 0)), 0.008, 0.012, fingerHalf, FINGER, g));
            // Knuckle linking the finger to the body.
            out.add(new Box(tool0.times(Pose.urdf(side * (half / 2 + 0.02), 0, 0.1, 0, 0, 0)),
                    half / 2 + 0.012, 0.01, 0.008, FINGER, g));
        }
    }

    /** The point between the finger pads in the base frame: the gripper's annotated centre. */
    static Vec3 gripperCentre(Pose tool0) {
        return Gripper.centre(tool0);
    }

    /** Radius around {@link #gripperCentre} that holds the whole gripper (m). */
    static final double GRIPPER_RADIUS = Gripper.CENTRE_RADIUS;
}
