package dev.saccade.data.robot;

import dev.saccade.sphere.Sphere;
import dev.saccade.sphere.Vec3;
import java.util.List;

/**
 * The 360 camera's calibrated pose relative to the robot base: what a real rig measures once and
 * training may use (DESIGN.md §4). With it and UR5e forward kinematics the gripper's direction is
 * known without any annotation ({@link #gripperDirection}).
 *
 * <p>{@code position}: the camera centre in the base frame (m). Orientation, radians, relative to
 * the reference mounting of docs/DATASET.md "Frames" (sphere {@code X_s = −Y_b, Y_s = Z_b,
 * Z_s = X_b}: the panorama's centre looks along the base's +x, its up is the base's +z):
 * {@code yaw} turns the camera's forward axis toward +longitude (about the up axis), then
 * {@code pitch} tilts it up, then {@code roll} turns its up axis toward its right (about forward).
 * All zero for the synthetic camera, which is mounted that way.
 */
public record CameraMount(Vec3 position, double yaw, double pitch, double roll) {
    public CameraMount {
        if (position == null || !Double.isFinite(position.x()) || !Double.isFinite(position.y()) || !Double.isFinite(position.z())
                || !Double.isFinite(yaw) || !Double.isFinite(pitch) || !Double.isFinite(roll)) {
            throw new IllegalArgumentException("a camera mount needs finite numbers, got position " + position
                    + ", yaw " + yaw + ", pitch " + pitch + ", roll " + roll);
        }
    }

    /** A camera at {@code position} in the reference orientation. */
    public static CameraMount at(double x, double y, double z) {
        return new CameraMount(new Vec3(x, y, z), 0, 0, 0);
    }

    /**
     * A mount from info.json's lists: position {@code [x, y, z]} (m) and orientation
     * {@code [yaw, pitch, roll]} in degrees (empty: the reference orientation).
     */
    public static CameraMount of(List<Double> position, List<Double> orientationDeg) {
        if (position.size() != 3 || !(orientationDeg.isEmpty() || orientationDeg.size() == 3)) {
            throw new IllegalArgumentException("camera position needs 3 values and orientation 0 or 3, got "
                    + position + " and " + orientationDeg);
        }
        Vec3 p = new Vec3(position.get(0), position.get(1), position.get(2));
        return orientationDeg.isEmpty() ? new CameraMount(p, 0, 0, 0)
                : new CameraMount(p, Math.toRadians(orientationDeg.get(0)), Math.toRadians(orientationDeg.get(1)),
                        Math.toRadians(orientationDeg.get(2)));
    }

    /** {@code [x, y, z]} in metres, as info.json stores it. */
    public List<Double> positionList() {
        return List.of(position.x(), position.y(), position.z());
    }

    /** {@code [yaw, pitch, roll]} in degrees, as info.json stores it. */
    public List<Double> orientationDegrees() {
        return List.of(Math.toDegrees(yaw), Math.toDegrees(pitch), Math.toDegrees(roll));
    }

    /** True if the orientation is the reference one (nothing to store). */
    public boolean referenceOrientation() {
        return yaw == 0 && pitch == 0 && roll == 0;
    }

    /** A base-frame point's direction seen from the camera: {@code {yaw, pitch}} (longitude, latitude), radians. */
    public double[] direction(Vec3 basePoint) {
        Vec3 v = basePoint.minus(position);
        Vec3 s = new Vec3(-v.y(), v.z(), v.x()); // reference mounting: X_s = −Y_b, Y_s = Z_b, Z_s = X_b
        Vec3 c = undoOrientation(s);
        return new double[] {Sphere.longitude(c), Sphere.latitude(c)};
    }

    /**
     * The gripper's direction from joints {@code q[offset..offset+5]} (radians, as datasets store the
     * state): {@code {yaw, pitch, angular radius}} of the point between the finger pads
     * ({@link Gripper#centre}) and the sphere that holds the gripper, the same quantity as the
     * synthetic engine's gripper annotation.
     */
    public double[] gripperDirection(float[] q, int offset) {
        return gripperAt(gripperCentre(q, offset));
    }

    /** The point between the finger pads ({@link Gripper#centre}) in the base frame, for joints {@code q[offset..offset+5]}. */
    public static Vec3 gripperCentre(float[] q, int offset) {
        double[] joints = new double[Ur5e.JOINTS];
        for (int j = 0; j < Ur5e.JOINTS; j++) {
            joints[j] = q[offset + j];
        }
        return Gripper.centre(Ur5e.tool0(joints));
    }

    /** {@code {yaw, pitch, angular radius}} of a gripper centred at base-frame point {@code centre}, seen from the camera. */
    public double[] gripperAt(Vec3 centre) {
        double[] d = direction(centre);
        double dist = centre.minus(position).norm();
        double radius = dist <= Gripper.CENTRE_RADIUS ? Math.PI : Math.asin(Gripper.CENTRE_RADIUS / dist);
        return new double[] {d[0], d[1], radius};
    }

    /** Rotates a reference-frame sphere vector into the camera's frame: R(yaw)·R(pitch)·R(roll) undone. */
    private Vec3 undoOrientation(Vec3 s) {
        if (referenceOrientation()) {
            return s;
        }
        // R = Ry(yaw) · Rx(pitch) · Rz(roll) maps camera axes to reference axes; apply Rᵀ = Rz(roll)ᵀ · Rx(pitch)ᵀ · Ry(yaw)ᵀ.
        double cy = Math.cos(yaw), sy = Math.sin(yaw);
        double x1 = cy * s.x() - sy * s.z();
        double z1 = sy * s.x() + cy * s.z();
        double y1 = s.y();
        double cp = Math.cos(pitch), sp = Math.sin(pitch);
        double y2 = cp * y1 - sp * z1;
        double z2 = sp * y1 + cp * z1;
        double cr = Math.cos(roll), sr = Math.sin(roll);
        double x3 = cr * x1 - sr * y2;
        double y3 = sr * x1 + cr * y2;
        return new Vec3(x3, y3, z2);
    }
}
