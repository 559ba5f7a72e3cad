package dev.saccade.data.synth;

import dev.saccade.data.robot.Pose;

/** A box with half extents {@code (hx, hy, hz)} centred on the origin of its pose. */
final class Box extends Shape {
    private final Frame f;
    private final double hx, hy, hz;

    Box(Pose pose, double hx, double hy, double hz, Material material, Label label) {
        this(pose, hx, hy, hz, material, label, true);
    }

    Box(Pose pose, double hx, double hy, double hz, Material material, Label label, boolean castsShadow) {
        super(material, label, pose.translation().x(), pose.translation().y(), pose.translation().z(),
                Math.sqrt(hx * hx + hy * hy + hz * hz), castsShadow);
        this.f = new Frame(pose);
        this.hx = hx;
        this.hy = hy;
        this.hz = hz;
    }

    @Override
    boolean intersect(double ox, double oy, double oz, double dx, double dy, double dz, double tMax, Hit hit) {
        double px = ox - f.tx, py = oy - f.ty, pz = oz - f.tz;
        double lox = f.localX(px, py, pz), loy = f.localY(px, py, pz), loz = f.localZ(px, py, pz);
        double ldx = f.localX(dx, dy, dz), ldy = f.localY(dx, dy, dz), ldz = f.localZ(dx, dy, dz);
        double near = Double.NEGATIVE_INFINITY, far = Double.POSITIVE_INFINITY;
        int axis = -1;
        double sign = 0;
        // Slab method, one axis at a time; remember which slab the entry point is on for the normal.
        for (int i = 0; i < 3; i++) {
            double o = i == 0 ? lox : i == 1 ? loy : loz;
            double d = i == 0 ? ldx : i == 1 ? ldy : ldz;
            double h = i == 0 ? hx : i == 1 ? hy : hz;
            if (Math.abs(d) < 1e-15) {
                if (o < -h || o > h) {
                    return false;
                }
                continue;
            }
            double inv = 1 / d;
            double t1 = (-h - o) * inv;
            double t2 = (h - o) * inv;
            if (t1 > t2) {
                double tmp = t1;
                t1 = t2;
                t2 = tmp;
            }
            if (t1 > near) {
                near = t1;
                axis = i;
                sign = d > 0 ? -1 : 1;
            }
            if (t2 < far) {
                far = t2;
            }
            if (near > far) {
                return false;
            }
        }
        if (axis < 0 || near <= T_MIN || near >= tMax) {
            return false;
        }
        double nlx = axis == 0 ? sign : 0, nly = axis == 1 ? sign : 0, nlz = axis == 2 ? sign : 0;
        hit.set(near, f.worldX(nlx, nly, nlz), f.worldY(nlx, nly, nlz), f.worldZ(nlx, nly, nlz),
                lox + near * ldx, loy + near * ldy, loz + near * ldz, this);
        return true;
    }
}
