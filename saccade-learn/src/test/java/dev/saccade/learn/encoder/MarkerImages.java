package dev.saccade.learn.encoder;

import dev.saccade.learn.nn.Rng;
import java.util.ArrayList;
import java.util.List;

/**
 * Generated level images for encoder tests: a noisy, low-contrast textured background, discs of
 * three annotated colours (kinds 0, 1, 2: red, green, blue) and unannotated distractor discs
 * (yellow, grey) at random places and sizes, some partly outside the image, some kinds absent.
 */
final class MarkerImages {
    private static final float[][] KIND_RGB = {{0.9f, 0.15f, 0.1f}, {0.1f, 0.8f, 0.2f}, {0.15f, 0.25f, 0.95f}};
    private static final float[][] DISTRACTOR_RGB = {{0.9f, 0.85f, 0.1f}, {0.55f, 0.55f, 0.55f}};

    private MarkerImages() {}

    static List<EncoderPretraining.Sample> generate(int count, int size, long seed) {
        Rng rng = new Rng(seed);
        List<EncoderPretraining.Sample> out = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            float[] img = new float[3 * size * size];
            float base = (float) (0.3 + 0.3 * rng.nextDouble());
            double fx = 0.2 + 0.6 * rng.nextDouble();
            double fy = 0.2 + 0.6 * rng.nextDouble();
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    float tex = (float) (0.08 * Math.sin(fx * x) * Math.cos(fy * y));
                    for (int c = 0; c < 3; c++) {
                        img[(c * size + y) * size + x] = base + tex + (float) (0.04 * rng.nextGaussian());
                    }
                }
            }
            List<EncoderPretraining.Mark> marks = new ArrayList<>();
            for (int d = 0; d < 2; d++) {
                if (rng.nextDouble() < 0.6) {
                    disc(img, size, rng.nextDouble() * size, rng.nextDouble() * size, 1.5 + 3 * rng.nextDouble(), DISTRACTOR_RGB[d]);
                }
            }
            for (int k = 0; k < 3; k++) {
                if (rng.nextDouble() < 0.75) {
                    double col = -2 + (size + 4) * rng.nextDouble();
                    double row = -2 + (size + 4) * rng.nextDouble();
                    double r = 1.5 + 0.15 * size * rng.nextDouble();
                    disc(img, size, col, row, r, KIND_RGB[k]);
                    marks.add(new EncoderPretraining.Mark(k, col, row, r));
                }
            }
            for (int i = 0; i < img.length; i++) {
                img[i] = Math.min(1f, Math.max(0f, img[i]));
            }
            out.add(new EncoderPretraining.Sample(img, marks));
        }
        return out;
    }

    private static void disc(float[] img, int size, double col, double row, double r, float[] rgb) {
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                if (Math.hypot(x + 0.5 - col, y + 0.5 - row) <= r) {
                    for (int c = 0; c < 3; c++) {
                        img[(c * size + y) * size + x] = rgb[c];
                    }
                }
            }
        }
    }
}
