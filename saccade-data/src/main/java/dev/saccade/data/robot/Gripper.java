package dev.saccade.data.robot;

/**
 * The two-finger parallel gripper on tool0 (sized after a Robotiq 2F-85), in tool0's frame: it
 * points along +z, the fingers close along x. Its state is one number, 0 fully open … 1 closed.
 */
public final class Gripper {
    /** Finger gap when fully open (m). */
    public static final double MAX_OPENING = 0.085;
    /** tool0 to the grasp point (the middle of the finger pads) along z (m). */
    public static final double GRASP_DEPTH = 0.145;
    /** tool0 to the fingertips along z (m). */
    public static final double FINGERTIP_DEPTH = 0.16;
    /** Where the finger pads start, from tool0 along z (m). */
    public static final double PAD_START = 0.10;
    /** Radius of a sphere around the grasp point that holds the whole gripper (m). */
    public static final double BOUNDING_RADIUS = 0.095;
    /** tool0 to the centre of that bounding sphere along z (m). */
    public static final double BOUNDING_CENTRE_DEPTH = 0.085;

    /** Radius around {@link #centre} that holds the whole gripper (m). */
    public static final double CENTRE_RADIUS = Math.hypot((PAD_START + FINGERTIP_DEPTH) / 2, 0.05);

    private Gripper() {}

    /** The point between the finger pads in the base frame, for tool0's pose: where the gripper is seen. */
    public static dev.saccade.sphere.Vec3 centre(Pose tool0) {
        return tool0.apply(new dev.saccade.sphere.Vec3(0, 0, (PAD_START + FINGERTIP_DEPTH) / 2));
    }

    /** The finger gap (m) for a gripper state in [0, 1]. */
    public static double gap(double state) {
        return MAX_OPENING * (1 - Math.max(0, Math.min(1, state)));
    }

    /** The gripper state at which the fingers touch an object {@code width} wide. */
    public static double stateAtWidth(double width) {
        return Math.max(0, Math.min(1, 1 - width / MAX_OPENING));
    }
}
