package dev.saccade.sphere.render;

import dev.saccade.sphere.EquirectFrame;

/**
 * An equirect frame prepared for fast rendering: the frame itself (level 0) and its box-filtered
 * halvings (level {@code m} is {@code W/2^m × H/2^m}), each stored with a one-texel border so the
 * renderer's bilinear taps need no wrap or clamp logic: the left border repeats the last column and
 * the right border the first (longitude wraps), the top and bottom borders repeat the first and last
 * rows (latitude clamps).
 *
 * <p>Build it once per frame and reuse it for every gaze on that frame; it is immutable, thread-safe,
 * and does not keep the {@link EquirectFrame} it was built from. It takes about 4/3 of the frame's
 * memory ({@link #bytes()}), or the frame's memory with one level for renderers that do not
 * anti-alias. Halving stops when a level's height is odd, so texel centres stay nested exactly.
 * Averaging is done on the stored 8-bit values, with rounding.
 */
public final class MipChain {
    final int[] texels;
    /** Index of the border texel (−1, −1) of each level; texel (x, y) is at {@code offset + (y+1)·stride + x+1}. */
    final int[] offset;
    final int[] stride;
    final float[] widthF;
    final float[] heightF;
    private final int[] widths;
    private final int[] heights;
    private final boolean complete;

    private MipChain(int width, int height, int maxLevels) {
        int levels = 1;
        while (levels < maxLevels && (height >> (levels - 1)) % 2 == 0) {
            levels++;
        }
        complete = (height >> (levels - 1)) % 2 != 0;
        widths = new int[levels];
        heights = new int[levels];
        offset = new int[levels];
        stride = new int[levels];
        widthF = new float[levels];
        heightF = new float[levels];
        long total = 0;
        for (int m = 0; m < levels; m++) {
            widths[m] = width >> m;
            heights[m] = height >> m;
            stride[m] = widths[m] + 2;
            widthF[m] = widths[m];
            heightF[m] = heights[m];
            offset[m] = (int) total;
            total += (long) stride[m] * (heights[m] + 2);
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("frame too large for a mip chain: " + width + "×" + height);
        }
        texels = new int[(int) total];
    }

    /** The full chain of {@code frame}, as used by {@link Antialias#MIP}. */
    public static MipChain of(EquirectFrame frame) {
        return of(frame, Integer.MAX_VALUE);
    }

    /**
     * The chain of {@code frame} with at most {@code maxLevels} levels; one level is all that
     * {@link Antialias#OFF} reads.
     */
    public static MipChain of(EquirectFrame frame, int maxLevels) {
        if (maxLevels < 1) {
            throw new IllegalArgumentException("a mip chain needs at least one level, got " + maxLevels);
        }
        MipChain chain = new MipChain(frame.width(), frame.height(), maxLevels);
        chain.fillBase(frame.pixels());
        for (int m = 1; m < chain.levels(); m++) {
            chain.halve(m);
        }
        return chain;
    }

    /** The chain a renderer with {@code antialias} needs: one level for {@link Antialias#OFF}, all for {@link Antialias#MIP}. */
    public static MipChain of(EquirectFrame frame, Antialias antialias) {
        return of(frame, antialias == Antialias.OFF ? 1 : Integer.MAX_VALUE);
    }

    private void fillBase(int[] rgb) {
        int w = widths[0];
        for (int y = 0; y < heights[0]; y++) {
            System.arraycopy(rgb, y * w, texels, index(0, 0, y), w);
        }
        fillBorder(0);
    }

    /** Level {@code m} from level {@code m − 1}: the rounded mean of each 2×2 block, per channel. */
    private void halve(int m) {
        int w = widths[m];
        int src = stride[m - 1];
        for (int y = 0; y < heights[m]; y++) {
            int a = index(m - 1, 0, 2 * y);
            int o = index(m, 0, y);
            for (int x = 0; x < w; x++, a += 2) {
                int p00 = texels[a];
                int p01 = texels[a + 1];
                int p10 = texels[a + src];
                int p11 = texels[a + src + 1];
                // Red and blue share one int (10 bits of headroom each), green another.
                int rb = (p00 & 0xFF00FF) + (p01 & 0xFF00FF) + (p10 & 0xFF00FF) + (p11 & 0xFF00FF) + 0x020002;
                int g = (p00 & 0x00FF00) + (p01 & 0x00FF00) + (p10 & 0x00FF00) + (p11 & 0x00FF00) + 0x000200;
                texels[o + x] = ((rb >>> 2) & 0xFF00FF) | ((g >>> 2) & 0x00FF00);
            }
        }
        fillBorder(m);
    }

    private void fillBorder(int m) {
        int w = widths[m];
        int h = heights[m];
        int s = stride[m];
        int base = offset[m];
        for (int y = 1; y <= h; y++) {
            int row = base + y * s;
            texels[row] = texels[row + w];          // left border = last column
            texels[row + w + 1] = texels[row + 1];  // right border = first column
        }
        System.arraycopy(texels, base + s, texels, base, s);                  // top border = first row
        System.arraycopy(texels, base + h * s, texels, base + (h + 1) * s, s); // bottom border = last row
    }

    private int index(int level, int x, int y) {
        return offset[level] + (y + 1) * stride[level] + x + 1;
    }

    /** True if the chain goes down as far as halving can (what {@link Antialias#MIP} needs). */
    public boolean isComplete() {
        return complete;
    }

    /** Number of levels. */
    public int levels() {
        return widths.length;
    }

    /** Width of level {@code m} (level 0 is the frame). */
    public int width(int m) {
        return widths[m];
    }

    /** Height of level {@code m}. */
    public int height(int m) {
        return heights[m];
    }

    /** The packed {@code 0xRRGGBB} texel {@code (x, y)} of level {@code m}. */
    public int rgb(int m, int x, int y) {
        if (x < 0 || x >= widths[m] || y < 0 || y >= heights[m]) {
            throw new IndexOutOfBoundsException("texel (" + x + ", " + y + ") outside level " + m + " of " + widths[m] + "×" + heights[m]);
        }
        return texels[index(m, x, y)];
    }

    /** Level {@code m} as a frame of its own (a copy), e.g. to sample it with the reference sampler. */
    public EquirectFrame level(int m) {
        int[] px = new int[widths[m] * heights[m]];
        for (int y = 0; y < heights[m]; y++) {
            System.arraycopy(texels, index(m, 0, y), px, y * widths[m], widths[m]);
        }
        return new EquirectFrame(widths[m], heights[m], px);
    }

    /** Memory held, in bytes (for caches that budget memory). */
    public long bytes() {
        return 4L * texels.length;
    }

    /**
     * The level {@link Antialias#MIP} samples for a pixel of angular footprint {@code footprint}
     * (radians) looking at latitude whose cosine is {@code cosLat}: {@code floor(log2(ratio))} of the
     * footprint to the frame's finer angular step there, {@code cos(lat)·2π/W}, clamped to the chain.
     */
    public int levelFor(double footprint, double cosLat) {
        double ratio = footprint * widths[0] / (2 * Math.PI) / cosLat;
        int level = Math.getExponent(ratio);
        return Math.max(0, Math.min(levels() - 1, level));
    }
}
