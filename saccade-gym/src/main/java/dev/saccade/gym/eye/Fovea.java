package dev.saccade.gym.eye;

import dev.saccade.sphere.Gaze;
import dev.saccade.sphere.Sphere;
import dev.saccade.sphere.Vec3;

/**
 * What "in the fovea" means, for baselines and evaluation: a direction is in the fovea when it
 * projects inside the image of the pyramid's level 0, a square pinhole view of field of view
 * {@code φ} centred on the gaze (DESIGN.md §3 camera). In camera coordinates {@code x = d·r},
 * {@code y = d·u}, {@code z = d·f}: {@code z > 0}, {@code |x| ≤ z·tan(φ/2)} and
 * {@code |y| ≤ z·tan(φ/2)}. At the default 17.3° that is within 8.65° of the gaze along each image
 * axis (up to 12.2° towards a corner). Only the annotated centre counts, not the object's extent.
 */
public final class Fovea {
    private Fovea() {}

    /** True if direction {@code (yaw, pitch)} lies in the fovea of {@code spec} when looking at {@code gaze}. */
    public static boolean contains(PyramidSpec spec, Gaze gaze, double yaw, double pitch) {
        return inSquareView(gaze, yaw, pitch, spec.fieldOfView(0));
    }

    /** True if direction {@code (yaw, pitch)} projects inside a square pinhole view of field of view {@code fov}. */
    public static boolean inSquareView(Gaze gaze, double yaw, double pitch, double fov) {
        Vec3 d = Sphere.direction(yaw, pitch);
        double z = d.dot(gaze.forward());
        if (z <= 0) {
            return false;
        }
        double limit = z * Math.tan(fov / 2);
        return Math.abs(d.dot(gaze.right())) <= limit && Math.abs(d.dot(gaze.up())) <= limit;
    }

    /** The great-circle angle between the gaze and direction {@code (yaw, pitch)}, radians. */
    public static double angle(Gaze gaze, double yaw, double pitch) {
        return Sphere.angleBetween(gaze.yaw(), gaze.pitch(), yaw, pitch);
    }
}
