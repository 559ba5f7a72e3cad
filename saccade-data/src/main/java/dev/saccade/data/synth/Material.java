package dev.saccade.data.synth;

/**
 * How a surface looks: two colours (linear RGB, 0..1) blended by a {@link Pattern} of feature size
 * {@code scale} (m), a specular strength, and whether it glows (lamps, windows: not lit, not shaded).
 */
record Material(float r, float g, float b, float r2, float g2, float b2, Pattern pattern, double scale,
                float specular, boolean emissive) {

    /** One plain colour, given as sRGB {@code 0xRRGGBB}. */
    static Material solid(int rgb, double specular) {
        return of(rgb, rgb, Pattern.SOLID, 1, specular);
    }

    /** Two sRGB colours blended by {@code pattern}. */
    static Material of(int rgb, int rgb2, Pattern pattern, double scale, double specular) {
        return new Material(lin(rgb >> 16), lin(rgb >> 8), lin(rgb), lin(rgb2 >> 16), lin(rgb2 >> 8), lin(rgb2),
                pattern, scale, (float) specular, false);
    }

    /** A surface that emits {@code rgb} (sRGB) and ignores light. */
    static Material glowing(int rgb) {
        return new Material(lin(rgb >> 16), lin(rgb >> 8), lin(rgb), lin(rgb >> 16), lin(rgb >> 8), lin(rgb),
                Pattern.SOLID, 1, 0, true);
    }

    /** Albedo at local point (u, v, w) into {@code out[0..2]}; {@code scratch} holds two doubles. */
    void albedo(double u, double v, double w, double[] scratch, float[] out) {
        pattern.sample(u, v, w, scale, scratch);
        float f = (float) scratch[0];
        float light = (float) scratch[1];
        out[0] = (r + (r2 - r) * f) * light;
        out[1] = (g + (g2 - g) * f) * light;
        out[2] = (b + (b2 - b) * f) * light;
    }

    /** sRGB byte to linear (gamma 2.2). */
    static float lin(int channel) {
        return (float) Math.pow((channel & 255) / 255.0, 2.2);
    }
}
