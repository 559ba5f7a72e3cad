package dev.saccade.data.synth;

import dev.saccade.sphere.Equirect;

/**
 * The camera rays of a {@code width × height} equirect frame in the robot base frame, as per-column
 * and per-row sines and cosines, and the frame cut into {@value #TILE}×{@value #TILE} pixel tiles,
 * each with a cone (centre direction, half angle) holding all its rays. Tiles are what the renderer
 * culls shapes against.
 */
final class RayGrid {
    static final int TILE = 16;

    final int width, height, tileCols, tileRows;
    final double[] cosLon, sinLon, cosLat, sinLat;
    /** Tile cone centres (x, y, z per tile) and half angles, tiles row-major. */
    final double[] tileDir, tileHalf;

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
        tileDir = new double[3 * tileCols * tileRows];
        tileHalf = new double[tileCols * tileRows];
        for (int ty = 0; ty < tileRows; ty++) {
            for (int tx = 0; tx < tileCols; tx++) {
                int tile = ty * tileCols + tx;
                double x0 = tx * TILE - 0.5, x1 = Math.min(width, (tx + 1) * TILE) - 0.5;
                double y0 = ty * TILE - 0.5, y1 = Math.min(height, (ty + 1) * TILE) - 0.5;
                double[] c = dir(Equirect.longitude((x0 + x1) / 2, width), Equirect.latitude((y0 + y1) / 2, height));
                System.arraycopy(c, 0, tileDir, 3 * tile, 3);
                double half = 0;
                // Over a longitude/latitude rectangle under 180° wide, the farthest point from its centre is a corner.
                for (double xx : new double[] {x0, x1}) {
                    for (double yy : new double[] {y0, y1}) {
                        double[] d = dir(Equirect.longitude(xx, width), Equirect.latitude(yy, height));
                        half = Math.max(half, Math.acos(Math.min(1, c[0] * d[0] + c[1] * d[1] + c[2] * d[2])));
                    }
                }
                tileHalf[tile] = half + 1e-6;
            }
        }
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

    /** Whether any of {@code s}'s culling spheres seen from {@code o} can overlap the cone. */
    static boolean coneMeetsShape(double[] dir, int at, double half, double ox, double oy, double oz, Shape s) {
        double[] c = s.cull;
        for (int i = 0; i < c.length; i += 4) {
            if (coneMeetsSphere(dir, at, half, ox, oy, oz, c[i], c[i + 1], c[i + 2], c[i + 3])) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a sphere (centre, radius) seen from {@code (ox, oy, oz)} can overlap the cone of
     * direction {@code dir[at..at+2]} and half angle {@code half}.
     */
    static boolean coneMeetsSphere(double[] dir, int at, double half, double ox, double oy, double oz,
                                   double cx, double cy, double cz, double r) {
        if (r == Double.POSITIVE_INFINITY) {
            return true;
        }
        double vx = cx - ox, vy = cy - oy, vz = cz - oz;
        double dist = Math.sqrt(vx * vx + vy * vy + vz * vz);
        if (dist <= r) {
            return true;
        }
        double cos = (vx * dir[at] + vy * dir[at + 1] + vz * dir[at + 2]) / dist;
        double angle = Math.acos(Math.max(-1, Math.min(1, cos)));
        return angle <= half + Math.asin(r / dist);
    }
}
