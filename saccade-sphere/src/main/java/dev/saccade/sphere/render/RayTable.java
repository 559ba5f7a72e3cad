package dev.saccade.sphere.render;

import dev.saccade.sphere.Vec3;
import dev.saccade.sphere.lens.Lens;
import java.util.Optional;

/**
 * The camera-frame unit ray of every pixel of a lens, computed once per lens (the fisheye inverse is
 * a Newton solve, far too slow per frame) and shared read-only by every renderer that uses the lens.
 *
 * <p>Alongside each ray it keeps the pixel's angular footprint: the larger of the angles between the
 * rays through the midpoints of its opposite edges. Anti-aliasing picks the mip level from it. Pixels
 * where the lens sees nothing (outside a fisheye's image circle) have no ray and render black.
 */
public final class RayTable {
    private final Lens lens;
    private final int width;
    private final int height;
    // Row-major, one entry per pixel; float is ample (1e-7 rad) and halves the memory traffic.
    final float[] x;
    final float[] y;
    final float[] z;
    /** Angular footprint in radians; 0 where the lens sees nothing. */
    final float[] footprint;
    private final boolean blind;

    private RayTable(Lens lens) {
        this.lens = lens;
        this.width = lens.width();
        this.height = lens.height();
        int n = width * height;
        x = new float[n];
        y = new float[n];
        z = new float[n];
        footprint = new float[n];
        for (int j = 0; j < height; j++) {
            for (int i = 0; i < width; i++) {
                int p = j * width + i;
                Optional<Vec3> ray = lens.ray(i, j);
                if (ray.isEmpty()) {
                    continue;
                }
                Vec3 d = ray.get();
                x[p] = (float) d.x();
                y[p] = (float) d.y();
                z[p] = (float) d.z();
                footprint[p] = (float) footprintAt(lens, i, j, d);
            }
        }
        boolean anyBlind = false;
        for (float f : footprint) {
            anyBlind |= !(f > 0);
        }
        blind = anyBlind;
    }

    /** Builds the table of {@code lens}: one Newton solve per pixel for a fisheye, so keep and reuse it. */
    public static RayTable of(Lens lens) {
        return new RayTable(lens);
    }

    static double footprintAt(Lens lens, double u, double v, Vec3 centre) {
        double across = span(lens, u - 0.5, v, u + 0.5, v, centre);
        double down = span(lens, u, v - 0.5, u, v + 0.5, centre);
        double f = Math.max(across, down);
        return f > 0 ? f : Math.ulp(1.0);
    }

    /** Angle between the rays at two image points; one-sided (doubled) where one of them sees nothing. */
    private static double span(Lens lens, double u0, double v0, double u1, double v1, Vec3 centre) {
        Optional<Vec3> a = lens.ray(u0, v0);
        Optional<Vec3> b = lens.ray(u1, v1);
        if (a.isPresent() && b.isPresent()) {
            return a.get().angleTo(b.get());
        }
        if (a.isPresent()) {
            return 2 * a.get().angleTo(centre);
        }
        return b.map(d -> 2 * d.angleTo(centre)).orElse(0.0);
    }

    /** The lens this table was built from. */
    public Lens lens() {
        return lens;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Number of pixels. */
    public int size() {
        return width * height;
    }

    /** True if some pixels see nothing (outside a fisheye's image circle); they render black. */
    public boolean hasBlindPixels() {
        return blind;
    }

    /** True if pixel {@code (i, j)} sees something. */
    public boolean sees(int i, int j) {
        return footprint[j * width + i] > 0;
    }

    /** The unit ray of pixel {@code (i, j)} as stored (float precision), or empty where the lens sees nothing. */
    public Optional<Vec3> ray(int i, int j) {
        int p = j * width + i;
        return footprint[p] > 0 ? Optional.of(new Vec3(x[p], y[p], z[p])) : Optional.empty();
    }

    /** The angular footprint of pixel {@code (i, j)} in radians (0 where the lens sees nothing). */
    public double footprint(int i, int j) {
        return footprint[j * width + i];
    }
}
