package dev.saccade.learn.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.saccade.learn.io.HostTensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link AdamW} against torch.optim.AdamW's update worked out here in doubles from the same inputs:
 * per-group global-norm clipping (PyTorch's {@code clip_grad_norm_}: scale {@code max/(norm + 1e-6)}
 * when above {@code max}), decoupled weight decay, bias-corrected moments and ε outside the root.
 * The settings make every part move the result by far more than the tolerance (1e-6, relative to
 * the weight or 1): without bias correction the first step would be 10× off, without ε or clipping
 * the small gradients' steps would differ by tens of percent, without decay by 1 % of the weight.
 */
class AdamWTest {
    private static final double B1 = 0.9;
    private static final double B2 = 0.99;
    private static final double EPS = 0.01;
    private static final double WD = 0.1;
    private static final double MAX_NORM = 0.5;

    /** Weights of group "a" (two tensors) and group "b" (one), and two gradients for each. */
    private static final float[] A0 = {0.5f, -1.25f, 2.0f, 0.0f, -0.75f, 1.5f};
    private static final float[] A1 = {0.25f, -0.5f, 1.0f};
    private static final float[] B0 = {-2.0f, 0.125f};
    private static final float[][] GRAD_A0 = {{0.4f, -0.3f, 0.02f, 0.0f, -0.05f, 0.6f}, {-0.2f, 0.1f, 0.015f, 0.3f, 0.05f, -0.4f}};
    private static final float[][] GRAD_A1 = {{0.01f, 0.7f, -0.2f}, {0.03f, -0.6f, 0.25f}};
    private static final float[][] GRAD_B0 = {{0.004f, -0.02f}, {0.2f, 0.003f}}; // norm under MAX_NORM: not clipped

    /** The reference: one group's state in doubles. */
    private static final class Reference {
        final double[][] p;
        final double[][] m;
        final double[][] v;
        int t;

        Reference(float[]... weights) {
            p = new double[weights.length][];
            m = new double[weights.length][];
            v = new double[weights.length][];
            for (int i = 0; i < weights.length; i++) {
                p[i] = new double[weights[i].length];
                for (int j = 0; j < weights[i].length; j++) {
                    p[i][j] = weights[i][j];
                }
                m[i] = new double[weights[i].length];
                v[i] = new double[weights[i].length];
            }
        }

        void step(double lr, float[]... grads) {
            double sq = 0;
            for (float[] g : grads) {
                for (float x : g) {
                    sq += (double) x * x;
                }
            }
            double norm = Math.sqrt(sq);
            double scale = norm > MAX_NORM ? MAX_NORM / (norm + 1e-6) : 1.0;
            t++;
            double bias1 = 1 - Math.pow(B1, t);
            double bias2 = 1 - Math.pow(B2, t);
            for (int i = 0; i < p.length; i++) {
                for (int j = 0; j < p[i].length; j++) {
                    double g = grads[i][j] * scale;
                    m[i][j] = B1 * m[i][j] + (1 - B1) * g;
                    v[i][j] = B2 * v[i][j] + (1 - B2) * g * g;
                    p[i][j] *= 1 - lr * WD;
                    p[i][j] -= lr * (m[i][j] / bias1) / (Math.sqrt(v[i][j] / bias2) + EPS);
                }
            }
        }
    }

    @Test
    void oneAndTwoStepsMatchTheFormulaAndAnUnnamedGroupWaits() {
        try (NDManager root = NDManager.newBaseManager(); Params params = new Params(root)) {
            NDArray a0 = params.add("a0", "a", HostTensor.of(A0.clone(), 2, 3), true);
            NDArray a1 = params.add("a1", "a", HostTensor.of(A1.clone(), 3), true);
            NDArray b0 = params.add("b0", "b", HostTensor.of(B0.clone(), 2), true);
            Reference refA = new Reference(A0, A1);
            Reference refB = new Reference(B0);
            try (AdamW adam = new AdamW(params, List.of("a", "b"), new AdamW.Settings(B1, B2, EPS, WD, MAX_NORM))) {
                // Step 1 trains only group "a": "b" keeps its weights and its step count.
                Map<String, Double> norms = step(root, params, adam, Map.of("a", 0.1), new NDArray[] {a0, a1, b0},
                        new float[][] {GRAD_A0[0], GRAD_A1[0], GRAD_B0[0]});
                refA.step(0.1, GRAD_A0[0], GRAD_A1[0]);
                assertEquals(refNorm(GRAD_A0[0], GRAD_A1[0]), norms.get("a"), 1e-6, "group a's norm before clipping");
                assertTrue(refNorm(GRAD_A0[0], GRAD_A1[0]) > MAX_NORM, "the test clips group a");
                assertClose(refA.p[0], a0, "a0 after step 1");
                assertClose(refA.p[1], a1, "a1 after step 1");
                assertClose(new double[] {B0[0], B0[1]}, b0, "b0 untouched by a step that does not name it");
                assertEquals(Map.of("a", 1L, "b", 0L), adam.steps());

                // Step 2 trains both, at different rates: "a" at its second step, "b" at its first (its own bias correction).
                step(root, params, adam, Map.of("a", 0.05, "b", 0.2), new NDArray[] {a0, a1, b0},
                        new float[][] {GRAD_A0[1], GRAD_A1[1], GRAD_B0[1]});
                refA.step(0.05, GRAD_A0[1], GRAD_A1[1]);
                refB.step(0.2, GRAD_B0[1]);
                assertClose(refA.p[0], a0, "a0 after step 2");
                assertClose(refA.p[1], a1, "a1 after step 2");
                assertClose(refB.p[0], b0, "b0 after its first step");
                assertEquals(Map.of("a", 2L, "b", 1L), adam.steps());
                Map<String, HostTensor> moments = adam.moments();
                assertRelative(refA.m[1], moments.get("a1.exp_avg").data(), "a1's first moment");
                assertRelative(refA.v[1], moments.get("a1.exp_avg_sq").data(), "a1's second moment");
            }
        }
    }

    /** Sets each weight's gradient to {@code grads} (the gradient of Σ w·g) and takes one optimiser step. */
    private static Map<String, Double> step(NDManager root, Params params, AdamW adam, Map<String, Double> lr, NDArray[] weights,
            float[][] grads) {
        try (NDManager scope = root.newSubManager()) {
            params.useIn(scope);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = scope.zeros(new ai.djl.ndarray.types.Shape());
                for (int i = 0; i < weights.length; i++) {
                    loss = loss.add(weights[i].mul(scope.create(grads[i], weights[i].getShape())).sum());
                }
                gc.backward(loss);
            }
            return adam.step(scope, lr);
        }
    }

    private static double refNorm(float[]... grads) {
        double sq = 0;
        for (float[] g : grads) {
            for (float x : g) {
                sq += (double) x * x;
            }
        }
        return Math.sqrt(sq);
    }

    private static void assertClose(double[] expected, NDArray actual, String what) {
        assertClose(expected, actual.toFloatArray(), what);
    }

    private static void assertClose(double[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            // Float32 arithmetic against doubles: 1e-6 of the value's scale is far above rounding, far below any formula slip.
            assertEquals(expected[i], actual[i], 1e-6 * Math.max(1, Math.abs(expected[i])), what + " [" + i + "]");
        }
    }

    /** Moments are small (the second ~1e-4): compared relative to themselves, 1e-5 (float32 rounding is ~1e-7). */
    private static void assertRelative(double[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-5 * Math.abs(expected[i]) + 1e-12, what + " [" + i + "]");
        }
    }
}
