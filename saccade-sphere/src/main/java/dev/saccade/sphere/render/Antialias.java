package dev.saccade.sphere.render;

/**
 * How a view samples the equirect frame.
 *
 * <p>A single view is {@link #OFF} unless asked (DESIGN.md §3); the foveated pyramid defaults to
 * {@link #MIP}, because its wide levels cover several frame pixels per view pixel and alias badly
 * without it (the original EyeRobot renderer does not anti-alias and aliases).
 */
public enum Antialias {
    /** Plain bilinear between the pixel centres of the full-resolution frame, exactly per DESIGN.md §3. */
    OFF,
    /**
     * Bilinear on the mip level matched to the pixel: per pixel, level
     * {@code floor(log2(footprint / texel))}, where the footprint is the pixel's angular size (the
     * larger of its two sides) and the texel is the frame's finer angular step there (longitude steps
     * shrink by {@code cos(lat)}). The pixel then spans one to two texels of its level, so the
     * bilinear tent, two texels wide, still touches every texel: little aliasing, and no more blur
     * than needed (rounding up instead would blur twice as much). Reading a level matched to the
     * pixel size also keeps memory access local, which makes it faster than {@link #OFF} on wide views.
     */
    MIP;

    /** The default of the foveated pyramid. */
    public static final Antialias PYRAMID_DEFAULT = MIP;
}
