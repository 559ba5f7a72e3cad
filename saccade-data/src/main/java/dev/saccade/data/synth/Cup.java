package dev.saccade.data.synth;

import dev.saccade.data.robot.Pose;

/**
 * An open cylindrical vessel standing on its pose's origin, axis along local z: outer radius
 * {@code outer}, wall down to {@code inner}, height {@code height}, floor {@code floor} thick. A
 * bucket, a mug. Every boundary surface is tried and the nearest crossing wins, so it is exact for
 * rays from outside the walls.
 */
final class Cup extends Shape {
    private final Frame f;
    private final double outer, inner, height, floor;

    Cup(Pose pose, double outer, double inner, double height, double floor, Material material, Label label) {
        super(material, label, pose.translation().x() + pose.rotation().m02() * height / 2,
                pose.translation().y() + pose.rotation().m12() * height / 2,
                pose.translation().z() + pose.rotation().m22() * height / 2, Math.hypot(outer, height / 2), true);
        this.f = new Frame(pose);
        this.outer = outer;
        this.inner = inner;
        this.height = height;
        this.floor = floor;
    }

    @Override
    boolean intersect(double ox, double oy, double oz, double dx, double dy, double dz, double tMax, Hit hit) {
        double px = ox - f.tx, py = oy - f.ty, pz = oz - f.tz;
        double lox = f.localX(px, py, pz), loy = f.localY(px, py, pz), loz = f.localZ(px, py, pz);
        double ldx = f.localX(dx, dy, dz), ldy = f.localY(dx, dy, dz), ldz = f.localZ(dx, dy, dz);
        double best = tMax;
        int which = -1; // 0 outer wall, 1 inner wall, 2 rim, 3 floor, 4 bottom
        double a = ldx * ldx + ldy * ldy;
        double b = lox * ldx + loy * ldy;
        if (a > 1e-18) {
            for (int wall = 0; wall < 2; wall++) {
                double rr = wall == 0 ? outer : inner;
                double h = b * b - a * (lox * lox + loy * loy - rr * rr);
                if (h < 0) {
                    continue;
                }
                h = Math.sqrt(h);
                for (int root = 0; root < 2; root++) {
                    double t = (root == 0 ? -b - h : -b + h) / a;
                    double z = loz + t * ldz;
                    if (t > T_MIN && t < best && z >= (wall == 0 ? 0 : floor) && z <= height) {
                        best = t;
                        which = wall;
                    }
                }
            }
        }
        if (Math.abs(ldz) > 1e-15) {
            for (int cap = 2; cap < 5; cap++) {
                double z = cap == 2 ? height : cap == 3 ? floor : 0;
                double t = (z - loz) / ldz;
                if (!(t > T_MIN && t < best)) {
                    continue;
                }
                double x = lox + t * ldx, y = loy + t * ldy;
                double r2 = x * x + y * y;
                boolean on = cap == 2 ? r2 >= inner * inner && r2 <= outer * outer
                        : cap == 3 ? r2 <= inner * inner : r2 <= outer * outer;
                if (on) {
                    best = t;
                    which = cap;
                }
            }
        }
        if (which < 0) {
            return false;
        }
        double x = lox + best * ldx, y = loy + best * ldy, z = loz + best * ldz;
        double nlx = 0, nly = 0, nlz;
        if (which <= 1) {
            double rho = Math.hypot(x, y);
            double s = which == 0 ? 1 / rho : -1 / rho; // the inner wall faces the axis
            nlx = x * s;
            nly = y * s;
            nlz = 0;
        } else {
            nlz = which == 4 ? -1 : 1;
        }
        hit.set(best, f.worldX(nlx, nly, nlz), f.worldY(nlx, nly, nlz), f.worldZ(nlx, nly, nlz), x, y, z, this);
        return true;
    }
}
