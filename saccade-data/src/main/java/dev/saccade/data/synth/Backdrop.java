package dev.saccade.data.synth;

import dev.saccade.sphere.Vec3;
import java.util.stream.IntStream;

/**
 * The static part of an episode's frames, rendered once: per pixel the colour, the colour without
 * the key light (or −1 where the key light does not reach anyway), the hit distance and the label;
 * per block of {@value RayGrid#BLOCK}×{@value RayGrid#BLOCK} pixels the box around its key-lit
 * surface points, so that moving shadows can be culled. Immutable once built; shared by all of an
 * episode's renderers.
 */
final class Backdrop {
    final RayGrid grid;
    final int[] rgb, unlit;
    final double[] depth;
    final byte[] labels;
    /** Per block: min x, y, z then max x, y, z of its key-lit points; min > max when there are none. */
    final double[] litBox;
    /** The static shapes, as an array for the hot loops. */
    final Shape[] statics;

    private Backdrop(RayGrid grid, Shape[] statics) {
        this.grid = grid;
        this.statics = statics;
        int n = grid.width * grid.height;
        rgb = new int[n];
        unlit = new int[n];
        depth = new double[n];
        labels = new byte[n];
        litBox = new double[6 * grid.blockCols * grid.blockRows];
    }

    /** Renders the static scene; tile rows run in parallel if asked, and the result does not depend on it. */
    static Backdrop render(Scene scene, RayGrid grid, boolean parallel) {
        Backdrop b = new Backdrop(grid, scene.statics.toArray(new Shape[0]));
        Vec3 key = scene.lighting.key();
        Shape[] casters = java.util.Arrays.stream(b.statics).filter(s -> s.castsShadow).toArray(Shape[]::new);
        Cones casterCones = new Cones(Math.max(1, casters.length));
        for (Shape s : casters) { // bounding spheres here: the chains would not pay once per episode
            casterCones.add(key.x(), key.y(), key.z(), s.cx, s.cy, s.cz, s.radius + 1e-3);
        }
        IntStream rows = IntStream.range(0, grid.tileRows);
        (parallel ? rows.parallel() : rows).forEach(ty -> {
            Tracer tracer = new Tracer(scene.lighting);
            Shape[] candidates = new Shape[b.statics.length];
            Shape[] occluders = new Shape[Math.max(1, casters.length)];
            Cones blockCone = new Cones(1);
            for (int tx = 0; tx < grid.tileCols; tx++) {
                b.renderTile(tracer, tx, ty, candidates, casters, casterCones, occluders, blockCone, key);
            }
        });
        return b;
    }

    private void renderTile(Tracer tracer, int tx, int ty, Shape[] candidates, Shape[] casters, Cones casterCones,
                            Shape[] occluders, Cones blockCone, Vec3 key) {
        Vec3 cam = Camera360.POSITION;
        double ox = cam.x(), oy = cam.y(), oz = cam.z();
        int tile = ty * grid.tileCols + tx;
        int n = 0;
        for (Shape s : statics) {
            if (RayGrid.coneMeetsShape(grid.tiles, tile, ox, oy, oz, s)) {
                candidates[n++] = s;
            }
        }
        int bx1 = Math.min(grid.blockCols, (tx + 1) * (RayGrid.TILE / RayGrid.BLOCK));
        int by1 = Math.min(grid.blockRows, (ty + 1) * (RayGrid.TILE / RayGrid.BLOCK));
        for (int by = ty * (RayGrid.TILE / RayGrid.BLOCK); by < by1; by++) {
            for (int bx = tx * (RayGrid.TILE / RayGrid.BLOCK); bx < bx1; bx++) {
                int x0 = bx * RayGrid.BLOCK, x1 = Math.min(grid.width, x0 + RayGrid.BLOCK);
                int y0 = by * RayGrid.BLOCK, y1 = Math.min(grid.height, y0 + RayGrid.BLOCK);
                // Pass 1: where the block's rays land, to find which shapes can shade those points.
                double[] box = emptyBox();
                for (int y = y0; y < y1; y++) {
                    for (int x = x0; x < x1; x++) {
                        double dx = grid.dx(x, y), dy = grid.dy(x, y), dz = grid.dz(y);
                        if (!tracer.nearest(candidates, n, ox, oy, oz, dx, dy, dz, Double.POSITIVE_INFINITY)) {
                            throw new IllegalStateException("a camera ray left the room at pixel " + x + "," + y);
                        }
                        double t = tracer.hit.t;
                        grow(box, ox + t * dx, oy + t * dy, oz + t * dz);
                    }
                }
                blockCone.size = 0;
                double[] s = sphere(box);
                blockCone.add(key.x(), key.y(), key.z(), s[0], s[1], s[2], s[3]);
                int m = 0;
                for (int c = 0; c < casters.length; c++) {
                    if (casterCones.near[c] < blockCone.far[0] && casterCones.meet(c, blockCone, 0)) {
                        occluders[m++] = casters[c];
                    }
                }
                // Pass 2: shade, with shadow rays against those shapes only.
                int block = by * grid.blockCols + bx;
                double[] lit = emptyBox();
                for (int y = y0; y < y1; y++) {
                    for (int x = x0; x < x1; x++) {
                        int i = y * grid.width + x;
                        double dx = grid.dx(x, y), dy = grid.dy(x, y), dz = grid.dz(y);
                        tracer.nearest(candidates, n, ox, oy, oz, dx, dy, dz, Double.POSITIVE_INFINITY);
                        depth[i] = tracer.hit.t;
                        labels[i] = tracer.hit.shape.label.code();
                        rgb[i] = tracer.shade(ox, oy, oz, dx, dy, dz, occluders, m, occluders, 0);
                        unlit[i] = tracer.keyLit ? tracer.base : -1;
                        if (tracer.keyLit) {
                            double t = tracer.hit.t;
                            grow(lit, ox + t * dx, oy + t * dy, oz + t * dz);
                        }
                    }
                }
                System.arraycopy(lit, 0, litBox, 6 * block, 6);
            }
        }
    }

    static double[] emptyBox() {
        double inf = Double.POSITIVE_INFINITY;
        return new double[] {inf, inf, inf, -inf, -inf, -inf};
    }

    static void grow(double[] box, double x, double y, double z) {
        box[0] = Math.min(box[0], x);
        box[1] = Math.min(box[1], y);
        box[2] = Math.min(box[2], z);
        box[3] = Math.max(box[3], x);
        box[4] = Math.max(box[4], y);
        box[5] = Math.max(box[5], z);
    }

    /** The sphere around a box (centre, radius), with a margin for the shadow bias. */
    static double[] sphere(double[] box) {
        double dx = box[3] - box[0], dy = box[4] - box[1], dz = box[5] - box[2];
        return new double[] {(box[0] + box[3]) / 2, (box[1] + box[4]) / 2, (box[2] + box[5]) / 2,
            Math.sqrt(dx * dx + dy * dy + dz * dz) / 2 + 1e-3};
    }

    /** Whether block {@code block} has key-lit points. */
    boolean lit(int block) {
        return litBox[6 * block] <= litBox[6 * block + 3];
    }
}
