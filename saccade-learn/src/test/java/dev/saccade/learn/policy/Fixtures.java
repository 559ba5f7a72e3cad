package dev.saccade.learn.policy;

import dev.saccade.learn.nn.Rng;
import java.util.List;

/** Small configurations and random inputs for model tests. */
final class Fixtures {
    private Fixtures() {}

    /** A tiny model: 2 levels of 2×2 tokens, width 16, window 4, chunk 5. */
    static PolicyConfig tiny(int blocks) {
        return new PolicyConfig(2, 16, List.of(20.0, 60.0), 4, 8,
                16, 2, blocks, blocks, 2,
                4, 5, 7, 25, 5,
                1000, List.of(2, 2, 4), 16, 16);
    }

    /** {@code n} random observations' model inputs. */
    static TokenBatch randomBatch(PolicyConfig c, int n, long seed) {
        Rng rng = new Rng(seed);
        float[] tokens = new float[n * c.imageTokens() * c.encoderDim()];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = (float) rng.nextGaussian();
        }
        float[] gaze = new float[2 * n];
        float[] proprio = new float[n * c.joints()];
        int[] task = new int[n];
        for (int i = 0; i < n; i++) {
            gaze[2 * i] = (float) (rng.nextDouble() * 2 - 1);
            gaze[2 * i + 1] = (float) (rng.nextDouble() - 0.5);
            for (int j = 0; j < c.joints(); j++) {
                proprio[i * c.joints() + j] = (float) (rng.nextDouble() * 2 - 1);
            }
            task[i] = rng.nextInt(c.tasks());
        }
        return new TokenBatch(n, tokens, gaze, proprio, task);
    }

    /** Observations {@code from..from+count} of a batch (row-major episodes make this a step slice). */
    static TokenBatch slice(PolicyConfig c, TokenBatch b, int[] rows) {
        int per = c.imageTokens() * c.encoderDim();
        int n = rows.length;
        float[] tokens = new float[n * per];
        float[] gaze = new float[2 * n];
        float[] proprio = new float[n * c.joints()];
        int[] task = new int[n];
        for (int i = 0; i < n; i++) {
            int r = rows[i];
            System.arraycopy(b.tokens(), r * per, tokens, i * per, per);
            System.arraycopy(b.gaze(), 2 * r, gaze, 2 * i, 2);
            System.arraycopy(b.proprio(), r * c.joints(), proprio, i * c.joints(), c.joints());
            task[i] = b.task()[r];
        }
        return new TokenBatch(n, tokens, gaze, proprio, task);
    }
}
