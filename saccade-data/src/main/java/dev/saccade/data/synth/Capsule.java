package dev.saccade.data.synth;

import dev.saccade.sphere.Vec3;

/** All points within {@code r} of the segment {@code a–b}: the arm's links. */
final class Capsule extends Shape {
    private final double ax, ay, az, bax, bay, baz, r;

    Capsule(Vec3 a, Vec3 b, double r, Material material, Label label) {
        super(material, label, (a.x() + b.x()) / 2, (a.y() + b.y()) / 2, (a.z() + b.z()) / 2,
                a.minus(b).norm() / 2 + r, true);
        this.ax = a.x();
        this.ay = a.y();
        this.az = a.z();
        this.bax = b.x() - a.x();
        this.bay = b.y() - a.y();
        this.baz = b.z() - a.z();
        this.r = r;
        // The caps reach r beyond the segment's ends.
        Vec3 along = b.minus(a);
        double len = along.norm();
        Vec3 u = len > 0 ? along.times(r / len) : new Vec3(0, 0, 0);
        cullAlong(a.x() - u.x(), a.y() - u.y(), a.z() - u.z(), b.x() + u.x(), b.y() + u.y(), b.z() + u.z(), r);
    }

    @Override
    boolean intersect(double ox, double oy, double oz, double dx, double dy, double dz, double tMax, Hit hit) {
        double oax = ox - ax, oay = oy - ay, oaz = oz - az;
        double baba = bax * bax + bay * bay + baz * baz;
        double bard = bax * dx + bay * dy + baz * dz;
        double baoa = bax * oax + bay * oay + baz * oaz;
        double rdoa = dx * oax + dy * oay + dz * oaz;
        double oaoa = oax * oax + oay * oay + oaz * oaz;
        double qa = baba - bard * bard;
        double best = Double.NaN;
        if (qa > 1e-12 * baba) {
            double qb = baba * rdoa - baoa * bard;
            double qc = baba * oaoa - baoa * baoa - r * r * baba;
            double h = qb * qb - qa * qc;
            if (h < 0) {
                return false; // misses the infinite cylinder, hence the capsule
            }
            double t = (-qb - Math.sqrt(h)) / qa;
            double y = baoa + t * bard;
            if (y > 0 && y < baba) {
                best = t;
            }
        }
        if (Double.isNaN(best)) { // the hemispherical ends
            best = sphere(oax, oay, oaz, dx, dy, dz);
            double other = sphere(oax - bax, oay - bay, oaz - baz, dx, dy, dz);
            if (Double.isNaN(best) || (!Double.isNaN(other) && other < best)) {
                best = other;
            }
        }
        if (Double.isNaN(best) || best <= T_MIN || best >= tMax) {
            return false;
        }
        double px = oax + best * dx, py = oay + best * dy, pz = oaz + best * dz;
        double s = Math.max(0, Math.min(1, (px * bax + py * bay + pz * baz) / baba));
        double nx = (px - s * bax) / r, ny = (py - s * bay) / r, nz = (pz - s * baz) / r;
        hit.set(best, nx, ny, nz, px, py, pz, this);
        return true;
    }

    /** Entry distance into the sphere of radius r at offset −l from the origin, or NaN. */
    private double sphere(double lx, double ly, double lz, double dx, double dy, double dz) {
        double b = lx * dx + ly * dy + lz * dz;
        double c = lx * lx + ly * ly + lz * lz - r * r;
        double h = b * b - c;
        if (h < 0) {
            return Double.NaN;
        }
        double t = -b - Math.sqrt(h);
        return t > T_MIN ? t : Double.NaN;
    }
}
