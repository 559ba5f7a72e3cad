package dev.saccade.data.synth;

import dev.saccade.sphere.Vec3;
import java.util.stream.IntStream;

/**
 * The static part of an episode's frames, rendered once: per pixel the colour, the colour without
 * the key light (or −1 where the key light does not reach anyway), the hit distance and the label,
 * plus per tile a sphere around the key-lit surface points so moving shadows can be culled.
 * Immutable once built; shared by all of an episode's renderers.
 */
final class Backdrop {
    final RayGrid grid;
    final int[] rgb, unlit;
    final double[] depth;
    final byte[] labels;
    /** Per tile: centre x, y, z and radius of the key-lit points; radius −1 when none. */
    final double[] litBounds;
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
        litBounds = new double[4 * grid.tileCols * grid.tileRows];
    }

    /** Renders the static scene; tiles run in parallel, and the result does not depend on how. */
    static Backdrop render(Scene scene, RayGrid grid, boolean parallel) {
        Backdrop b = new Backdrop(grid, scene.statics.toArray(new Shape[0]));
        IntStream rows = IntStream.range(0, grid.tileRows);
        (parallel ? rows.parallel() : rows).forEach(ty -> {
            Tracer tracer = new Tracer(scene.lighting);
            Shape[] candidates = new Shape[b.statics.length];
            for (int tx = 0; tx < grid.tileCols; tx++) {
                b.renderTile(tracer, tx, ty, candidates);
            }
        });
        return b;
    }

    private void renderTile(Tracer tracer, int tx, int ty, Shape[] candidates) {
        Vec3 cam = Camera360.POSITION;
        double ox = cam.x(), oy = cam.y(), oz = cam.z();
        int tile = ty * grid.tileCols + tx;
        int n = 0;
        for (Shape s : statics) {
            if (RayGrid.coneMeetsShape(grid.tileDir, 3 * tile, grid.tileHalf[tile], ox, oy, oz, s)) {
                candidates[n++] = s;
            }
        }
        double minX = Double.POSITIVE_INFINITY, minY = minX, minZ = minX;
        double maxX = Double.NEGATIVE_INFINITY, maxY = maxX, maxZ = maxX;
        int x1 = Math.min(grid.width, (tx + 1) * RayGrid.TILE), y1 = Math.min(grid.height, (ty + 1) * RayGrid.TILE);
        for (int y = ty * RayGrid.TILE; y < y1; y++) {
            for (int x = tx * RayGrid.TILE; x < x1; x++) {
                int i = y * grid.width + x;
                double dx = grid.dx(x, y), dy = grid.dy(x, y), dz = grid.dz(y);
                if (!tracer.nearest(candidates, n, ox, oy, oz, dx, dy, dz, Double.POSITIVE_INFINITY)) {
                    throw new IllegalStateException("a camera ray left the room at pixel " + x + "," + y);
                }
                depth[i] = tracer.hit.t;
                labels[i] = tracer.hit.shape.label.code();
                rgb[i] = tracer.shade(ox, oy, oz, dx, dy, dz, statics, statics.length, statics, 0);
                unlit[i] = tracer.keyLit ? tracer.base : -1;
                if (tracer.keyLit) {
                    double t = tracer.hit.t;
                    double px = ox + t * dx, py = oy + t * dy, pz = oz + t * dz;
                    minX = Math.min(minX, px); maxX = Math.max(maxX, px);
                    minY = Math.min(minY, py); maxY = Math.max(maxY, py);
                    minZ = Math.min(minZ, pz); maxZ = Math.max(maxZ, pz);
                }
            }
        }
        if (minX <= maxX) {
            litBounds[4 * tile] = (minX + maxX) / 2;
            litBounds[4 * tile + 1] = (minY + maxY) / 2;
            litBounds[4 * tile + 2] = (minZ + maxZ) / 2;
            litBounds[4 * tile + 3] = Math.sqrt((maxX - minX) * (maxX - minX) + (maxY - minY) * (maxY - minY)
                    + (maxZ - minZ) * (maxZ - minZ)) / 2 + 1e-3;
        } else {
            litBounds[4 * tile + 3] = -1;
        }
    }
}
