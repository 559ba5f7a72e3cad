package dev.saccade.data.synth;

import dev.saccade.sphere.Sphere;
import dev.saccade.sphere.Vec3;

/**
 * Where the synthetic 360° camera (and the eye, which shares its centre) sits, and how base-frame
 * points map to its directions (docs/DATASET.md "Frames": {@code X_s = −Y_b, Y_s = Z_b, Z_s = X_b}).
 *
 * <p>The centre is 0.35 m behind the robot base (−x, away from the workspace) and 0.40 m above the
 * table top, on a pole standing in the table's gap. From there the task props are seen 19°–40°
 * below the horizon within ±75° of longitude, and no link of the arm comes closer than 0.25 m
 * (its axis) to the camera. Further back the arc would shrink in view and object and target would
 * more often share one view; closer, the upper arm would lean over the camera.
 */
public final class Camera360 {
    /** The camera centre in the robot base frame (m). */
    public static final Vec3 POSITION = new Vec3(-0.35, 0.0, 0.40);
    /** The synthetic camera's calibration: at {@link #POSITION}, in the reference orientation; what its datasets store. */
    public static final dev.saccade.data.robot.CameraMount MOUNT = new dev.saccade.data.robot.CameraMount(POSITION, 0, 0, 0);

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
