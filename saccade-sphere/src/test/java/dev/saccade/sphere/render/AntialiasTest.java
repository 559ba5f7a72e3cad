package dev.saccade.sphere.render;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.sphere.EquirectFrame;
import dev.saccade.sphere.Gaze;
import dev.saccade.sphere.Sphere;
import dev.saccade.sphere.Vec3;
import dev.saccade.sphere.lens.Lens;
import dev.saccade.sphere.lens.PinholeLens;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Aliasing, measured: the wide pyramid level (116° over 64 pixels, about 10 frame pixels per view
 * pixel on a 2048×1024 frame) rendered from patterns with detail far finer than its pixels, against
 * the ideal image, each pixel's average over its area (8×8 supersampled).
 */
class AntialiasTest {
    static final Lens WIDE = PinholeLens.square(Math.toRadians(116), 64);
    static final Gaze GAZE = Gaze.ofDegrees(10, 5);

    @ParameterizedTest
    @EnumSource(Kernel.class)
    void mipSamplingRemovesMostAliasingOfAPixelCheckerboard(Kernel kernel) {
        EquirectFrame frame = Frames.checkerboard(1024);
        double[] errors = errors(frame, kernel);
        // The true image is flat grey; plain bilinear lands between black and white at random
        // offsets and shows moiré (rms 1/6 for uniformly spread offsets).
        assertTrue(errors[0] > 0.1, "plain bilinear should alias here, rms error " + errors[0]);
        assertTrue(errors[1] < 0.2 * errors[0], "anti-aliased rms error " + errors[1] + " vs plain " + errors[0]);
    }

    @ParameterizedTest
    @EnumSource(Kernel.class)
    void mipSamplingRemovesMostAliasingOfPixelNoise(Kernel kernel) {
        double[] errors = errors(Frames.noise(1024, 17), kernel);
        assertTrue(errors[1] < 0.25 * errors[0], "anti-aliased rms error " + errors[1] + " vs plain " + errors[0]);
    }

    /** RMS error against the supersampled truth of {@link Antialias#OFF} and {@link Antialias#MIP}. */
    private static double[] errors(EquirectFrame frame, Kernel kernel) {
        float[] truth = supersampled(frame, 8);
        MipChain chain = MipChain.of(frame);
        double[] errors = new double[2];
        for (Antialias aa : Antialias.values()) {
            ViewRenderer view = new ViewRenderer(RayTable.of(WIDE), aa, kernel);
            float[] out = new float[view.floats()];
            view.render(chain, GAZE, out, 0);
            errors[aa.ordinal()] = Frames.rms(out, truth);
        }
        return errors;
    }

    /** Each pixel's mean over n×n sub-pixel rays, each a plain bilinear sample of the full frame. */
    static float[] supersampled(EquirectFrame frame, int n) {
        int w = WIDE.width();
        int h = WIDE.height();
        float[] out = new float[3 * w * h];
        float[] rgb = new float[3];
        for (int j = 0; j < h; j++) {
            for (int i = 0; i < w; i++) {
                double[] sum = new double[3];
                for (int sj = 0; sj < n; sj++) {
                    for (int si = 0; si < n; si++) {
                        Vec3 c = WIDE.ray(i - 0.5 + (si + 0.5) / n, j - 0.5 + (sj + 0.5) / n).orElseThrow();
                        Vec3 d = GAZE.right().times(c.x()).plus(GAZE.up().times(-c.y())).plus(GAZE.forward().times(c.z()));
                        frame.sample(Sphere.longitude(d), Sphere.latitude(d), rgb);
                        for (int ch = 0; ch < 3; ch++) {
                            sum[ch] += rgb[ch];
                        }
                    }
                }
                for (int ch = 0; ch < 3; ch++) {
                    out[ch * w * h + j * w + i] = (float) (sum[ch] / (n * n * 255.0));
                }
            }
        }
        return out;
    }
}
