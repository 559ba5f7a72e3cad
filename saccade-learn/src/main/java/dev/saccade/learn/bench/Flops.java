package dev.saccade.learn.bench;

import dev.saccade.learn.policy.PolicyConfig;

/**
 * Floating-point operations of the policy counted from its shapes, for comparing a measured time
 * with what the CPU could do. Only matrix products are counted, 2 FLOPs per multiply-add (the
 * convention of FLOP counts for transformers): linear layers, the task table, attention scores and
 * the attention-weighted values. Element-wise work (LayerNorm, QK-norm, RoPE, softmax, GELU, bias
 * adds, the losses) is left out: it is where time goes that a FLOP count does not see. Training
 * costs about 3× the forward pass (the backward pass computes two products per forward product:
 * the gradient of the input and of the weight).
 *
 * <p>The counts follow the code in {@code policy/}: {@code Fort} embeds gaze, proprio and task once
 * per call of either transformer; each transformer's {@code ImageAdapter} projects the image
 * tokens; each {@code ParallelBlock} projects its own tokens into queries, keys, values and the MLP
 * branch, projects the image tokens into keys and values only, attends, and applies its output
 * layer to {@code [attention, GELU(mlp)]}.
 */
public final class Flops {
    /** Training FLOPs per forward FLOP: forward, then input and weight gradients. */
    public static final int TRAINING_FACTOR = 3;

    private Flops() {}

    /** {@code rows} vectors through a linear layer {@code in → out}: {@code 2·rows·in·out}. */
    public static long linear(long rows, int in, int out) {
        return 2L * rows * in * out;
    }

    /** {@code rows} vectors through linear layers of widths {@code sizes} (an {@code Mlp}). */
    public static long mlp(long rows, int... sizes) {
        long f = 0;
        for (int i = 0; i + 1 < sizes.length; i++) {
            f += linear(rows, sizes[i], sizes[i + 1]);
        }
        return f;
    }

    /**
     * Attention of {@code queries} queries over {@code keys} keys in each of {@code groups} groups,
     * all heads together ({@code heads × headDim = width}): scores {@code q·kᵀ} and the weighted
     * sum of values, {@code 2·groups·queries·keys·width} each.
     */
    public static long attention(long groups, int queries, int keys, int width) {
        return 4L * groups * queries * keys * width;
    }

    /**
     * One {@code ParallelBlock} over {@code groups} groups of {@code tokens} tokens that attend to
     * themselves, to {@code imageTokens} image tokens (projected to keys and values only) and to
     * {@code memoryKeys} keys and values projected earlier (the eye's window).
     */
    public static long block(long groups, int tokens, int imageTokens, int memoryKeys, int width, int mlpRatio) {
        long own = groups * tokens;
        return linear(own, width, (3 + mlpRatio) * width) // queries, keys, values, MLP branch
                + linear(groups * imageTokens, width, 2 * width) // image keys and values
                + attention(groups, tokens, imageTokens + memoryKeys + tokens, width)
                + linear(own, (1 + mlpRatio) * width, width); // output layer over [attention, GELU(mlp)]
    }

    /** The gaze, proprio and task embeddings of {@code n} observations ({@code Fort.embed}). */
    public static long embed(PolicyConfig c, long n) {
        int d = c.width();
        return mlp(n, 3, d, d) + mlp(n, c.joints(), d, d) + linear(n, c.tasks(), d);
    }

    /** One transformer's image adapter on {@code n} observations' image tokens. */
    public static long adapter(PolicyConfig c, long n) {
        int t = c.imageTokens();
        int d = c.width();
        long f = linear(n * t, c.encoderDim(), d) + linear(t, c.levels(), d) + linear(t, 20, d); // projection, level, angle
        return c.adapterHidden() == 0 ? f : f + mlp(n * t, d, c.adapterHidden(), d);
    }

    /** The eye over {@code rows} whole episodes of {@code steps} steps ({@code Fort.eyeSequence}): logits and values. */
    public static long eyeForward(PolicyConfig c, int rows, int steps) {
        long n = (long) rows * steps;
        int memory = (c.window() - 1) * PolicyConfig.EYE_MEMORY_TOKENS;
        long f = embed(c, n) + adapter(c, n);
        f += c.eyeBlocks() * block(n, PolicyConfig.EYE_TOKENS, c.imageTokens(), memory, c.width(), c.mlpRatio());
        return f + mlp(n, c.width(), c.headHidden(), c.eyeActions()) + mlp(n, c.width(), c.headHidden(), 1);
    }

    /** The hand on {@code n} observations ({@code Fort.handChunk}): 3 leading tokens and the chunk's action slots. */
    public static long handForward(PolicyConfig c, int n) {
        int tokens = 3 + c.chunk();
        long f = embed(c, n) + adapter(c, n);
        f += c.handBlocks() * block(n, tokens, c.imageTokens(), 0, c.width(), c.mlpRatio());
        return f + mlp((long) n * c.chunk(), c.width(), c.headHidden(), c.headHidden() / 2, c.joints());
    }

    /**
     * The minibatches of one BC-RL update: {@code eyeMinibatches} eye steps on
     * {@code episodesPerMinibatch} whole episodes of {@code steps} steps, and {@code handMinibatches}
     * hand steps on {@code handMinibatch} observations.
     */
    public record Update(int eyeMinibatches, int episodesPerMinibatch, int steps, int handMinibatches, int handMinibatch) {
        /** Training FLOPs of the eye's minibatches. */
        public long eye(PolicyConfig c) {
            return (long) eyeMinibatches * TRAINING_FACTOR * eyeForward(c, episodesPerMinibatch, steps);
        }

        /** Training FLOPs of the hand's minibatches. */
        public long hand(PolicyConfig c) {
            return (long) handMinibatches * TRAINING_FACTOR * handForward(c, handMinibatch);
        }

        public long total(PolicyConfig c) {
            return eye(c) + hand(c);
        }
    }
}
