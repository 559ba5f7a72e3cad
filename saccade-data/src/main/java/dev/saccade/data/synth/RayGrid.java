package dev.saccade.data.synth;

import dev.saccade.sphere.Equirect;

/**
 * The camera rays of a {@code width × height} equirect frame in the robot base frame, as per-column
 * and per-row sines and cosines, and two levels of screen regions for culling: tiles of
 * {@value #TILE}×{@value #TILE} pixels, each cut into blocks of {@value #BLOCK}×{@value #BLOCK}, each
 * region with the cone (from the camera) that holds all its rays.
 */
final class RayGrid {
    static final int TILE = 16;
    static final int BLOCK = 4;

    final int width, height, tileCols, tileRows, blockCols, blockRows;
    final double[] cosLon, sinLon, cosLat, sinLat;
    /** Ray cones of the tiles and of the blocks, row-major. */
    final Cones tiles, blocks;

    private static final java.util.concurrent.ConcurrentHashMap<Integer, RayGrid> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

    /** The grid for frames {@code width} wide (shared: grids never change once built). */
    static RayGrid of(int width) {
        return CACHE.computeIfAbsent(width, w -> new RayGrid(w, w / 2));
    }

    RayGrid(int width, int height) {
        this.width = width;
        this.height = height;
        cosLon = new double[width];
        sinLon = new double[width];
        cosLat = new double[height];
        sinLat = new double[height];
        for (int x = 0; x < width; x++) {
            double lon = Equirect.longitude(x, width);
            cosLon[x] = Math.cos(lon);
            sinLon[x] = Math.sin(lon);
        }
        for (int y = 0; y < height; y++) {
            double lat = Equirect.latitude(y, height);
            cosLat[y] = Math.cos(lat);
            sinLat[y] = Math.sin(lat);
        }
        tileCols = (width + TILE - 1) / TILE;
        tileRows = (height + TILE - 1) / TILE;
        blockCols = (width + BLOCK - 1) / BLOCK;
        blockRows = (height + BLOCK - 1) / BLOCK;
        tiles = regions(TILE, tileCols, tileRows);
        blocks = regions(BLOCK, blockCols, blockRows);
    }

    private Cones regions(int size, int cols, int rows) {
        Cones c = new Cones(cols * rows);
        for (int ry = 0; ry < rows; ry++) {
            for (int rx = 0; rx < cols; rx++) {
                double x0 = rx * size - 0.5, x1 = Math.min(width, (rx + 1) * size) - 0.5;
                double y0 = ry * size - 0.5, y1 = Math.min(height, (ry + 1) * size) - 0.5;
                double[] centre = dir(Equirect.longitude((x0 + x1) / 2, width), Equirect.latitude((y0 + y1) / 2, height));
                double half = 0;
                // Over a longitude/latitude rectangle under 180° wide, the farthest point from its centre is a corner.
                for (double xx : new double[] {x0, x1}) {
                    for (double yy : new double[] {y0, y1}) {
                        double[] d = dir(Equirect.longitude(xx, width), Equirect.latitude(yy, height));
                        half = Math.max(half, Math.acos(Math.min(1, centre[0] * d[0] + centre[1] * d[1] + centre[2] * d[2])));
                    }
                }
                if ((x1 - x0) / width >= 0.5) {
                    half = Math.PI; // 180° or more of longitude (tiny frames): the corner bound no longer holds
                }
                c.add(centre[0], centre[1], centre[2], half + 1e-6, 0, Double.POSITIVE_INFINITY);
            }
        }
        return c;
    }

    /** Base-frame unit direction of longitude {@code lon} and latitude {@code lat} (sphere frame). */
    static double[] dir(double lon, double lat) {
        return new double[] {Math.cos(lat) * Math.cos(lon), -Math.cos(lat) * Math.sin(lon), Math.sin(lat)};
    }

    double dx(int x, int y) {
        return cosLat[y] * cosLon[x];
    }

    double dy(int x, int y) {
        return -cosLat[y] * sinLon[x];
    }

    double dz(int y) {
        return sinLat[y];
    }

    /** Whether any culling sphere of {@code s} seen from {@code o} can meet cone {@code i} of {@code regions}. */
    static boolean coneMeetsShape(Cones regions, int i, double ox, double oy, double oz, Shape s) {
        double[] c = s.cull;
        for (int k = 0; k < c.length; k += 4) {
            double vx = c[k] - ox, vy = c[k + 1] - oy, vz = c[k + 2] - oz, r = c[k + 3];
            if (r == Double.POSITIVE_INFINITY) {
                return true;
            }
            double dist = Math.sqrt(vx * vx + vy * vy + vz * vz);
            if (dist <= r) {
                return true;
            }
            double sin = r / dist, cos = Math.sqrt(1 - sin * sin);
            double dot = (vx * regions.ux[i] + vy * regions.uy[i] + vz * regions.uz[i]) / dist;
            if (dot >= regions.cos[i] * cos - regions.sin[i] * sin) {
                return true;
            }
        }
        return false;
    }

    /** Index of the block holding pixel (x, y). */
    int blockOf(int x, int y) {
        return (y / BLOCK) * blockCols + x / BLOCK;
    }
}
