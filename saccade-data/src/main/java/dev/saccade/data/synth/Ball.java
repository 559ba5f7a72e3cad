package dev.saccade.data.synth;

/** A sphere. */
final class Ball extends Shape {
    Ball(double x, double y, double z, double r, Material material, Label label) {
        super(material, label, x, y, z, r, true);
    }

    @Override
    boolean intersect(double ox, double oy, double oz, double dx, double dy, double dz, double tMax, Hit hit) {
        double lx = ox - cx, ly = oy - cy, lz = oz - cz;
        double b = lx * dx + ly * dy + lz * dz;
        double c = lx * lx + ly * ly + lz * lz - radius * radius;
        double h = b * b - c;
        if (h < 0) {
            return false;
        }
        double t = -b - Math.sqrt(h);
        if (t <= T_MIN || t >= tMax) {
            return false;
        }
        double px = lx + t * dx, py = ly + t * dy, pz = lz + t * dz;
        hit.set(t, px / radius, py / radius, pz / radius, px, py, pz, this);
        return true;
    }
}
