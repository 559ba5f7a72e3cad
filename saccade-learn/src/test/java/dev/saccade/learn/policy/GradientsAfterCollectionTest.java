package dev.saccade.learn.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.saccade.learn.nn.Params;
import dev.saccade.learn.nn.Rng;
import dev.saccade.learn.nn.Scalar;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The backward pass reads only what the forward pass keeps alive: a garbage collection between them,
 * with the freed native memory written over, changes no gradient of the model's full loss (the hand's
 * BC and the eye's PPO and imitation terms). Before {@link Scalar}, DJL's scalar overloads left the
 * graph holding constants in Java memory, and this test saw other gradients (issue 16: training runs
 * that differed only under load, a CI run whose two identical demos trained different weights).
 */
class GradientsAfterCollectionTest {
    private static final ActionStats STATS = ActionStats.original();
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
    void aCollectionBetweenForwardAndBackwardChangesNoGradient() throws InterruptedException {
        Map<String, float[]> calm = gradients(false);
        Map<String, float[]> collected = gradients(true);
        assertEquals(calm.keySet(), collected.keySet());
        for (String name : calm.keySet()) {
            assertArrayEquals(calm.get(name), collected.get(name), name + "'s gradient changed with a garbage collection");
        }
    }

    /** Every weight's gradient of one BC + PPO + imitation loss; {@code collect}: collect garbage before the backward pass. */
    private static Map<String, float[]> gradients(boolean collect) throws InterruptedException {
        PolicyConfig c = Fixtures.tiny(2);
        int rows = 2;
        int steps = 5;
        int n = rows * steps;
        int a = c.eyeActions();
        Rng rng = new Rng(11);
        Map<String, float[]> out = new LinkedHashMap<>();
        try (Fort fort = new Fort(c, root, 2); NDManager scope = root.newSubManager()) {
            Inputs in = Inputs.create(scope, Fixtures.randomBatch(c, n, 3), c, STATS);
            float[] oneHot = new float[n * a];
            float[] labels = new float[n * a];
            float[] oldLogp = new float[n];
            float[] adv = new float[n];
            float[] returns = new float[n];
            float[] mask = new float[n];
            for (int i = 0; i < n; i++) {
                oneHot[i * a + rng.nextInt(a)] = 1f;
                labels[i * a + rng.nextInt(a)] = 1f;
                oldLogp[i] = (float) Math.log(1.0 / a);
                adv[i] = (float) rng.nextGaussian();
                returns[i] = (float) rng.nextGaussian();
                mask[i] = 1f;
            }
            EyeLoss.Batch batch = EyeLoss.batch(scope, rows, steps, a, oneHot, oldLogp, adv, returns, mask, labels, mask);
            float[] target = new float[n * c.chunk() * c.joints()];
            for (int i = 0; i < target.length; i++) {
                target[i] = (float) rng.nextGaussian();
            }
            NDArray chunkMask = scope.ones(new Shape(n, c.chunk()));
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                Fort.EyeOut eye = fort.eyeSequence(scope, in, rows, steps);
                NDArray loss = EyeLoss.of(eye.logits(), eye.values(), batch, new EyeLoss.Weights(0.2, 0.01, 0.5, 0.3)).loss();
                NDArray bc = HandLoss.loss(fort.handChunk(scope, in), scope.create(target, new Shape(n, c.chunk(), c.joints())), chunkMask);
                loss = loss.add(Scalar.mul(bc, 0.7));
                if (collect) {
                    collectAndOverwriteFreedMemory();
                }
                gc.backward(loss);
            }
            for (Params.Param p : fort.params().all()) {
                out.put(p.name(), p.array().getGradient().toFloatArray());
            }
        }
        return out;
    }

    /** A full collection, time for the cleaner to free what it found, then small direct buffers written with 99s. */
    private static void collectAndOverwriteFreedMemory() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(20);
        }
        ByteBuffer[] keep = new ByteBuffer[4000];
        for (int i = 0; i < keep.length; i++) {
            keep[i] = ByteBuffer.allocateDirect(4 * (1 + i % 16)).order(java.nio.ByteOrder.nativeOrder());
            while (keep[i].remaining() >= 4) {
                keep[i].putFloat(99f);
            }
        }
    }
}
