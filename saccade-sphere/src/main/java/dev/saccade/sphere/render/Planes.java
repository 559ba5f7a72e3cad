package dev.saccade.sphere.render;

import java.awt.image.BufferedImage;

/** Conversions from the renderers' CHW float planes (values in [0, 1]) to 8-bit images. */
public final class Planes {
    private Planes() {}

    /** The packed {@code 0xRRGGBB} pixels of a {@code width × height} CHW image at {@code offset}, rounded to 8 bits. */
    public static int[] toRgb(float[] chw, int offset, int width, int height) {
        int n = width * height;
        int[] rgb = new int[n];
        for (int p = 0; p < n; p++) {
            int o = offset + p;
            rgb[p] = (to8(chw[o]) << 16) | (to8(chw[o + n]) << 8) | to8(chw[o + 2 * n]);
        }
        return rgb;
    }

    /** A {@code width × height} image of the CHW planes at {@code offset}. */
    public static BufferedImage toImage(float[] chw, int offset, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, width, height, toRgb(chw, offset, width, height), 0, width);
        return image;
    }

    /** {@code levels} square {@code size × size} CHW images stored one after another, drawn side by side. */
    public static BufferedImage sideBySide(float[] chw, int offset, int levels, int size) {
        BufferedImage image = new BufferedImage(levels * size, size, BufferedImage.TYPE_INT_RGB);
        for (int l = 0; l < levels; l++) {
            int[] rgb = toRgb(chw, offset + l * 3 * size * size, size, size);
            image.setRGB(l * size, 0, size, size, rgb, 0, size);
        }
        return image;
    }

    /** A [0, 1] value as an 8-bit level, rounded to nearest. */
    static int to8(float v) {
        return Math.max(0, Math.min(255, Math.round(v * 255)));
    }
}
