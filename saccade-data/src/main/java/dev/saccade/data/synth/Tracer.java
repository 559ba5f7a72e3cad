package dev.saccade.data.synth;

import dev.saccade.sphere.Vec3;

/**
 * Ray casting and shading with one thread's scratch space. A surface's colour is ambient light
 * from a sky/ground hemisphere, a fill light, and a key light with a Blinn highlight that only
 * counts where a shadow ray reaches the key light. Colours are linear until {@link #pack}, which
 * applies the sRGB-like gamma through a table.
 */
final class Tracer {
    /** Shadow rays start this far toward the light from the surface, so they do not re-hit it (m). */
    static final double SHADOW_BIAS = 1e-4;
    private static final int LUT_SIZE = 4096;
    private static final int[] GAMMA = new int[LUT_SIZE + 1];

    static {
        for (int i = 0; i <= LUT_SIZE; i++) {
            GAMMA[i] = (int) Math.round(255 * Math.pow(i / (double) LUT_SIZE, 1 / 2.2));
        }
    }

    final Hit hit = new Hit();
    private final Hit probe = new Hit();
    private final double[] patternScratch = new double[2];
    private final float[] albedo = new float[3];
    private final double kx, ky, kz;
    private final float[] keyRgb, fillRgb, sky, ground;
    private final Vec3 fill;

    /** What {@link #shade} found besides the colour. */
    int base;       // packed colour without the key light
    boolean keyLit; // the key light reaches the point (before moving things are considered)

    Tracer(Lighting light) {
        this.kx = light.key().x();
        this.ky = light.key().y();
        this.kz = light.key().z();
        this.keyRgb = light.keyRgb();
        this.fillRgb = light.fillRgb();
        this.sky = light.sky();
        this.ground = light.ground();
        this.fill = light.fill();
    }

    /** The nearest hit among {@code shapes[0..n)} closer than {@code tMax} into {@link #hit}. */
    boolean nearest(Shape[] shapes, int n, double ox, double oy, double oz, double dx, double dy, double dz, double tMax) {
        boolean found = false;
        double best = tMax;
        for (int i = 0; i < n; i++) {
            Shape s = shapes[i];
            if (s.mayHit(ox, oy, oz, dx, dy, dz, best) && s.intersect(ox, oy, oz, dx, dy, dz, best, hit)) {
                best = hit.t;
                found = true;
            }
        }
        return found;
    }

    /** Whether any shadow-casting shape among {@code shapes[0..n)} crosses the ray within {@code tMax}. */
    boolean blocked(Shape[] shapes, int n, double ox, double oy, double oz, double dx, double dy, double dz, double tMax) {
        for (int i = 0; i < n; i++) {
            Shape s = shapes[i];
            if (s.castsShadow && s.mayHit(ox, oy, oz, dx, dy, dz, tMax) && s.intersect(ox, oy, oz, dx, dy, dz, tMax, probe)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The packed colour of {@link #hit} seen along unit ray {@code d} from {@code o}. Shadow rays
     * toward the key light are tested against {@code a[0..na)} and {@code b[0..nb)}; afterwards
     * {@link #base} and {@link #keyLit} tell what a moving shadow would change.
     */
    int shade(double ox, double oy, double oz, double dx, double dy, double dz,
              Shape[] a, int na, Shape[] b, int nb) {
        Hit h = hit;
        Material m = h.shape.material;
        m.albedo(h.u, h.v, h.w, patternScratch, albedo);
        if (m.emissive()) {
            keyLit = false;
            base = pack(albedo[0], albedo[1], albedo[2]);
            return base;
        }
        double nx = h.nx, ny = h.ny, nz = h.nz;
        if (nx * dx + ny * dy + nz * dz > 0) { // seen from behind (inside a bucket): face the viewer
            nx = -nx;
            ny = -ny;
            nz = -nz;
        }
        double px = ox + h.t * dx, py = oy + h.t * dy, pz = oz + h.t * dz;
        double up = 0.5 + 0.5 * nz;
        float ar = (float) (ground[0] + (sky[0] - ground[0]) * up);
        float ag = (float) (ground[1] + (sky[1] - ground[1]) * up);
        float ab = (float) (ground[2] + (sky[2] - ground[2]) * up);
        double fx = fill.x() - px, fy = fill.y() - py, fz = fill.z() - pz;
        double fl = Math.sqrt(fx * fx + fy * fy + fz * fz);
        float fd = (float) Math.max(0, (nx * fx + ny * fy + nz * fz) / fl);
        float br = albedo[0] * (ar + fillRgb[0] * fd);
        float bg = albedo[1] * (ag + fillRgb[1] * fd);
        float bb = albedo[2] * (ab + fillRgb[2] * fd);
        base = pack(br, bg, bb);

        double lx = kx - px, ly = ky - py, lz = kz - pz;
        double dist = Math.sqrt(lx * lx + ly * ly + lz * lz);
        lx /= dist;
        ly /= dist;
        lz /= dist;
        double ndl = nx * lx + ny * ly + nz * lz;
        keyLit = ndl > 0;
        if (keyLit) {
            double sx = px + SHADOW_BIAS * lx, sy = py + SHADOW_BIAS * ly, sz = pz + SHADOW_BIAS * lz;
            double far = dist - SHADOW_BIAS;
            keyLit = !blocked(a, na, sx, sy, sz, lx, ly, lz, far) && !blocked(b, nb, sx, sy, sz, lx, ly, lz, far);
        }
        if (!keyLit) {
            return base;
        }
        double hx = lx - dx, hy = ly - dy, hz = lz - dz;
        double hn = Math.sqrt(hx * hx + hy * hy + hz * hz);
        double spec = Math.max(0, (nx * hx + ny * hy + nz * hz) / hn);
        spec *= spec; spec *= spec; spec *= spec; spec *= spec; spec *= spec; // ^32
        float s = (float) (m.specular() * spec);
        float d = (float) ndl;
        return pack(br + (albedo[0] * d + s) * keyRgb[0], bg + (albedo[1] * d + s) * keyRgb[1], bb + (albedo[2] * d + s) * keyRgb[2]);
    }

    /**
     * Whether a point at distance {@code t} along unit ray {@code d} from {@code o} is cut off from
     * the key light by one of {@code shapes[0..n)}; the same shadow ray as {@link #shade} casts.
     */
    boolean keyBlocked(double ox, double oy, double oz, double dx, double dy, double dz, double t, Shape[] shapes, int n) {
        double px = ox + t * dx, py = oy + t * dy, pz = oz + t * dz;
        double lx = kx - px, ly = ky - py, lz = kz - pz;
        double dist = Math.sqrt(lx * lx + ly * ly + lz * lz);
        lx /= dist;
        ly /= dist;
        lz /= dist;
        return blocked(shapes, n, px + SHADOW_BIAS * lx, py + SHADOW_BIAS * ly, pz + SHADOW_BIAS * lz, lx, ly, lz, dist - SHADOW_BIAS);
    }

    /** Linear RGB to packed 0xRRGGBB with gamma 1/2.2, clamped. */
    static int pack(float r, float g, float b) {
        return GAMMA[lut(r)] << 16 | GAMMA[lut(g)] << 8 | GAMMA[lut(b)];
    }

    private static int lut(float v) {
        if (!(v > 0)) {
            return 0;
        }
        return v >= 1 ? LUT_SIZE : (int) (v * LUT_SIZE + 0.5f);
    }
}
