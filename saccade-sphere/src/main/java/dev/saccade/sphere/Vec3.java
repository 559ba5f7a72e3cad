package dev.saccade.sphere;

/** A 3-vector in the sphere frame (+X right, +Y up, +Z forward), or in a camera frame where stated. */
public record Vec3(double x, double y, double z) {
    public static final Vec3 X = new Vec3(1, 0, 0);
    public static final Vec3 Y = new Vec3(0, 1, 0);
    public static final Vec3 Z = new Vec3(0, 0, 1);

    public Vec3 plus(Vec3 o) {
        return new Vec3(x + o.x, y + o.y, z + o.z);
    }

    public Vec3 minus(Vec3 o) {
        return new Vec3(x - o.x, y - o.y, z - o.z);
    }

    public Vec3 times(double s) {
        return new Vec3(x * s, y * s, z * s);
    }

    public double dot(Vec3 o) {
        return x * o.x + y * o.y + z * o.z;
    }

    public Vec3 cross(Vec3 o) {
        return new Vec3(y * o.z - z * o.y, z * o.x - x * o.z, x * o.y - y * o.x);
    }

    public double norm() {
        return Math.sqrt(x * x + y * y + z * z);
    }

    /** This vector scaled to unit length; the zero vector has no direction and is rejected. */
    public Vec3 normalized() {
        double n = norm();
        if (!(n > 0) || !Double.isFinite(n)) {
            throw new IllegalArgumentException("cannot normalise " + this);
        }
        return times(1 / n);
    }

    /** The angle between this and {@code o} in radians, accurate for tiny and near-π angles. */
    public double angleTo(Vec3 o) {
        return Math.atan2(cross(o).norm(), dot(o));
    }
}
