package dev.saccade.data.synth;

import dev.saccade.sphere.Vec3;

/** A solid cylinder of radius {@code r} with flat caps at {@code a} and {@code b}. */
final class Cylinder extends Shape {
    private final double ax, ay, az, bax, bay, baz, r;

    Cylinder(Vec3 a, Vec3 b, double r, Material material, Label label) {
        this(a, b, r, material, label, true);
    }

    Cylinder(Vec3 a, Vec3 b, double r, Material material, Label label, boolean castsShadow) {
        super(material, label, (a.x() + b.x()) / 2, (a.y() + b.y()) / 2, (a.z() + b.z()) / 2,
                Math.hypot(a.minus(b).norm() / 2, r), castsShadow);
        this.ax = a.x();
        this.ay = a.y();
        this.az = a.z();
        this.bax = b.x() - a.x();
        this.bay = b.y() - a.y();
        this.baz = b.z() - a.z();
        this.r = r;
        cullAlong(a.x(), a.y(), a.z(), b.x(), b.y(), b.z(), r);
    }

    @Override
    boolean intersect(double ox, double oy, double oz, double dx, double dy, double dz, double tMax, Hit hit) {
        double ocx = ox - ax, ocy = oy - ay, ocz = oz - az;
        double baba = bax * bax + bay * bay + baz * baz;
        double bard = bax * dx + bay * dy + baz * dz;
        double baoc = bax * ocx + bay * ocy + baz * ocz;
        double k2 = baba - bard * bard;
        double k1 = baba * (ocx * dx + ocy * dy + ocz * dz) - baoc * bard;
        double k0 = baba * (ocx * ocx + ocy * ocy + ocz * ocz) - baoc * baoc - r * r * baba;
        double t;
        double nx, ny, nz;
        if (k2 > 1e-12 * baba) {
            double h = k1 * k1 - k2 * k0;
            if (h < 0) {
                return false; // misses the infinite cylinder, hence the caps too
            }
            h = Math.sqrt(h);
            t = (-k1 - h) / k2;
            double y = baoc + t * bard;
            if (y > 0 && y < baba) { // the side
                nx = (ocx + t * dx - bax * y / baba) / r;
                ny = (ocy + t * dy - bay * y / baba) / r;
                nz = (ocz + t * dz - baz * y / baba) / r;
            } else { // the cap on the side the ray came from
                t = ((y < 0 ? 0 : baba) - baoc) / bard;
                if (!(Math.abs(k1 + k2 * t) < h)) {
                    return false;
                }
                double s = (y < 0 ? -1 : 1) / Math.sqrt(baba);
                nx = bax * s;
                ny = bay * s;
                nz = baz * s;
            }
        } else { // parallel to the axis: only a cap can be hit
            if (k0 > 0) {
                return false;
            }
            boolean towardB = bard > 0;
            t = ((towardB ? 0 : baba) - baoc) / bard;
            double s = (towardB ? -1 : 1) / Math.sqrt(baba);
            nx = bax * s;
            ny = bay * s;
            nz = baz * s;
        }
        if (!(t > T_MIN && t < tMax)) {
            return false;
        }
        hit.set(t, nx, ny, nz, ocx + t * dx, ocy + t * dy, ocz + t * dz, this);
        return true;
    }
}
