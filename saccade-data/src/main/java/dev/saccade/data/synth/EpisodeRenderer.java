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
    private static final int BLOCKS_PER_TILE = RayGrid.TILE / RayGrid.BLOCK;

    /** Adds the shapes that move at a frame (an episode's arm and object, or a live world's). */
    interface MovingShapes {
        void add(int frame, List<Shape> out);
    }

    private final MovingShapes source;
    private final Backdrop backdrop;
    private final RayGrid grid;
    private final Tracer tracer;
    private final List<Shape> moving = new ArrayList<>();
    private final double kx, ky, kz;
    // Static shadow casters and the cones from the key light around their culling spheres.
    private final Shape[] casters;
    private final int[] casterFirst; // casterCones of caster c: [casterFirst[c], casterFirst[c + 1])
    private final Cones casterCones;
    // Cones from the key light around the key-lit points of every tile and block; half < 0 when unlit.
    private final Cones tileLit, blockLit;
    // The moving shapes of the current frame, their cones from the camera and from the key light
    // (one per culling sphere; shape i owns [first[i], first[i + 1])), and what can shade each.
    private Shape[] dyn = new Shape[0];
    private int[] first = new int[1];
    private Cones camCones = new Cones(0), lightCones = new Cones(0);
    // One cone per moving shape around its whole bounding sphere: a cheap first test before the chain.
    private Cones camBounds = new Cones(0), lightBounds = new Cones(0);
    private double[] dynNear = new double[0], dynFar = new double[0];
    private Shape[][] staticOccluders = new Shape[0][], dynamicOccluders = new Shape[0][];
    private int[] staticCount = new int[0], dynamicCount = new int[0];
    private int[] tileCandidates = new int[0];
    private Shape[] blockCandidates = new Shape[0];

    EpisodeRenderer(SyntheticEpisode episode, Backdrop backdrop) {
        this(episode.scene(), backdrop, episode::movingShapes);
    }

    /** A renderer of {@code scene} whose moving shapes come from {@code source} (a live world: {@link LiveScene}). */
    EpisodeRenderer(Scene scene, Backdrop backdrop, MovingShapes source) {
        this.source = source;
        this.backdrop = backdrop;
        this.grid = backdrop.grid;
        this.tracer = new Tracer(scene.lighting);
        Vec3 key = scene.lighting.key();
        kx = key.x();
        ky = key.y();
        kz = key.z();
        List<Shape> c = new ArrayList<>();
        int spheres = 0;
        for (Shape s : backdrop.statics) {
            if (s.castsShadow) {
                c.add(s);
                spheres += s.cull.length / 4;
            }
        }
        casters = c.toArray(new Shape[0]);
        casterFirst = new int[casters.length + 1];
        casterCones = new Cones(spheres);
        for (int i = 0; i < casters.length; i++) {
            casterFirst[i] = casterCones.size;
            addLightCones(casters[i], casterCones);
        }
        casterFirst[casters.length] = casterCones.size;
        blockLit = new Cones(grid.blockCols * grid.blockRows);
        for (int b = 0; b < grid.blockCols * grid.blockRows; b++) {
            litCone(blockLit, backdrop.lit(b) ? java.util.Arrays.copyOfRange(backdrop.litBox, 6 * b, 6 * b + 6) : null);
        }
        tileLit = new Cones(grid.tileCols * grid.tileRows);
        for (int ty = 0; ty < grid.tileRows; ty++) {
            for (int tx = 0; tx < grid.tileCols; tx++) {
                double[] box = Backdrop.emptyBox();
                boolean any = false;
                for (int by = ty * BLOCKS_PER_TILE; by < Math.min(grid.blockRows, (ty + 1) * BLOCKS_PER_TILE); by++) {
                    for (int bx = tx * BLOCKS_PER_TILE; bx < Math.min(grid.blockCols, (tx + 1) * BLOCKS_PER_TILE); bx++) {
                        int b = by * grid.blockCols + bx;
                        if (backdrop.lit(b)) {
                            any = true;
                            Backdrop.grow(box, backdrop.litBox[6 * b], backdrop.litBox[6 * b + 1], backdrop.litBox[6 * b + 2]);
                            Backdrop.grow(box, backdrop.litBox[6 * b + 3], backdrop.litBox[6 * b + 4], backdrop.litBox[6 * b + 5]);
                        }
                    }
                }
                litCone(tileLit, any ? box : null);
            }
        }
    }

    /** Adds the cone from the key light around a box of lit points, or an empty cone (half −1). */
    private void litCone(Cones cones, double[] box) {
        if (box == null) {
            cones.add(1, 0, 0, -1, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
        } else {
            double[] s = Backdrop.sphere(box);
            cones.add(kx, ky, kz, s[0], s[1], s[2], s[3]);
        }
    }

    private void addLightCones(Shape s, Cones cones) {
        double[] c = s.cull;
        for (int k = 0; k < c.length; k += 4) {
            cones.add(kx, ky, kz, c[k], c[k + 1], c[k + 2], c[k + 3] + 1e-3); // margin for the shadow bias
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
        for (int ty = 0; ty < grid.tileRows; ty++) {
            for (int tx = 0; tx < grid.tileCols; tx++) {
                int tile = ty * grid.tileCols + tx;
                shadowTile(tile, tx, ty, rgb);
                movingTile(tile, tx, ty, rgb, labels);
            }
        }
    }

    /** Darkens the static pixels of a tile that a moving shape hides from the key light. */
    private void shadowTile(int tile, int tx, int ty, int[] rgb) {
        if (tileLit.half[tile] < 0) {
            return;
        }
        int count = 0;
        for (int i = 0; i < dyn.length; i++) {
            if (dynNear[i] < tileLit.far[tile] && meetsAny(tileLit, tile, lightBounds, lightCones, i)) {
                tileCandidates[count++] = i;
            }
        }
        if (count == 0) {
            return;
        }
        Vec3 cam = Camera360.POSITION;
        for (int by = ty * BLOCKS_PER_TILE; by < Math.min(grid.blockRows, (ty + 1) * BLOCKS_PER_TILE); by++) {
            for (int bx = tx * BLOCKS_PER_TILE; bx < Math.min(grid.blockCols, (tx + 1) * BLOCKS_PER_TILE); bx++) {
                int block = by * grid.blockCols + bx;
                if (blockLit.half[block] < 0) {
                    continue;
                }
                int m = 0;
                for (int c = 0; c < count; c++) {
                    int i = tileCandidates[c];
                    if (dynNear[i] < blockLit.far[block] && meetsAny(blockLit, block, lightBounds, lightCones, i)) {
                        blockCandidates[m++] = dyn[i];
                    }
                }
                if (m == 0) {
                    continue;
                }
                for (int y = by * RayGrid.BLOCK; y < Math.min(grid.height, (by + 1) * RayGrid.BLOCK); y++) {
                    for (int x = bx * RayGrid.BLOCK; x < Math.min(grid.width, (bx + 1) * RayGrid.BLOCK); x++) {
                        int p = y * grid.width + x;
                        if (backdrop.unlit[p] >= 0 && tracer.keyBlocked(cam.x(), cam.y(), cam.z(), grid.dx(x, y), grid.dy(x, y),
                                grid.dz(y), backdrop.depth[p], blockCandidates, m)) {
                            rgb[p] = backdrop.unlit[p];
                        }
                    }
                }
            }
        }
    }

    /** Re-casts the pixels of a tile whose rays may hit a moving shape. */
    private void movingTile(int tile, int tx, int ty, int[] rgb, byte[] labels) {
        int count = 0;
        for (int i = 0; i < dyn.length; i++) {
            if (meetsAny(grid.tiles, tile, camBounds, camCones, i)) {
                tileCandidates[count++] = i;
            }
        }
        if (count == 0) {
            return;
        }
        Vec3 cam = Camera360.POSITION;
        double ox = cam.x(), oy = cam.y(), oz = cam.z();
        for (int by = ty * BLOCKS_PER_TILE; by < Math.min(grid.blockRows, (ty + 1) * BLOCKS_PER_TILE); by++) {
            for (int bx = tx * BLOCKS_PER_TILE; bx < Math.min(grid.blockCols, (tx + 1) * BLOCKS_PER_TILE); bx++) {
                int block = by * grid.blockCols + bx;
                int m = 0;
                for (int c = 0; c < count; c++) {
                    int i = tileCandidates[c];
                    if (meetsAny(grid.blocks, block, camBounds, camCones, i)) {
                        blockCandidates[m++] = dyn[i];
                    }
                }
                if (m == 0) {
                    continue;
                }
                for (int y = by * RayGrid.BLOCK; y < Math.min(grid.height, (by + 1) * RayGrid.BLOCK); y++) {
                    for (int x = bx * RayGrid.BLOCK; x < Math.min(grid.width, (bx + 1) * RayGrid.BLOCK); x++) {
                        int p = y * grid.width + x;
                        double dx = grid.dx(x, y), dy = grid.dy(x, y), dz = grid.dz(y);
                        if (tracer.nearest(blockCandidates, m, ox, oy, oz, dx, dy, dz, backdrop.depth[p])) {
                            int k = indexOf(tracer.hit.shape);
                            rgb[p] = tracer.shade(ox, oy, oz, dx, dy, dz, staticOccluders[k], staticCount[k],
                                    dynamicOccluders[k], dynamicCount[k]);
                            if (labels != null) {
                                labels[p] = tracer.hit.shape.label.code();
                            }
                        }
                    }
                }
            }
        }
    }

    /** Whether region cone {@code r} of {@code regions} meets moving shape {@code i}'s bounding cone and one of its chain's cones. */
    private boolean meetsAny(Cones regions, int r, Cones bounds, Cones shapeCones, int i) {
        if (!regions.meet(r, bounds, i)) {
            return false;
        }
        if (first[i + 1] - first[i] == 1) {
            return true; // the chain is the bounding sphere
        }
        for (int k = first[i]; k < first[i + 1]; k++) {
            if (regions.meet(r, shapeCones, k)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The reference renderer: every camera ray and every shadow ray against every shape, no
     * backdrop, no culling beyond bounding spheres. Same output as {@link #render(int, int[], byte[])};
     * the baseline its speed is measured against.
     */
    public void renderNaive(int frame, int[] rgb, byte[] labels) {
        moving.clear();
        source.add(frame, moving);
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

    /** Builds frame {@code frame}'s moving shapes, their cones, and what can shade each of them. */
    private void prepare(int frame) {
        moving.clear();
        source.add(frame, moving);
        int n = moving.size();
        dyn = moving.toArray(new Shape[0]);
        int spheres = 0;
        for (Shape s : dyn) {
            spheres += s.cull.length / 4;
        }
        if (camCones.ux.length < spheres) {
            camCones = new Cones(spheres);
            lightCones = new Cones(spheres);
        }
        if (camBounds.ux.length < n) {
            camBounds = new Cones(n);
            lightBounds = new Cones(n);
        }
        if (staticOccluders.length < n) {
            first = new int[n + 1];
            dynNear = new double[n];
            dynFar = new double[n];
            staticOccluders = new Shape[n][casters.length];
            dynamicOccluders = new Shape[n][n];
            staticCount = new int[n];
            dynamicCount = new int[n];
            tileCandidates = new int[n];
            blockCandidates = new Shape[n];
        }
        camCones.size = 0;
        lightCones.size = 0;
        camBounds.size = 0;
        lightBounds.size = 0;
        Vec3 cam = Camera360.POSITION;
        for (int i = 0; i < n; i++) {
            first[i] = camCones.size;
            double[] c = dyn[i].cull;
            for (int k = 0; k < c.length; k += 4) {
                camCones.add(cam.x(), cam.y(), cam.z(), c[k], c[k + 1], c[k + 2], c[k + 3]);
            }
            addLightCones(dyn[i], lightCones);
            Shape b = dyn[i];
            camBounds.add(cam.x(), cam.y(), cam.z(), b.cx, b.cy, b.cz, b.radius);
            lightBounds.add(kx, ky, kz, b.cx, b.cy, b.cz, b.radius + 1e-3);
            dynNear[i] = Double.POSITIVE_INFINITY;
            dynFar[i] = Double.NEGATIVE_INFINITY;
            for (int k = first[i]; k < lightCones.size; k++) {
                dynNear[i] = Math.min(dynNear[i], lightCones.near[k]);
                dynFar[i] = Math.max(dynFar[i], lightCones.far[k]);
            }
        }
        first[n] = camCones.size;
        // A shadow ray from a point of shape i toward the key light stays inside i's cones from the light.
        for (int i = 0; i < n; i++) {
            int count = 0;
            for (int c = 0; c < casters.length; c++) {
                if (overlap(casterCones, casterFirst[c], casterFirst[c + 1], i)) {
                    staticOccluders[i][count++] = casters[c];
                }
            }
            staticCount[i] = count;
            count = 0;
            for (int j = 0; j < n; j++) {
                if (dynNear[j] < dynFar[i] && overlap(lightCones, first[j], first[j + 1], i)) {
                    dynamicOccluders[i][count++] = dyn[j];
                }
            }
            dynamicCount[i] = count;
        }
    }

    /** Whether any of {@code cones[from..to)} meets any light cone of moving shape {@code i} and is nearer the light than its far end. */
    private boolean overlap(Cones cones, int from, int to, int i) {
        for (int a = from; a < to; a++) {
            if (cones.near[a] >= dynFar[i]) {
                continue;
            }
            for (int b = first[i]; b < first[i + 1]; b++) {
                if (cones.meet(a, lightCones, b)) {
                    return true;
                }
            }
        }
        return false;
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
