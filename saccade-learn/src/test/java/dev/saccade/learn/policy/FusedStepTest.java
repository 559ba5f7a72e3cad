package dev.saccade.learn.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.saccade.learn.encoder.ConvPatchEncoder;
import dev.saccade.learn.nn.Params;
import dev.saccade.learn.nn.Rng;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fused batch-1 step ({@link FusedStep}, {@link Policy.Forward#FUSED}) computes what the model's
 * own forward does ({@link Policy.Forward#MODEL}, the modules training runs), step after step with
 * the eye's memory filling and sliding, on random weights (every weight, LayerNorm and QK-norm
 * scales included, so a fold that ignored one would show) and random observations. Equal up to
 * float rounding: the bound, {@code 1e-4 · (1 + |x|)}, is over a hundred times the largest difference
 * seen (9.5e-7, on a Xeon with AVX-512).
 */
class FusedStepTest {
    private static final double TOLERANCE = 1e-4;
    private static NDManager root;

    @BeforeAll
    static void open() {
        root = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        root.close();
    }

    @Test
    void matchesTheModelsForwardOnTheDefaultShape() {
        compare(PolicyConfig.defaults(), 12, 1);
    }

    @Test
    void matchesTheModelsForwardWithAnAdapterMlpAndShortWindow() {
        compare(Fixtures.tiny(2), 9, 2); // window 4: the memory slides after 3 steps
    }

    @Test
    void matchesTheModelsForwardWhenTheHandHasFewerTokensThanTheEye() {
        PolicyConfig t = Fixtures.tiny(1);
        PolicyConfig oneFrame = new PolicyConfig(t.levels(), t.imageSize(), t.fieldsOfViewDeg(), t.tokensPerLevel(), t.encoderDim(),
                t.width(), t.heads(), 1, 1, t.mlpRatio(), 1, 1, t.joints(), t.eyeActions(), t.tasks(),
                t.ropeTheta(), t.ropeAxes(), t.headHidden(), 0); // chunk 1: the hand's 4 tokens padded to the eye's 5; no memory
        compare(oneFrame, 4, 3);
    }

    @Test
    void fallsBackToTheModelsForwardWhenTheBlocksDiffer() {
        PolicyConfig t = Fixtures.tiny(2);
        PolicyConfig uneven = new PolicyConfig(t.levels(), t.imageSize(), t.fieldsOfViewDeg(), t.tokensPerLevel(), t.encoderDim(),
                t.width(), t.heads(), 2, 1, t.mlpRatio(), t.window(), t.chunk(), t.joints(), t.eyeActions(), t.tasks(),
                t.ropeTheta(), t.ropeAxes(), t.headHidden(), t.adapterHidden());
        try (NDManager m = root.newSubManager();
             Policy p = new Policy(new Fort(uneven, m, 1), encoder(uneven, m), ActionStats.original(), 1, true)) {
            assertEquals(Policy.Forward.MODEL, p.forward());
        }
    }

    /** Two episodes of {@code steps} steps, the second after new weights (read again at reset). */
    private static void compare(PolicyConfig c, int steps, long seed) {
        try (NDManager m = root.newSubManager()) {
            Fort model = new Fort(c, m, seed);
            ConvPatchEncoder encoder = encoder(c, m);
            Rng rng = new Rng(seed + 100);
            randomise(model.params(), rng);
            randomise(encoder.params(), rng);
            try (Policy layered = new Policy(model, encoder, ActionStats.original(), 7, false, Policy.Forward.MODEL);
                 Policy fused = new Policy(model, encoder, ActionStats.original(), 7, false, Policy.Forward.FUSED)) {
                assertEquals(Policy.Forward.FUSED, fused.forward());
                for (int episode = 0; episode < 2; episode++) {
                    if (episode == 1) {
                        randomise(model.params(), rng);
                    }
                    layered.reset();
                    fused.reset();
                    for (int t = 0; t < steps; t++) {
                        Observation o = observation(c, rng);
                        Policy.Decision want = layered.act(o, true);
                        Policy.Decision got = fused.act(o, true);
                        String at = "episode " + episode + ", step " + t;
                        close(want.eyeProbs(), got.eyeProbs(), at + ", eye probabilities");
                        close(new float[] {want.value()}, new float[] {got.value()}, at + ", value");
                        close(want.actionChunk(), got.actionChunk(), at + ", chunk");
                        float[] p = want.eyeProbs().clone();
                        java.util.Arrays.sort(p);
                        if (p[p.length - 1] - p[p.length - 2] > 1e-3) {
                            assertEquals(want.eyeAction(), got.eyeAction(), at + ", greedy action");
                        }
                    }
                }
            }
        }
    }

    private static ConvPatchEncoder encoder(PolicyConfig c, NDManager m) {
        return new ConvPatchEncoder(ConvPatchEncoder.Config.forGrid(c.imageSize(), c.grid(), c.encoderDim()), m, 3);
    }

    /**
     * Every weight random, at the scale of a trained model: LayerNorm and QK-norm scales 1 ± 0.3,
     * layer weights N(0, 1/fan-in), everything else (biases, shifts, embeddings) N(0, 0.3²).
     */
    private static void randomise(Params params, Rng rng) {
        for (Params.Param p : params.all()) {
            float[] v = new float[(int) p.array().size()];
            long[] shape = p.array().getShape().getShape();
            boolean scale = p.name().endsWith("norm.weight");
            boolean layer = !scale && p.name().endsWith(".weight") && shape.length >= 2;
            double std = layer ? 1 / Math.sqrt((double) v.length / shape[0]) : 0.3;
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) ((scale ? 1 : 0) + std * rng.nextGaussian());
            }
            Params.overwrite(p.array(), v);
        }
    }

    private static Observation observation(PolicyConfig c, Rng rng) {
        float[] pyramid = new float[c.pyramidFloats()];
        for (int i = 0; i < pyramid.length; i++) {
            pyramid[i] = (float) rng.nextDouble();
        }
        float[] proprio = new float[c.joints()];
        for (int j = 0; j < proprio.length; j++) {
            proprio[j] = (float) (rng.nextDouble() * 2 - 1);
        }
        return new Observation(pyramid, rng.nextDouble() * 6 - 3, rng.nextDouble() - 0.5, proprio, rng.nextInt(c.tasks()));
    }

    private static void close(float[] want, float[] got, String what) {
        assertEquals(want.length, got.length, what);
        for (int i = 0; i < want.length; i++) {
            assertTrue(Float.isFinite(got[i]) && Math.abs(got[i] - want[i]) <= TOLERANCE * (1 + Math.abs(want[i])),
                    what + " [" + i + "]: model " + want[i] + ", fused " + got[i]);
        }
    }
}
