package dev.saccade.data.synth;

/**
 * The table: a slab whose top is the base frame's z = 0 plane, shaped as a circular sector of
 * radius {@code radius} around the robot base spanning ±{@code halfAngle} about +x, {@code thickness}
 * thick. The gap behind the base (around −x) is where the camera stands.
 */
final class TableArc extends Shape {
    private final double rad, half, thick, cosHalf, sinHalf;

    TableArc(double radius, double halfAngle, double thickness, Material material) {
        super(material, Label.TABLE, 0, 0, -thickness / 2, Math.hypot(radius, thickness / 2), true);
        this.rad = radius;
        this.half = halfAngle;
        this.thick = thickness;
        this.cosHalf = Math.cos(halfAngle);
        this.sinHalf = Math.sin(halfAngle);
    }

    private boolean inSector(double x, double y) {
        return x * x + y * y <= rad * rad && Math.abs(Math.atan2(y, x)) <= half;
    }

    @Override
    boolean intersect(double ox, double oy, double oz, double dx, double dy, double dz, double tMax, Hit hit) {
        double best = tMax;
        double nx = 0, ny = 0, nz = 0;
        if (Math.abs(dz) > 1e-15) { // top and bottom
            for (int face = 0; face < 2; face++) {
                double z = face == 0 ? 0 : -thick;
                double t = (z - oz) / dz;
                if (t > T_MIN && t < best && inSector(ox + t * dx, oy + t * dy)) {
                    best = t;
                    nx = 0;
                    ny = 0;
                    nz = face == 0 ? 1 : -1;
                }
            }
        }
        double a = dx * dx + dy * dy;
        if (a > 1e-18) { // the curved edge
            double b = ox * dx + oy * dy;
            double h = b * b - a * (ox * ox + oy * oy - rad * rad);
            if (h >= 0) {
                h = Math.sqrt(h);
                for (int root = 0; root < 2; root++) {
                    double t = (root == 0 ? -b - h : -b + h) / a;
                    double x = ox + t * dx, y = oy + t * dy, z = oz + t * dz;
                    if (t > T_MIN && t < best && z <= 0 && z >= -thick && Math.abs(Math.atan2(y, x)) <= half) {
                        best = t;
                        nx = x / rad;
                        ny = y / rad;
                        nz = 0;
                    }
                }
            }
        }
        for (int end = 0; end < 2; end++) { // the two straight ends, planes through the z axis
            double ex = cosHalf, ey = end == 0 ? sinHalf : -sinHalf;
            double px = -ey, py = ex; // normal of the end plane
            double den = px * dx + py * dy;
            if (Math.abs(den) < 1e-15) {
                continue;
            }
            double t = -(px * ox + py * oy) / den;
            double x = ox + t * dx, y = oy + t * dy, z = oz + t * dz;
            double along = x * ex + y * ey;
            if (t > T_MIN && t < best && z <= 0 && z >= -thick && along >= 0 && along <= rad) {
                best = t;
                double s = end == 0 ? 1 : -1; // outward: away from the sector's inside
                nx = px * s;
                ny = py * s;
                nz = 0;
            }
        }
        if (best >= tMax) {
            return false;
        }
        hit.set(best, nx, ny, nz, ox + best * dx, oy + best * dy, oz + best * dz, this);
        return true;
    }
}
