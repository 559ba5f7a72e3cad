package dev.saccade.gym.eye;

import dev.saccade.sphere.Gaze;
import dev.saccade.sphere.Sphere;
import dev.saccade.sphere.Vec3;
import dev.saccade.sphere.lens.Lens;
import dev.saccade.sphere.lens.PinholeLens;
import dev.saccade.sphere.render.PyramidSpec;

/**
 * What "in the fovea" means, for baselines and evaluation: a direction is in the fovea when it
 * projects inside the image of the pyramid's level 0, the view centred on the gaze (DESIGN.md §3
 * camera: {@code x = d·r}, {@code y = −d·u}, {@code z = d·f}). For the default square pinhole fovea of
 * field of view φ = 17.3° that is {@code z > 0}, {@code |x| ≤ z·tan(φ/2)} and {@code |y| ≤ z·tan(φ/2)}:
 * within 8.65° of the gaze along each image axis (up to 12.2° towards a corner). Only the annotated
 * centre counts, not the object's extent.
 */
public final class Fovea {
    private Fovea() {}

    /** True if direction {@code (yaw, pitch)} lies in the fovea of {@code spec} when looking at {@code gaze}. */
    public static boolean contains(PyramidSpec spec, Gaze gaze, double yaw, double pitch) {
        return inView(spec.levels().get(0), gaze.forward(), gaze.right(), gaze.up(), Sphere.direction(yaw, pitch));
    }

    /**
     * True if the unit direction {@code d} lands on the image of {@code lens} for a camera with
     * forward {@code f}, right {@code r} and up {@code u} (precompute them when testing many directions).
     */
    public static boolean inView(Lens lens, Vec3 f, Vec3 r, Vec3 u, Vec3 d) {
        if (lens instanceof PinholeLens pinhole) { // the same test as project + isInside, without allocating
            double z = d.dot(f);
            double focal = pinhole.focal();
            return z > 0 && Math.abs(focal * d.dot(r)) <= z * pinhole.width() / 2.0
                    && Math.abs(focal * d.dot(u)) <= z * pinhole.height() / 2.0;
        }
        Vec3 camera = new Vec3(d.dot(r), -d.dot(u), d.dot(f));
        return lens.project(camera).filter(p -> p.isInside(lens.width(), lens.height())).isPresent();
    }

    /** The great-circle angle between the gaze and direction {@code (yaw, pitch)}, radians. */
    public static double angle(Gaze gaze, double yaw, double pitch) {
        return Sphere.angleBetween(gaze.yaw(), gaze.pitch(), yaw, pitch);
    }
}
