package dev.saccade.learn.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.saccade.learn.nn.Params;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FortTest {
    private static NDManager root;
    private static final ActionStats STATS = ActionStats.original();

    @BeforeAll
    static void open() {
        root = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        root.close();
    }

    /** Logits [rows·steps·actions] of whole episodes. */
    private static float[] sequenceLogits(Fort fort, TokenBatch b, int rows, int steps) {
        try (NDManager scope = root.newSubManager()) {
            Inputs in = Inputs.create(scope, b, fort.config(), STATS);
            return fort.eyeSequence(scope, in, rows, steps).logits().toFloatArray();
        }
    }

    /** The same logits computed one step at a time with the eye's memory. */
    private static float[] streamedLogits(Fort fort, TokenBatch b, int rows, int steps) {
        PolicyConfig c = fort.config();
        float[] out = new float[rows * steps * c.eyeActions()];
        try (EyeMemory memory = fort.newMemory(rows)) {
            for (int t = 0; t < steps; t++) {
                int[] idx = new int[rows];
                int[] time = new int[rows];
                for (int r = 0; r < rows; r++) {
                    idx[r] = r * steps + t;
                    time[r] = t;
                }
                try (NDManager scope = root.newSubManager()) {
                    Inputs in = Inputs.create(scope, Fixtures.slice(c, b, idx), c, STATS);
                    float[] l = fort.eyeStep(scope, in, time, memory).logits().toFloatArray();
                    for (int r = 0; r < rows; r++) {
                        System.arraycopy(l, r * c.eyeActions(), out, idx[r] * c.eyeActions(), c.eyeActions());
                    }
                }
            }
        }
        return out;
    }

    @Test
    void stepByStepRolloutMatchesWholeEpisodeUpdate() {
        PolicyConfig c = Fixtures.tiny(2);
        int rows = 3;
        int steps = 11; // longer than the window of 4, so old steps must drop out identically
        try (Fort fort = new Fort(c, root, 5)) {
            TokenBatch b = Fixtures.randomBatch(c, rows * steps, 9);
            float[] seq = sequenceLogits(fort, b, rows, steps);
            float[] stream = streamedLogits(fort, b, rows, steps);
            assertArrayEquals(seq, stream, 2e-5f);
        }
    }

    @Test
    void anEyeWithoutMemoryActsOnTheCurrentStepAloneAndStreamsTheSame() {
        PolicyConfig c = Fixtures.tiny(2).withWindow(1);
        int rows = 2;
        int steps = 5;
        try (Fort fort = new Fort(c, root, 5)) {
            TokenBatch b = Fixtures.randomBatch(c, rows * steps, 9);
            float[] seq = sequenceLogits(fort, b, rows, steps);
            assertArrayEquals(seq, streamedLogits(fort, b, rows, steps), 2e-5f);
            int a = c.eyeActions();
            for (String what : new String[] {"image", "gaze"}) {
                float[] changed = perturbed(fort, b, steps, 2, what);
                for (int r = 0; r < rows; r++) {
                    for (int t = 0; t < steps; t++) {
                        int at = (r * steps + t) * a;
                        float[] before = Arrays.copyOfRange(seq, at, at + a);
                        float[] after = Arrays.copyOfRange(changed, at, at + a);
                        if (t == 2) {
                            assertFalse(Arrays.equals(before, after), "step 2 sees its own new " + what);
                        } else {
                            assertArrayEquals(before, after, 1e-6f, "step " + t + " must not see step 2's " + what);
                        }
                    }
                }
            }
        }
    }

    /** Per-step logits after changing step {@code s} of every episode with {@code change}. */
    private static float[] perturbed(Fort fort, TokenBatch b, int steps, int s, String what) {
        PolicyConfig c = fort.config();
        float[] tokens = b.tokens().clone();
        float[] gaze = b.gaze().clone();
        float[] proprio = b.proprio().clone();
        int per = c.imageTokens() * c.encoderDim();
        for (int r = 0; r < b.count() / steps; r++) {
            int i = r * steps + s;
            switch (what) {
                case "image" -> {
                    for (int k = 0; k < per; k++) {
                        tokens[i * per + k] += (k % 3) - 1; // not a constant shift: the adapter's LayerNorm removes those
                    }
                }
                case "gaze" -> gaze[2 * i] += 1f;
                case "proprio" -> proprio[i * c.joints()] += 1f;
                default -> throw new IllegalArgumentException(what);
            }
        }
        return sequenceLogits(fort, new TokenBatch(b.count(), tokens, gaze, proprio, b.task()), b.count() / steps, steps);
    }

    private static boolean stepSame(float[] a, float[] b, PolicyConfig c, int steps, int t) {
        int rows = a.length / (steps * c.eyeActions());
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < c.eyeActions(); k++) {
                int i = (r * steps + t) * c.eyeActions() + k;
                if (Math.abs(a[i] - b[i]) > 1e-6) {
                    return false;
                }
            }
        }
        return true;
    }

    @Test
    void eyeNeverSeesTheFuture() {
        PolicyConfig c = Fixtures.tiny(2);
        int steps = 8;
        try (Fort fort = new Fort(c, root, 1)) {
            TokenBatch b = Fixtures.randomBatch(c, 2 * steps, 2);
            float[] base = sequenceLogits(fort, b, 2, steps);
            for (String what : new String[] {"image", "gaze", "proprio"}) {
                float[] p = perturbed(fort, b, steps, 5, what);
                for (int t = 0; t < 5; t++) {
                    assertTrue(stepSame(base, p, c, steps, t), what + " at step 5 changed step " + t);
                }
                assertTrue(!stepSame(base, p, c, steps, 5), what + " at step 5 must change step 5");
            }
        }
    }

    @Test
    void imageAndProprioTokensInformOnlyTheirOwnStep() {
        // With one block, a later step reads an earlier one only through the earlier memory tokens'
        // inputs, so any direct path from past image or proprio tokens would show up here.
        PolicyConfig c = Fixtures.tiny(1);
        int steps = 8;
        try (Fort fort = new Fort(c, root, 3)) {
            TokenBatch b = Fixtures.randomBatch(c, 2 * steps, 4);
            float[] base = sequenceLogits(fort, b, 2, steps);
            for (String what : new String[] {"image", "proprio"}) {
                float[] p = perturbed(fort, b, steps, 2, what);
                for (int t = 0; t < steps; t++) {
                    assertEquals(t != 2, stepSame(base, p, c, steps, t), what + " at step 2 vs step " + t);
                }
            }
        }
    }

    @Test
    void eyeRemembersExactlyItsWindow() {
        PolicyConfig c = Fixtures.tiny(1); // window 4: step t sees steps t-3..t
        int steps = 9;
        try (Fort fort = new Fort(c, root, 6)) {
            TokenBatch b = Fixtures.randomBatch(c, 2 * steps, 8);
            float[] base = sequenceLogits(fort, b, 2, steps);
            float[] p = perturbed(fort, b, steps, 2, "gaze");
            for (int t = 0; t < steps; t++) {
                boolean inWindow = t >= 2 && t <= 2 + c.window() - 1;
                assertEquals(!inWindow, stepSame(base, p, c, steps, t), "gaze at step 2 vs step " + t);
            }
        }
    }

    @Test
    void behaviourCloningGradientsNeverReachTheEyeTransformer() {
        PolicyConfig c = Fixtures.tiny(2);
        try (Fort fort = new Fort(c, root, 2); NDManager scope = root.newSubManager()) {
            Inputs in = Inputs.create(scope, Fixtures.randomBatch(c, 6, 3), c, STATS);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray chunk = fort.handChunk(scope, in);
                gc.backward(chunk.square().sum());
            }
            for (Params.Param p : fort.params().all()) {
                double g = p.array().getGradient().abs().sum().getFloat();
                if (p.group().equals(Fort.HAND)) {
                    assertTrue(g > 0, p.name() + " should learn from BC");
                } else if (p.name().equals("embed.task")) {
                    assertTrue(g > 0, "the task embedding is trained by both losses");
                } else {
                    assertEquals(0.0, g, p.name() + " is the eye's and must not get BC gradients");
                }
            }
        }
    }

    @Test
    void eyeLossesNeverTrainTheGazeAndProprioEmbeddings() {
        PolicyConfig c = Fixtures.tiny(2);
        try (Fort fort = new Fort(c, root, 2); NDManager scope = root.newSubManager()) {
            Inputs in = Inputs.create(scope, Fixtures.randomBatch(c, 2 * 5, 3), c, STATS);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                Fort.EyeOut out = fort.eyeSequence(scope, in, 2, 5);
                gc.backward(out.logits().square().sum().add(out.values().sum()));
            }
            for (Params.Param p : fort.params().all()) {
                double g = p.array().getGradient().abs().sum().getFloat();
                if (p.group().equals(Fort.EYE)) {
                    assertTrue(g > 0, p.name() + " should learn from the eye's losses");
                } else {
                    assertEquals(0.0, g, p.name() + " belongs to the hand");
                }
            }
        }
    }
}
