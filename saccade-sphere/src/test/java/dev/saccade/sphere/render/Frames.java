package dev.saccade.sphere.render;

import dev.saccade.sphere.Equirect;
import dev.saccade.sphere.EquirectFrame;
import dev.saccade.sphere.Sphere;
import dev.saccade.sphere.Vec3;
import java.util.SplittableRandom;

/** Small equirect frames with known content, made by the tests themselves. */
final class Frames {
    private Frames() {}

    /** Colour as a smooth function of direction: continuous everywhere on the sphere, seam and poles included. */
    static EquirectFrame smooth(int height) {
        int w = 2 * height;
        int[] px = new int[w * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < w; x++) {
                Vec3 d = Sphere.direction(Equirect.longitude(x, w), Equirect.latitude(y, height));
                px[y * w + x] = rgb(128 + 120 * d.x(), 128 + 120 * d.y(), 128 + 120 * d.z());
            }
        }
        return new EquirectFrame(w, height, px);
    }

    /** Black and white pixels alternating in both directions: all its energy at the frame's Nyquist frequency. */
    static EquirectFrame checkerboard(int height) {
        int w = 2 * height;
        int[] px = new int[w * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < w; x++) {
                px[y * w + x] = ((x + y) & 1) == 0 ? 0xFFFFFF : 0;
            }
        }
        return new EquirectFrame(w, height, px);
    }

    /** Independent random colours per pixel. */
    static EquirectFrame noise(int height, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int w = 2 * height;
        int[] px = new int[w * height];
        for (int i = 0; i < px.length; i++) {
            px[i] = random.nextInt(1 << 24);
        }
        return new EquirectFrame(w, height, px);
    }

    /** {@code frame} turned by half a turn of longitude: column x moves to x + W/2. */
    static EquirectFrame rolledHalfTurn(EquirectFrame frame) {
        int w = frame.width();
        int[] px = new int[w * frame.height()];
        for (int y = 0; y < frame.height(); y++) {
            for (int x = 0; x < w; x++) {
                px[y * w + (x + w / 2) % w] = frame.rgb(x, y);
            }
        }
        return new EquirectFrame(w, frame.height(), px);
    }

    static int rgb(double r, double g, double b) {
        return (clamp(r) << 16) | (clamp(g) << 8) | clamp(b);
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    /** Largest absolute difference between two float arrays. */
    static double maxDiff(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    /** Root mean square difference between two float arrays. */
    static double rms(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            s += d * d;
        }
        return Math.sqrt(s / a.length);
    }
}
