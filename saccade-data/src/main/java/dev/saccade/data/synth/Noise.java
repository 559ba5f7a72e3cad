package dev.saccade.data.synth;

/** Deterministic value noise and integer hashes for procedural textures (no state, no randomness). */
final class Noise {
    private Noise() {}

    /** A well-mixed 32-bit hash of three integers. */
    static int hash(int x, int y, int z) {
        int h = x * 0x27d4eb2d ^ y * 0x165667b1 ^ z * 0x1b873593;
        h ^= h >>> 15;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        return h ^ (h >>> 16);
    }

    /** A hash of three integers as a double in [0, 1). */
    static double unit(int x, int y, int z) {
        return (hash(x, y, z) >>> 8) * 0x1p-24;
    }

    /** Smooth value noise in [0, 1] with features about 1 unit across. */
    static double value(double x, double y, double z) {
        double fx = Math.floor(x), fy = Math.floor(y), fz = Math.floor(z);
        int ix = (int) fx, iy = (int) fy, iz = (int) fz;
        double ux = smooth(x - fx), uy = smooth(y - fy), uz = smooth(z - fz);
        double c000 = unit(ix, iy, iz), c100 = unit(ix + 1, iy, iz);
        double c010 = unit(ix, iy + 1, iz), c110 = unit(ix + 1, iy + 1, iz);
        double c001 = unit(ix, iy, iz + 1), c101 = unit(ix + 1, iy, iz + 1);
        double c011 = unit(ix, iy + 1, iz + 1), c111 = unit(ix + 1, iy + 1, iz + 1);
        double x00 = c000 + (c100 - c000) * ux, x10 = c010 + (c110 - c010) * ux;
        double x01 = c001 + (c101 - c001) * ux, x11 = c011 + (c111 - c011) * ux;
        double y0 = x00 + (x10 - x00) * uy, y1 = x01 + (x11 - x01) * uy;
        return y0 + (y1 - y0) * uz;
    }

    /** Two octaves of value noise, in [0, 1]. */
    static double fractal(double x, double y, double z) {
        return (2 * value(x, y, z) + value(2.03 * x + 17.1, 2.03 * y + 5.3, 2.03 * z + 9.7)) / 3;
    }

    private static double smooth(double t) {
        return t * t * (3 - 2 * t);
    }
}
