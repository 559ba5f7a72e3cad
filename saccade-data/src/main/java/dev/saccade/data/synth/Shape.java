package dev.saccade.data.synth;

/**
 * A solid the ray caster can hit. Every shape has a bounding sphere (infinite for room planes),
 * which the renderer uses to cull shapes per screen tile and per shadow ray before the exact test.
 * Shapes are immutable; a moving part is a new shape per frame.
 */
abstract class Shape {
    /** Hits nearer than this are ignored, so a ray leaving a surface does not hit that surface again. */
    static final double T_MIN = 1e-9;

    final Material material;
    final Label label;
    final double cx, cy, cz, radius;
    /** False for surfaces that can never come between a light and anything (room walls, lamps). */
    final boolean castsShadow;
    /**
     * Spheres that together hold the shape (x, y, z, r each), tighter than the bounding sphere for
     * long links; screen tiles are culled against these.
     */
    double[] cull;

    Shape(Material material, Label label, double cx, double cy, double cz, double radius, boolean castsShadow) {
        this.material = material;
        this.label = label;
        this.cx = cx;
        this.cy = cy;
        this.cz = cz;
        this.radius = radius;
        this.castsShadow = castsShadow;
        this.cull = new double[] {cx, cy, cz, radius};
    }

    /** Covers the segment a–b thickened by {@code r} with a chain of spheres instead of one. */
    final void cullAlong(double ax, double ay, double az, double bx, double by, double bz, double r) {
        double len = Math.sqrt((bx - ax) * (bx - ax) + (by - ay) * (by - ay) + (bz - az) * (bz - az));
        int k = (int) Math.max(1, Math.min(8, Math.ceil(len / (2 * r))));
        double half = len / (2 * k);
        double[] c = new double[4 * k];
        for (int i = 0; i < k; i++) {
            double f = (i + 0.5) / k;
            c[4 * i] = ax + f * (bx - ax);
            c[4 * i + 1] = ay + f * (by - ay);
            c[4 * i + 2] = az + f * (bz - az);
            c[4 * i + 3] = Math.sqrt(half * half + r * r);
        }
        cull = c;
    }

    /**
     * The nearest hit along the unit ray {@code o + t·d} with {@code T_MIN < t < tMax}: fills
     * {@code hit} and returns true, or returns false and leaves {@code hit} alone. Rays starting
     * inside a solid need not see it.
     */
    abstract boolean intersect(double ox, double oy, double oz, double dx, double dy, double dz, double tMax, Hit hit);

    /** Whether the unit ray can pass through the bounding sphere within {@code (T_MIN, tMax)}. */
    final boolean mayHit(double ox, double oy, double oz, double dx, double dy, double dz, double tMax) {
        if (radius == Double.POSITIVE_INFINITY) {
            return true;
        }
        double lx = cx - ox, ly = cy - oy, lz = cz - oz;
        double tca = lx * dx + ly * dy + lz * dz;
        double d2 = lx * lx + ly * ly + lz * lz - tca * tca;
        double r2 = radius * radius;
        if (d2 > r2) {
            return false;
        }
        double thc = Math.sqrt(r2 - d2);
        return tca + thc > T_MIN && tca - thc < tMax;
    }

    boolean bounded() {
        return radius != Double.POSITIVE_INFINITY;
    }
}
