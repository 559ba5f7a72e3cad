package dev.saccade.learn.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.saccade.learn.policy.ActionStats;
import org.junit.jupiter.api.Test;

class HandLossTest {
    @Test
    void lossIsMeanL1OverFramesThatExist() {
        try (NDManager m = NDManager.newBaseManager()) {
            // 2 observations × 3 frames × 2 joints
            NDArray pred = m.create(new float[] {1, 1, 0, 0, 5, 5, /**/ 2, 0, 0, 0, 0, 0}, new Shape(2, 3, 2));
            NDArray target = m.create(new float[] {0, 0, 0, 1, 9, 9, /**/ 0, 0, 1, 1, 0, 0}, new Shape(2, 3, 2));
            // frame 2 of obs 0 is past the demonstration's end; obs 1 keeps frames 0 and 1
            NDArray mask = m.create(new float[] {1, 1, 0, 1, 1, 0}, new Shape(2, 3));
            // |errors| kept: obs0 f0 = 2, f1 = 1; obs1 f0 = 2, f1 = 2 → 7 over 4 frames × 2 joints
            assertEquals(7.0 / 8, HandLoss.loss(pred, target, mask).getFloat(), 1e-6);
        }
    }

    @Test
    void maskedFramesGetNoGradient() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray pred = m.create(new float[] {1, -1, 3, 3}, new Shape(1, 2, 2));
            pred.setRequiresGradient(true);
            NDArray target = m.zeros(new Shape(1, 2, 2));
            NDArray mask = m.create(new float[] {1, 0}, new Shape(1, 2));
            try (ai.djl.training.GradientCollector gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                gc.backward(HandLoss.loss(pred, target, mask));
            }
            assertArrayEquals(new float[] {0.5f, -0.5f, 0, 0}, pred.getGradient().toFloatArray(), 1e-6f);
        }
    }

    @Test
    void allMaskedGivesZeroNotNaN() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray pred = m.ones(new Shape(1, 2, 3));
            assertEquals(0.0, HandLoss.loss(pred, m.zeros(new Shape(1, 2, 3)), m.zeros(new Shape(1, 2))).getFloat());
        }
    }

    @Test
    void chunksAreRelativeAndNormalisedAndComeBack() {
        ActionStats s = new ActionStats(new double[] {0.1, 0}, new double[] {0.5, 2}, new double[] {-1, 0}, new double[] {1, 1});
        float[] state = {0.3f, 0.5f};
        float[] chunk = {0.3f, 0.5f, 0.9f, 1.5f};
        float[] norm = new float[4];
        s.normaliseChunk(chunk, 0, state, 0, 2, norm, 0);
        // ((0.3 − 0.3) − 0.1)/0.5 = −0.2; (0.5 − 0.5)/2 = 0; (0.6 − 0.1)/0.5 = 1; 1/2 = 0.5
        assertArrayEquals(new float[] {-0.2f, 0f, 1f, 0.5f}, norm, 1e-6f);
        float[] back = new float[4];
        s.absoluteChunk(norm, 0, state, 0, 2, back, 0);
        assertArrayEquals(chunk, back, 1e-6f);
        float[] st = new float[2];
        s.normaliseState(state, 0, st, 0);
        assertArrayEquals(new float[] {0.3f, 0f}, st, 1e-6f);
    }
}
