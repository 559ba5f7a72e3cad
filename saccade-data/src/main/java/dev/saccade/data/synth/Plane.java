package dev.saccade.data.synth;

/**
 * One face of the room, seen from inside: the plane where coordinate {@code axis} (0 x, 1 y, 2 z)
 * equals {@code at}, its normal pointing into the room. The room's six faces enclose everything, so
 * the nearest face along a ray is where it leaves the room; the faces never shadow anything.
 */
final class Plane extends Shape {
    private final int axis;
    private final double at, normalSign;

    Plane(int axis, double at, double normalSign, Material material) {
        super(material, Label.ROOM, 0, 0, 0, Double.POSITIVE_INFINITY, false);
        this.axis = axis;
        this.at = at;
        this.normalSign = normalSign;
    }

    @Override
    boolean intersect(double ox, double oy, double oz, double dx, double dy, double dz, double tMax, Hit hit) {
        double o = axis == 0 ? ox : axis == 1 ? oy : oz;
        double d = axis == 0 ? dx : axis == 1 ? dy : dz;
        if (d * normalSign >= 0) {
            return false; // moving away from this face
        }
        double t = (at - o) / d;
        if (!(t > T_MIN && t < tMax)) {
            return false;
        }
        hit.set(t, axis == 0 ? normalSign : 0, axis == 1 ? normalSign : 0, axis == 2 ? normalSign : 0,
                ox + t * dx, oy + t * dy, oz + t * dz, this);
        return true;
    }
}
