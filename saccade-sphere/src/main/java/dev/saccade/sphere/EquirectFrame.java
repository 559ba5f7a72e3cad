package dev.saccade.sphere;

import dev.saccade.core.InputException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * A 360° equirectangular RGB frame, {@code width = 2·height}, stored as packed {@code 0xRRGGBB}
 * ints in row-major order (row 0 looks up, column 0 is longitude −180°).
 *
 * <p>The pixel array is shared, not copied, for speed: treat it as read-only once the frame is
 * handed to a renderer.
 */
public final class EquirectFrame {
    private final int width;
    private final int height;
    private final int[] rgb;

    /** Wraps {@code rgb} (length {@code width·height}); rejects shapes that are not 2:1. */
    public EquirectFrame(int width, int height, int[] rgb) {
        if (!Equirect.isValidShape(width, height)) {
            throw new IllegalArgumentException("equirect frame must be 2:1, got " + width + "×" + height);
        }
        if (rgb.length != width * height) {
            throw new IllegalArgumentException("pixel array has " + rgb.length + " entries for " + width + "×" + height);
        }
        this.width = width;
        this.height = height;
        this.rgb = rgb;
    }

    /** A black frame of the given height (width is twice that). */
    public static EquirectFrame black(int height) {
        return new EquirectFrame(2 * height, height, new int[2 * height * height]);
    }

    /**
     * Loads a PNG or JPEG equirect frame. Throws {@link InputException} naming the file if it is
     * missing, unreadable, not an image, or not 2:1.
     */
    public static EquirectFrame load(Path file) {
        if (!Files.exists(file)) {
            throw new InputException(file, "no such file");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new InputException(file, "not a readable file");
        }
        BufferedImage image;
        try {
            image = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new InputException(file, "cannot decode image: " + e.getMessage(), e);
        }
        if (image == null) {
            throw new InputException(file, "not a PNG or JPEG image");
        }
        if (!Equirect.isValidShape(image.getWidth(), image.getHeight())) {
            throw new InputException(file, "an equirect frame must be 2:1 (width = 2 × height), got "
                    + image.getWidth() + "×" + image.getHeight());
        }
        return fromImage(image);
    }

    /** Wraps the pixels of a 2:1 image (alpha is dropped). */
    public static EquirectFrame fromImage(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] px = image.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < px.length; i++) {
            px[i] &= 0xFFFFFF;
        }
        return new EquirectFrame(w, h, px);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The packed {@code 0xRRGGBB} pixels, row-major; shared, not copied. */
    public int[] pixels() {
        return rgb;
    }

    /** The packed colour of pixel {@code (x, y)}. */
    public int rgb(int x, int y) {
        return rgb[y * width + x];
    }

    /**
     * Bilinear sample at longitude {@code lon}, latitude {@code lat} (radians) into {@code out[0..2]}
     * as 0..255 floats. Longitude wraps (no seam), latitude clamps to the first and last rows. This is
     * the reference the fast renderers are tested against.
     */
    public void sample(double lon, double lat, float[] out) {
        sampleAt(Equirect.column(lon, width), Equirect.row(lat, height), out);
    }

    /** Bilinear sample at continuous pixel coordinates (integer values are pixel centres). */
    public void sampleAt(double x, double y, float[] out) {
        double fx = Math.floor(x);
        double fy = Math.floor(y);
        double ax = x - fx;
        double ay = y - fy;
        int x0 = Math.floorMod((long) fx, width);
        int x1 = x0 + 1 == width ? 0 : x0 + 1;
        int y0 = (int) Math.max(0, Math.min(height - 1, fy));
        int y1 = (int) Math.max(0, Math.min(height - 1, fy + 1));
        int p00 = rgb[y0 * width + x0];
        int p01 = rgb[y0 * width + x1];
        int p10 = rgb[y1 * width + x0];
        int p11 = rgb[y1 * width + x1];
        for (int c = 0, shift = 16; c < 3; c++, shift -= 8) {
            double top = ((p00 >> shift) & 255) * (1 - ax) + ((p01 >> shift) & 255) * ax;
            double bottom = ((p10 >> shift) & 255) * (1 - ax) + ((p11 >> shift) & 255) * ax;
            out[c] = (float) (top * (1 - ay) + bottom * ay);
        }
    }

    /** A new RGB image of this frame. */
    public BufferedImage toImage() {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, width, height, rgb, 0, width);
        return image;
    }
}
