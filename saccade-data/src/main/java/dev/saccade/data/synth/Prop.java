package dev.saccade.data.synth;

import dev.saccade.data.robot.Pose;
import dev.saccade.sphere.Vec3;
import java.util.List;

/**
 * An object that can stand on the table, built from {@link Part}s in its own frame: origin at the
 * centre of its footprint on the surface it stands on, z up. It knows how to be grasped (across
 * local y, at {@code gripHeight}) and, as a place target, where things go ({@code surface} high,
 * within {@code placeTolerance} of its centre).
 *
 * @param footprint      radius of a vertical cylinder around the origin holding the prop (m)
 * @param height         top of the prop above its bottom (m)
 * @param gripWidth      width between the finger pads when grasped (m)
 * @param gripHeight     height of the grasp point above the bottom (m)
 * @param surface        height above the bottom where a placed object comes to rest (m)
 * @param placeTolerance how far from the centre a placed object may rest and count as placed (m)
 * @param placeYawPeriod symmetry of the place target for the placed object's yaw (rad; 0 = any)
 */
record Prop(PropKind kind, List<Part> parts, double footprint, double height, double gripWidth, double gripHeight,
            double surface, double placeTolerance, double placeYawPeriod) {

    /** Centre of the bounding sphere in the base frame when the prop is at {@code pose}. */
    Vec3 centre(Pose pose) {
        return pose.apply(new Vec3(0, 0, height / 2));
    }

    /** Radius of the bounding sphere (m). */
    double boundingRadius() {
        return Math.hypot(footprint, height / 2);
    }

    /** The prop's solids at {@code pose}; the button (if any) pushed down by {@code pressed} metres. */
    void place(Pose pose, Label label, double pressed, boolean includeButton, boolean includeBody, List<Shape> out) {
        for (Part p : parts) {
            if (p.button() ? includeButton : includeBody) {
                Pose at = p.button() ? Pose.urdf(0, 0, -pressed, 0, 0, 0).times(pose) : pose;
                out.add(p.place(at, label));
            }
        }
    }

    /** The pose of a prop standing upright at (x, y, z) turned by {@code yaw} about the vertical. */
    static Pose standing(double x, double y, double z, double yaw) {
        return Pose.urdf(x, y, z, 0, 0, yaw);
    }
}
