package dev.saccade.data.synth;

import dev.saccade.data.robot.Pose;
import dev.saccade.sphere.Vec3;

/**
 * One solid of a prop, in the prop's frame: a box (half extents), an upright cylinder or cup
 * standing on its local origin, or a ball. A {@code button} part moves down when pressed.
 */
record Part(Kind kind, double a, double b, double c, double d, Pose local, Material material, boolean button) {
    enum Kind { BOX, CYLINDER, CUP, BALL }

    static Part box(double hx, double hy, double hz, Pose local, Material m) {
        return new Part(Kind.BOX, hx, hy, hz, 0, local, m, false);
    }

    /** A cylinder of radius {@code r} from local z = 0 up to {@code height}. */
    static Part cylinder(double r, double height, Pose local, Material m) {
        return new Part(Kind.CYLINDER, r, height, 0, 0, local, m, false);
    }

    static Part cup(double outer, double inner, double height, double floor, Pose local, Material m) {
        return new Part(Kind.CUP, outer, inner, height, floor, local, m, false);
    }

    static Part ball(double r, Pose local, Material m) {
        return new Part(Kind.BALL, r, 0, 0, 0, local, m, false);
    }

    Part asButton() {
        return new Part(kind, a, b, c, d, local, material, true);
    }

    /** The solid placed with the prop at {@code pose}. */
    Shape place(Pose pose, Label label) {
        Pose p = pose.times(local);
        Vec3 o = p.translation();
        return switch (kind) {
            case BOX -> new Box(p, a, b, c, material, label);
            case CYLINDER -> new Cylinder(o, p.apply(new Vec3(0, 0, b)), a, material, label);
            case CUP -> new Cup(p, a, b, c, d, material, label);
            case BALL -> new Ball(o.x(), o.y(), o.z(), a, material, label);
        };
    }
}
