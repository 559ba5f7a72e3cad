package dev.saccade.data.synth;

import dev.saccade.sphere.EquirectFrame;
import dev.saccade.sphere.Vec3;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders an episode's equirect frames from the virtual 360° camera. Not thread-safe: use one per
 * thread ({@link SyntheticEpisode#renderer()}); all of an episode's renderers share its backdrop.
 *
 * <p>A frame starts as a copy of the backdrop (the static scene, rendered once per episode). Then,
 * tile by tile, only what moving things change is recomputed: static pixels whose shadow ray to the
 * key light may cross a moving shape (culled with cones from the light), and pixels whose camera ray
 * may hit a moving shape (culled with the tiles' ray cones). The result equals casting every ray
 * against every shape, which {@link #renderNaive} does as the reference and benchmark baseline.
 */
public final class EpisodeRenderer {
    private final SyntheticEpisode episode;
    private final Backdrop backdrop;
    private final RayGrid grid;
    private final Tracer tracer;
    private final List<Shape> moving = new ArrayList<>();
    private final double kx, ky, kz;
    // Per static shadow caster: its cone from the key light.
    private final Shape[] casters;
    private final double[] casterDir, casterHalf, casterNear;
    // Per moving shape, rebuilt every frame.
    private Shape[] dyn = new Shape[0];
    private double[] dynDir = new double[0], dynHalf = new double[0], dynNear = new double[0], dynFar = new double[0];
    private Shape[][] occluders = new Shape[0][];
    private int[] occluderCount = new int[0];
    private Shape[] candidates = new Shape[0];

    EpisodeRenderer(SyntheticEpisode episode, Backdrop backdrop) {
        this.episode = episode;
        this.backdrop = backdrop;
        this.grid = backdrop.grid;
        this.tracer = new Tracer(episode.scene().lighting);
        Vec3 key = episode.scene().lighting.key();
        kx = key.x();
        ky = key.y();
        kz = key.z();
        List<Shape> c = new ArrayList<>();
        for (Shape s : backdrop.statics) {
            if (s.castsShadow) {
                c.add(s);
            }
        }
        casters = c.toArray(new Shape[0]);
        casterDir = new double[3 * casters.length];
        casterHalf = new double[casters.length];
        casterNear = new double[casters.length];
        for (int i = 0; i < casters.length; i++) {
            casterNear[i] = lightCone(casters[i], casterDir, casterHalf, i);
        }
    }

    /** Frame width and height. */
    public int width() {
        return grid.width;
    }

    public int height() {
        return grid.height;
    }

    /** Renders frame {@code frame} into a new equirect frame. */
    public EquirectFrame render(int frame) {
        int[] rgb = new int[grid.width * grid.height];
        render(frame, rgb, null);
        return new EquirectFrame(grid.width, grid.height, rgb);
    }

    /**
     * Renders frame {@code frame}: packed {@code 0xRRGGBB} colours into {@code rgb} and, unless null,
     * {@link Label} codes into {@code labels} (both {@code width·height}, row-major).
     */
    public void render(int frame, int[] rgb, byte[] labels) {
        prepare(frame);
        int n = grid.width * grid.height;
        System.arraycopy(backdrop.rgb, 0, rgb, 0, n);
        if (labels != null) {
            System.arraycopy(backdrop.labels, 0, labels, 0, n);
        }
        Vec3 cam = Camera360.POSITION;
        double ox = cam.x(), oy = cam.y(), oz = cam.z();
        for (int ty = 0; ty < grid.tileRows; ty++) {
            for (int tx = 0; tx < grid.tileCols; tx++) {
                int tile = ty * grid.tileCols + tx;
                int x0 = tx * RayGrid.TILE, x1 = Math.min(grid.width, x0 + RayGrid.TILE);
                int y0 = ty * RayGrid.TILE, y1 = Math.min(grid.height, y0 + RayGrid.TILE);
                int shadowing = shadowCandidates(tile);
                if (shadowing > 0) {
                    for (int y = y0; y < y1; y++) {
                        for (int x = x0; x < x1; x++) {
                            int i = y * grid.width + x;
                            if (backdrop.unlit[i] >= 0 && tracer.keyBlocked(ox, oy, oz, grid.dx(x, y), grid.dy(x, y), grid.dz(y),
                                    backdrop.depth[i], candidates, shadowing)) {
                                rgb[i] = backdrop.unlit[i];
                            }
                        }
                    }
                }
                int visible = 0;
                for (Shape s : dyn) {
                    if (RayGrid.coneMeetsShape(grid.tileDir, 3 * tile, grid.tileHalf[tile], ox, oy, oz, s)) {
                        candidates[visible++] = s;
                    }
                }
                if (visible == 0) {
                    continue;
                }
                for (int y = y0; y < y1; y++) {
                    for (int x = x0; x < x1; x++) {
                        int i = y * grid.width + x;
                        double dx = grid.dx(x, y), dy = grid.dy(x, y), dz = grid.dz(y);
                        if (tracer.nearest(candidates, visible, ox, oy, oz, dx, dy, dz, backdrop.depth[i])) {
                            int k = indexOf(tracer.hit.shape);
                            rgb[i] = tracer.shade(ox, oy, oz, dx, dy, dz, occluders[k], occluderCount[k], dyn, dyn.length);
                            if (labels != null) {
                                labels[i] = tracer.hit.shape.label.code();
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * The reference renderer: every camera ray and every shadow ray against every shape, no
     * backdrop, no culling beyond bounding spheres. Same output as {@link #render(int, int[], byte[])};
     * the baseline its speed is measured against.
     */
    public void renderNaive(int frame, int[] rgb, byte[] labels) {
        moving.clear();
        episode.movingShapes(frame, moving);
        Shape[] all = new Shape[backdrop.statics.length + moving.size()];
        System.arraycopy(backdrop.statics, 0, all, 0, backdrop.statics.length);
        for (int i = 0; i < moving.size(); i++) {
            all[backdrop.statics.length + i] = moving.get(i);
        }
        Vec3 cam = Camera360.POSITION;
        double ox = cam.x(), oy = cam.y(), oz = cam.z();
        for (int y = 0; y < grid.height; y++) {
            for (int x = 0; x < grid.width; x++) {
                int i = y * grid.width + x;
                double dx = grid.dx(x, y), dy = grid.dy(x, y), dz = grid.dz(y);
                if (!tracer.nearest(all, all.length, ox, oy, oz, dx, dy, dz, Double.POSITIVE_INFINITY)) {
                    throw new IllegalStateException("a camera ray left the room at pixel " + x + "," + y);
                }
                rgb[i] = tracer.shade(ox, oy, oz, dx, dy, dz, all, all.length, all, 0);
                if (labels != null) {
                    labels[i] = tracer.hit.shape.label.code();
                }
            }
        }
    }

    /** Builds frame {@code frame}'s moving shapes, their light cones, and each one's possible static occluders. */
    private void prepare(int frame) {
        moving.clear();
        episode.movingShapes(frame, moving);
        int n = moving.size();
        if (dyn.length != n) {
            dyn = new Shape[n];
            dynDir = new double[3 * n];
            dynHalf = new double[n];
            dynNear = new double[n];
            dynFar = new double[n];
            occluders = new Shape[n][casters.length];
            occluderCount = new int[n];
            candidates = new Shape[Math.max(n, 1)];
        }
        for (int i = 0; i < n; i++) {
            Shape s = moving.get(i);
            dyn[i] = s;
            dynNear[i] = lightCone(s, dynDir, dynHalf, i);
            dynFar[i] = dynNear[i] + 2 * (s.radius + 1e-3);
            int count = 0;
            for (int c = 0; c < casters.length; c++) {
                if (casterNear[c] < dynFar[i] && conesMeet(casterDir, c, casterHalf[c], dynDir, i, dynHalf[i])) {
                    occluders[i][count++] = casters[c];
                }
            }
            occluderCount[i] = count;
        }
    }

    /** Moving shapes that may shade some static point of {@code tile} from the key light; fills {@link #candidates}. */
    private int shadowCandidates(int tile) {
        double r = backdrop.litBounds[4 * tile + 3];
        if (r < 0) {
            return 0;
        }
        double vx = backdrop.litBounds[4 * tile] - kx, vy = backdrop.litBounds[4 * tile + 1] - ky, vz = backdrop.litBounds[4 * tile + 2] - kz;
        double dist = Math.sqrt(vx * vx + vy * vy + vz * vz);
        double half = dist <= r ? Math.PI : Math.asin(r / dist);
        double[] dir = {vx / dist, vy / dist, vz / dist};
        int count = 0;
        for (int i = 0; i < dyn.length; i++) {
            if (dynNear[i] < dist + r && conesMeet(dir, 0, half, dynDir, i, dynHalf[i])) {
                candidates[count++] = dyn[i];
            }
        }
        return count;
    }

    /** Writes the cone from the key light around {@code s}'s bounding sphere; returns its nearest distance. */
    private double lightCone(Shape s, double[] dir, double[] half, int i) {
        double r = s.radius + 1e-3; // margin for the shadow bias
        double vx = s.cx - kx, vy = s.cy - ky, vz = s.cz - kz;
        double dist = Math.sqrt(vx * vx + vy * vy + vz * vz);
        dir[3 * i] = vx / dist;
        dir[3 * i + 1] = vy / dist;
        dir[3 * i + 2] = vz / dist;
        half[i] = dist <= r ? Math.PI : Math.asin(r / dist);
        return dist - r;
    }

    private static boolean conesMeet(double[] a, int i, double halfA, double[] b, int j, double halfB) {
        double cos = a[3 * i] * b[3 * j] + a[3 * i + 1] * b[3 * j + 1] + a[3 * i + 2] * b[3 * j + 2];
        return Math.acos(Math.max(-1, Math.min(1, cos))) <= halfA + halfB;
    }

    private int indexOf(Shape s) {
        for (int i = 0; i < dyn.length; i++) {
            if (dyn[i] == s) {
                return i;
            }
        }
        throw new IllegalStateException("hit a shape that is not moving");
    }
}
