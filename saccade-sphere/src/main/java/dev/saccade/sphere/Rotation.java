package dev.saccade.sphere;

/** A 3×3 rotation matrix, row-major. Immutable. */
public record Rotation(double m00, double m01, double m02,
                       double m10, double m11, double m12,
                       double m20, double m21, double m22) {

    public static final Rotation IDENTITY = new Rotation(1, 0, 0, 0, 1, 0, 0, 0, 1);

    /** The matrix whose columns are {@code a}, {@code b}, {@code c}. */
    public static Rotation ofColumns(Vec3 a, Vec3 b, Vec3 c) {
        return new Rotation(a.x(), b.x(), c.x(), a.y(), b.y(), c.y(), a.z(), b.z(), c.z());
    }

    /** Rotation by {@code angle} radians about the unit {@code axis} (right-handed, Rodrigues). */
    public static Rotation about(Vec3 axis, double angle) {
        Vec3 k = axis.normalized();
        double c = Math.cos(angle);
        double s = Math.sin(angle);
        double t = 1 - c;
        return new Rotation(
                t * k.x() * k.x() + c, t * k.x() * k.y() - s * k.z(), t * k.x() * k.z() + s * k.y(),
                t * k.x() * k.y() + s * k.z(), t * k.y() * k.y() + c, t * k.y() * k.z() - s * k.x(),
                t * k.x() * k.z() - s * k.y(), t * k.y() * k.z() + s * k.x(), t * k.z() * k.z() + c);
    }

    public Vec3 apply(Vec3 v) {
        return new Vec3(
                m00 * v.x() + m01 * v.y() + m02 * v.z(),
                m10 * v.x() + m11 * v.y() + m12 * v.z(),
                m20 * v.x() + m21 * v.y() + m22 * v.z());
    }

    /** {@code this · o}: apply {@code o} first, then this. */
    public Rotation times(Rotation o) {
        return new Rotation(
                m00 * o.m00 + m01 * o.m10 + m02 * o.m20, m00 * o.m01 + m01 * o.m11 + m02 * o.m21, m00 * o.m02 + m01 * o.m12 + m02 * o.m22,
                m10 * o.m00 + m11 * o.m10 + m12 * o.m20, m10 * o.m01 + m11 * o.m11 + m12 * o.m21, m10 * o.m02 + m11 * o.m12 + m12 * o.m22,
                m20 * o.m00 + m21 * o.m10 + m22 * o.m20, m20 * o.m01 + m21 * o.m11 + m22 * o.m21, m20 * o.m02 + m21 * o.m12 + m22 * o.m22);
    }

    /** The inverse rotation. */
    public Rotation transpose() {
        return new Rotation(m00, m10, m20, m01, m11, m21, m02, m12, m22);
    }
}
