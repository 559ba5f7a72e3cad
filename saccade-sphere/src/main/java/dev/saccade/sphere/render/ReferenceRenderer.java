package dev.saccade.sphere.render;

import dev.saccade.sphere.EquirectFrame;
import dev.saccade.sphere.Gaze;
import dev.saccade.sphere.Sphere;
import dev.saccade.sphere.Vec3;
import dev.saccade.sphere.lens.Lens;
import java.util.Optional;

/**
 * The straightforward renderer, written to be obviously right rather than fast: per pixel, the lens'
 * ray in double precision, turned into the sphere frame with the gaze's camera basis (DESIGN.md §3),
 * {@link Math#atan2} for longitude and latitude, and {@link EquirectFrame#sample}. It is the oracle
 * the fast renderers are tested against and the baseline their benchmark is measured against.
 *
 * <p>It keeps the lens' rays and the levels of the last mip chain it rendered, so it is
 * thread-confined.
 */
public final class ReferenceRenderer {
    private final Lens lens;
    private final Vec3[] rays;
    private final double[] footprints;
    private MipChain lastChain;
    private EquirectFrame[] lastLevels;

    public ReferenceRenderer(Lens lens) {
        this.lens = lens;
        int w = lens.width();
        rays = new Vec3[w * lens.height()];
        footprints = new double[rays.length];
        for (int j = 0; j < lens.height(); j++) {
            for (int i = 0; i < w; i++) {
                Optional<Vec3> ray = lens.ray(i, j);
                if (ray.isPresent()) {
                    rays[j * w + i] = ray.get();
                    footprints[j * w + i] = RayTable.footprintAt(lens, i, j, ray.get());
                }
            }
        }
    }

    public Lens lens() {
        return lens;
    }

    /** Plain bilinear view ({@link Antialias#OFF}) as planes {@code [3][height][width]} in [0, 1]. */
    public void render(EquirectFrame frame, Gaze gaze, float[] out, int offset) {
        EquirectFrame[] levels = {frame};
        render(levels, null, gaze, out, offset);
    }

    /**
     * The {@link Antialias#MIP} view: each pixel samples the level {@link MipChain#levelFor} picks,
     * taken out of the chain as a frame of its own.
     */
    public void renderMip(MipChain chain, Gaze gaze, float[] out, int offset) {
        if (chain != lastChain) {
            lastLevels = new EquirectFrame[chain.levels()];
            for (int m = 0; m < lastLevels.length; m++) {
                lastLevels[m] = chain.level(m);
            }
            lastChain = chain;
        }
        render(lastLevels, chain, gaze, out, offset);
    }

    private void render(EquirectFrame[] levels, MipChain chain, Gaze gaze, float[] out, int offset) {
        Vec3 r = gaze.right();
        Vec3 u = gaze.up();
        Vec3 f = gaze.forward();
        int n = rays.length;
        float[] rgb = new float[3];
        for (int p = 0; p < n; p++) {
            Vec3 ray = rays[p];
            if (ray == null) {
                out[offset + p] = out[offset + n + p] = out[offset + 2 * n + p] = 0;
                continue;
            }
            // Camera y points down the image, so the world direction takes −y along up.
            Vec3 d = r.times(ray.x()).plus(u.times(-ray.y())).plus(f.times(ray.z()));
            double lon = Sphere.longitude(d);
            double lat = Sphere.latitude(d);
            int level = chain == null ? 0 : chain.levelFor(footprints[p], Math.cos(lat));
            levels[level].sample(lon, lat, rgb);
            for (int c = 0; c < 3; c++) {
                out[offset + c * n + p] = rgb[c] / 255f;
            }
        }
    }
}
