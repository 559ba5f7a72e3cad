package dev.saccade.sphere;

/**
 * Where the eye looks: {@code yaw} is the longitude of the optical axis, {@code pitch} its latitude
 * (up positive), roll is 0 so the horizon stays level. Radians.
 *
 * <p>The view camera (DESIGN.md §3): forward {@code f = dir(yaw, pitch)}, right
 * {@code r = (cos yaw, 0, −sin yaw)}, up {@code u = f × r}.
 */
public record Gaze(double yaw, double pitch) {
    public Gaze {
        if (!Double.isFinite(yaw) || !Double.isFinite(pitch)) {
            throw new IllegalArgumentException("gaze angles must be finite: yaw " + yaw + ", pitch " + pitch);
        }
    }

    /** A gaze from degrees. */
    public static Gaze ofDegrees(double yawDeg, double pitchDeg) {
        return new Gaze(Math.toRadians(yawDeg), Math.toRadians(pitchDeg));
    }

    public Vec3 forward() {
        return Sphere.direction(yaw, pitch);
    }

    public Vec3 right() {
        return new Vec3(Math.cos(yaw), 0, -Math.sin(yaw));
    }

    public Vec3 up() {
        return forward().cross(right());
    }

    /** The rotation whose columns are (right, up, forward): camera axes to sphere frame. */
    public Rotation cameraToSphere() {
        return Rotation.ofColumns(right(), up(), forward());
    }
}
