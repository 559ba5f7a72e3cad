package dev.saccade.sphere.render;

/**
 * The render loop, one pixel at a time: for each pixel of a ray table, rotate its ray to the gaze,
 * find its (longitude, latitude), and sample the mip chain bilinearly. {@link VectorKernel} computes
 * the same thing on SIMD lanes; this one runs on any JVM and renders the vector kernel's leftovers.
 *
 * <p>Two facts keep it cheap. Roll is zero, so a gaze is a pitch rotation about the camera's x axis
 * followed by a yaw rotation about the vertical, and yaw only shifts longitude: the loop rotates by
 * pitch (4 multiplies) and adds yaw to the longitude. And the chain's borders make the four bilinear
 * taps plain array reads. Latitude is {@code atan2(y, hypot(x, z))}, not {@code asin(y)}, which loses
 * precision at the poles. Nothing is allocated.
 */
final class ScalarKernel {
    static final float INV_TWO_PI = (float) (1 / (2 * Math.PI));
    static final float INV_PI = (float) (1 / Math.PI);
    static final float INV_255 = 1f / 255;
    static final float QUARTER_PI = (float) (Math.PI / 4);
    static final float PI = (float) Math.PI;
    // Abramowitz & Stegun 4.4.49: atan(t)/t on [−1, 1] as a polynomial in t², |error| ≤ 2e-8 rad.
    static final float A2 = -0.3333314528f;
    static final float A4 = 0.1999355085f;
    static final float A6 = -0.1420889944f;
    static final float A8 = 0.1065626393f;
    static final float A10 = -0.0752896400f;
    static final float A12 = 0.0429096138f;
    static final float A14 = -0.0161657367f;
    static final float A16 = 0.0028662257f;

    private ScalarKernel() {}

    /**
     * Renders pixels {@code [from, to)} of the view of {@code rays} at gaze {@code (yaw, pitch)}
     * (radians) into CHW planes: channel {@code c} of pixel {@code p} goes to
     * {@code out[offset + c·n + p]}, {@code n} the table's pixel count, as a value in [0, 1].
     */
    static void render(RayTable rays, MipChain mips, Antialias antialias, double yaw, double pitch,
                       float[] out, int offset, int from, int to) {
        final float[] rx = rays.x;
        final float[] ry = rays.y;
        final float[] rz = rays.z;
        final float[] foot = rays.footprint;
        final int n = rays.size();
        final float sinP = (float) Math.sin(pitch);
        final float cosP = (float) Math.cos(pitch);
        final float uShift = uShift(yaw);
        final int[] tex = mips.texels;
        final int[] offsets = mips.offset;
        final int[] strides = mips.stride;
        final float[] widths = mips.widthF;
        final float[] heights = mips.heightF;
        final int maxLevel = antialias == Antialias.MIP ? mips.levels() - 1 : 0;
        final float lodScale = lodScale(mips);

        for (int p = from; p < to; p++) {
            final int o = offset + p;
            final float fp = foot[p];
            if (!(fp > 0)) {                     // the lens sees nothing here
                out[o] = 0;
                out[o + n] = 0;
                out[o + 2 * n] = 0;
                continue;
            }
            final float x = rx[p];
            final float y = ry[p];
            final float z = rz[p];
            // Camera y points down the image and pitch turns the view up; world (x, dy, dz) before yaw.
            final float dy = z * sinP - y * cosP;
            final float dz = y * sinP + z * cosP;
            final float h = (float) Math.sqrt(x * x + dz * dz);   // cos(lat) for a unit ray
            float u = longitude(x, dz) * INV_TWO_PI + uShift;
            u -= (int) u;                                        // wrap into [0, 1)
            final float v = Math.max(0f, Math.min(1f, 0.5f - latitude(dy, h) * INV_PI));

            int level = 0;
            if (maxLevel > 0) {
                level = Math.getExponent(fp * lodScale / h);
                level = level < 0 ? 0 : Math.min(level, maxLevel);
            }
            // Texel coordinates shifted by the one-texel border: their integer parts index the
            // top-left tap directly, in [0, W] × [0, H].
            final float cx = u * widths[level] + 0.5f;
            final float cy = v * heights[level] + 0.5f;
            final int ix = (int) cx;
            final int iy = (int) cy;
            final float ax = cx - ix;
            final float ay = cy - iy;
            final int s = strides[level];
            final int i00 = offsets[level] + iy * s + ix;
            final int p00 = tex[i00];
            final int p01 = tex[i00 + 1];
            final int p10 = tex[i00 + s];
            final int p11 = tex[i00 + s + 1];
            final float bx = 1 - ax;
            final float by = (1 - ay) * INV_255;
            final float ay255 = ay * INV_255;
            final float w00 = bx * by;
            final float w01 = ax * by;
            final float w10 = bx * ay255;
            final float w11 = ax * ay255;
            // min(1, ·): the weights sum to 1/255 only up to float rounding.
            out[o] = Math.min(1f, w00 * ((p00 >> 16) & 255) + w01 * ((p01 >> 16) & 255) + w10 * ((p10 >> 16) & 255) + w11 * ((p11 >> 16) & 255));
            out[o + n] = Math.min(1f, w00 * ((p00 >> 8) & 255) + w01 * ((p01 >> 8) & 255) + w10 * ((p10 >> 8) & 255) + w11 * ((p11 >> 8) & 255));
            out[o + 2 * n] = Math.min(1f, w00 * (p00 & 255) + w01 * (p01 & 255) + w10 * (p10 & 255) + w11 * (p11 & 255));
        }
    }

    /**
     * The longitude offset of a gaze in turns, plus the half turn from the frame's left edge:
     * {@code 0.5 + frac(yaw/2π)}, in [0.5, 1.5). Adding it to {@code atan2/2π} gives a value in (0, 2).
     */
    static float uShift(double yaw) {
        double turns = yaw / (2 * Math.PI);
        return (float) (0.5 + (turns - Math.floor(turns)));
    }

    /** The mip level is {@code floor(log2(footprint / (cos(lat)·2π/W)))}: the exponent of {@code footprint·lodScale/cos(lat)}. */
    static float lodScale(MipChain mips) {
        return (float) (mips.width(0) / (2 * Math.PI));
    }

    /** {@code atan2(x, z)} in [−π, π], as the vector kernel computes it. */
    static float longitude(float x, float z) {
        float ax = Math.abs(x);
        float az = Math.abs(z);
        // The angle from the z axis in the first quadrant is π/4 − atan((|z| − |x|)/(|z| + |x|)).
        float r = QUARTER_PI - atanUnit((az - ax) / (az + ax + Float.MIN_NORMAL));
        if (z < 0) {
            r = PI - r;
        }
        return x < 0 ? -r : r;
    }

    /** {@code atan2(y, h)} for {@code h ≥ 0}, in [−π/2, π/2], as the vector kernel computes it. */
    static float latitude(float y, float h) {
        float ay = Math.abs(y);
        float r = QUARTER_PI - atanUnit((h - ay) / (h + ay + Float.MIN_NORMAL));
        return y < 0 ? -r : r;
    }

    /** atan(t) for t in [−1, 1]. */
    static float atanUnit(float t) {
        float s = t * t;
        return t * (1 + s * (A2 + s * (A4 + s * (A6 + s * (A8 + s * (A10 + s * (A12 + s * (A14 + s * A16))))))));
    }
}
