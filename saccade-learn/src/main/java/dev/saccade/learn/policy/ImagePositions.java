package dev.saccade.learn.policy;

/**
 * Where each image token sits, for the position encoding: the angle of its patch centre from the
 * gaze, in units of one foveal patch, so the nested levels share one frame. A fovea token and a
 * periphery token that look the same way get (nearly) the same (y, x), as the original's "nested
 * 2D RoPE" gives every level's patches their pixel centres in the full frame. Levels are pinhole
 * views (DESIGN.md §3): the patch centre at normalised offset {@code u} looks {@code atan(u·tan(φ/2))}
 * off-axis. y grows downwards, as image rows do.
 */
public final class ImagePositions {
    private ImagePositions() {}

    /** Positions {@code {t = 0, y, x}} of all image tokens, level-major, row-major within a level. */
    public static float[][] of(PolicyConfig c) {
        int g = c.grid();
        double unit = c.fieldsOfViewDeg().get(0) / g; // degrees per foveal patch
        float[][] out = new float[c.imageTokens()][];
        int k = 0;
        for (int level = 0; level < c.levels(); level++) {
            double halfTan = Math.tan(Math.toRadians(c.fieldsOfViewDeg().get(level) / 2));
            for (int row = 0; row < g; row++) {
                for (int col = 0; col < g; col++) {
                    double u = ((col + 0.5) / g * 2 - 1) * halfTan;
                    double v = ((row + 0.5) / g * 2 - 1) * halfTan;
                    out[k++] = new float[] {0f, (float) (Math.toDegrees(Math.atan(v)) / unit), (float) (Math.toDegrees(Math.atan(u)) / unit)};
                }
            }
        }
        return out;
    }

    /** The level of each image token. */
    public static int[] levels(PolicyConfig c) {
        int[] out = new int[c.imageTokens()];
        for (int i = 0; i < out.length; i++) {
            out[i] = i / c.tokensPerLevel();
        }
        return out;
    }
}
