package dev.saccade.data.synth;

/**
 * Cones from a point (the camera or the key light) around spheres, stored flat for the renderer's
 * culling loops: per cone a unit axis, the cosine and sine of its half angle, the half angle, and
 * the nearest and farthest distance of its sphere from the apex. Two cones from one apex can share
 * a ray only if their axes are at most the sum of the half angles apart, which is tested with
 * cosines alone: {@code cos(angle) ≥ cos(a + b) = cos a cos b − sin a sin b}.
 */
final class Cones {
    final double[] ux, uy, uz, cos, sin, half, near, far;
    int size;

    Cones(int capacity) {
        ux = new double[capacity];
        uy = new double[capacity];
        uz = new double[capacity];
        cos = new double[capacity];
        sin = new double[capacity];
        half = new double[capacity];
        near = new double[capacity];
        far = new double[capacity];
    }

    /** Adds the cone from apex {@code a} around the sphere (c, r); returns its index. */
    int add(double ax, double ay, double az, double cx, double cy, double cz, double r) {
        int i = size++;
        double vx = cx - ax, vy = cy - ay, vz = cz - az;
        double dist = Math.sqrt(vx * vx + vy * vy + vz * vz);
        if (dist <= r || dist == 0) { // the apex is inside: every direction
            ux[i] = 1;
            uy[i] = 0;
            uz[i] = 0;
            half[i] = Math.PI;
            cos[i] = -1;
            sin[i] = 0;
        } else {
            ux[i] = vx / dist;
            uy[i] = vy / dist;
            uz[i] = vz / dist;
            double s = r / dist;
            half[i] = Math.asin(s);
            sin[i] = s;
            cos[i] = Math.sqrt(1 - s * s);
        }
        near[i] = dist - r;
        far[i] = dist + r;
        return i;
    }

    /** Adds a cone given directly by its axis (unit) and half angle; distances as given. */
    int add(double x, double y, double z, double halfAngle, double nearDist, double farDist) {
        int i = size++;
        ux[i] = x;
        uy[i] = y;
        uz[i] = z;
        half[i] = halfAngle;
        cos[i] = Math.cos(halfAngle);
        sin[i] = Math.sin(halfAngle);
        near[i] = nearDist;
        far[i] = farDist;
        return i;
    }

    /** Whether cone {@code i} of this set and cone {@code j} of {@code o} can share a ray. */
    boolean meet(int i, Cones o, int j) {
        if (half[i] + o.half[j] >= Math.PI) {
            return true;
        }
        double c = ux[i] * o.ux[j] + uy[i] * o.uy[j] + uz[i] * o.uz[j];
        return c >= cos[i] * o.cos[j] - sin[i] * o.sin[j];
    }
}
