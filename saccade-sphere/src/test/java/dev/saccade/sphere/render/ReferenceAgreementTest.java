package dev.saccade.sphere.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.sphere.EquirectFrame;
import dev.saccade.sphere.Gaze;
import dev.saccade.sphere.TestPattern;
import dev.saccade.sphere.lens.FisheyeLens;
import dev.saccade.sphere.lens.Lens;
import dev.saccade.sphere.lens.PinholeLens;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The fast kernels against {@link ReferenceRenderer} (double precision, {@link Math#atan2},
 * {@link EquirectFrame#sample}). Stated tolerance: every value within half an 8-bit step (0.5/255)
 * on a frame with hard edges, so 8-bit output rounds the same almost everywhere.
 */
class ReferenceAgreementTest {
    static final double HALF_STEP = 0.5 / 255;
    static final EquirectFrame FRAME = TestPattern.sample(512);
    static final MipChain CHAIN = MipChain.of(FRAME);

    static List<Lens> lenses() {
        FisheyeLens eye = FisheyeLensTestLenses.eyeRobotScaled(12);   // 160×100, the real calibration scaled down
        return List.of(PinholeLens.square(Math.toRadians(90), 48), new PinholeLens(Math.toRadians(17.3), 40, 30),
                PinholeLens.square(Math.toRadians(116), 32), FisheyeLens.equidistant(Math.toRadians(200), 40, 40), eye);
    }

    static List<Gaze> gazes() {
        List<Gaze> gazes = new ArrayList<>(List.of(Gaze.ofDegrees(0, 0), Gaze.ofDegrees(180, 0), Gaze.ofDegrees(-180, 10),
                Gaze.ofDegrees(30, 89), Gaze.ofDegrees(-120, -89), Gaze.ofDegrees(725, 45)));
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 8; i++) {
            gazes.add(Gaze.ofDegrees(random.nextDouble(-180, 180), random.nextDouble(-90, 90)));
        }
        return gazes;
    }

    @ParameterizedTest
    @EnumSource(Kernel.class)
    void plainViewsEqualTheReferenceWithinHalfAnEightBitStep(Kernel kernel) {
        for (Lens lens : lenses()) {
            ViewRenderer fast = new ViewRenderer(RayTable.of(lens), Antialias.OFF, kernel);
            ReferenceRenderer reference = new ReferenceRenderer(lens);
            float[] a = new float[fast.floats()];
            float[] b = new float[fast.floats()];
            for (Gaze gaze : gazes()) {
                fast.render(CHAIN, gaze, a, 0);
                reference.render(FRAME, gaze, b, 0);
                double worst = Frames.maxDiff(a, b);
                assertTrue(worst <= HALF_STEP, kernel + " " + lens + " at " + gaze + ": differs by " + worst * 255 + "/255");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Kernel.class)
    void antialiasedViewsEqualTheReferenceMipRule(Kernel kernel) {
        // The level choice flips where footprint/texel is a power of two times √2; float and double
        // may decide differently right at such a boundary, so a few pixels may differ by more.
        long far = 0;
        long total = 0;
        for (Lens lens : lenses()) {
            ViewRenderer fast = new ViewRenderer(RayTable.of(lens), Antialias.MIP, kernel);
            ReferenceRenderer reference = new ReferenceRenderer(lens);
            float[] a = new float[fast.floats()];
            float[] b = new float[fast.floats()];
            for (Gaze gaze : gazes()) {
                fast.render(CHAIN, gaze, a, 0);
                reference.renderMip(CHAIN, gaze, b, 0);
                for (int i = 0; i < a.length; i++) {
                    far += Math.abs(a[i] - b[i]) > HALF_STEP ? 1 : 0;
                }
                total += a.length;
            }
        }
        assertTrue(far <= total / 1000, far + " of " + total + " values differ by more than half a step");
    }

    @ParameterizedTest
    @EnumSource(Antialias.class)
    void scalarAndVectorKernelsAgree(Antialias antialias) {
        PyramidSpec spec = PyramidSpec.defaults(32);
        PyramidRenderer scalar = new PyramidRenderer(spec, antialias, Kernel.SCALAR);
        PyramidRenderer vector = new PyramidRenderer(spec, antialias, Kernel.VECTOR);
        float[] a = new float[spec.floatsPerPyramid()];
        float[] b = new float[spec.floatsPerPyramid()];
        for (Gaze gaze : gazes()) {
            scalar.render(CHAIN, gaze, a, 0);
            vector.render(CHAIN, gaze, b, 0);
            assertEquals(0, Frames.maxDiff(a, b), 1e-4, "at " + gaze);
        }
    }
}
