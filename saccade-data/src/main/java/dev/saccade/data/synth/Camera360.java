package dev.saccade.data.synth;

import dev.saccade.sphere.Sphere;
import dev.saccade.sphere.Vec3;

/**
 * Where the synthetic 360° camera (and the eye, which shares its centre) sits, and how base-frame
 * points map to its directions (docs/DATASET.md "Frames": {@code X_s = −Y_b, Y_s = Z_b, Z_s = X_b}).
 *
 * <p>The centre is 0.50 m behind the robot base (−x, away from the workspace) and 0.45 m above the
 * table top, on a pole standing in the table's gap. From there objects on the table arc are seen
 * about 20°–45° below the horizon, the arc's ends lie near ±90° of longitude, and the arm, which
 * never reaches behind its base, stays at least 0.3 m from the camera.
 */
public final class Camera360 {
    /** The camera centre in the robot base frame (m). */
    public static final Vec3 POSITION = new Vec3(-0.50, 0.0, 0.45);

    private Camera360() {}

    /** The sphere-frame direction (not normalised) of a base-frame direction. */
    public static Vec3 toSphere(Vec3 baseDirection) {
        return new Vec3(-baseDirection.y(), baseDirection.z(), baseDirection.x());
    }

    /** {@code (yaw, pitch, angular radius)} in radians of a sphere of radius {@code r} around base-frame {@code centre}. */
    public static double[] direction(Vec3 centre, double r) {
        Vec3 d = toSphere(centre.minus(POSITION));
        double dist = d.norm();
        double radius = dist <= r ? Math.PI : Math.asin(r / dist);
        return new double[] {Sphere.longitude(d), Sphere.latitude(d), radius};
    }
}
