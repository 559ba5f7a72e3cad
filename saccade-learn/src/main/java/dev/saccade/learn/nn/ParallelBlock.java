package dev.saccade.learn.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;

/**
 * The original's transformer block (reference/eyerobot.md §3: a parallel DiT block without
 * modulation): one LayerNorm, one linear layer giving queries, keys, values and the MLP input, QK
 * RMS-norm, attention, then one linear layer over {@code [attention, GELU(mlp)]} added back to the
 * input. The attention itself (which keys each query sees) belongs to the caller, since that is
 * where the eye and the hand differ.
 *
 * <p>Shapes: tokens {@code [batch, n, width]}; heads {@code [batch, heads, n, headDim]}.
 */
public final class ParallelBlock {
    private final LayerNorm norm;
    private final Linear in;
    private final NDArray queryScale;
    private final NDArray keyScale;
    private final Linear out;
    private final int width;
    private final int heads;
    private final int headDim;

    /**
     * Queries, keys and values in heads, and the MLP branch, for a set of tokens. Queries and keys
     * are RMS-normalised but not yet scaled by the QK-norm weights nor rotated: {@link #queries} and
     * {@link #keys} do both in one pass.
     */
    public record Projected(NDArray q, NDArray k, NDArray v, NDArray mlp) {}

    /** Keys (normalised, as in {@link Projected}) and values in heads. */
    public record KeyValue(NDArray k, NDArray v) {}

    public ParallelBlock(Params params, String name, String group, int width, int heads, int mlpRatio, Rng rng) {
        if (width % heads != 0) {
            throw new IllegalArgumentException("width " + width + " is not divisible by " + heads + " heads");
        }
        this.width = width;
        this.heads = heads;
        this.headDim = width / heads;
        this.norm = new LayerNorm(params, name + ".norm", group, width);
        this.in = new Linear(params, name + ".attn_in", group, width, 3 * width + mlpRatio * width, rng);
        this.queryScale = params.add(name + ".q_norm.weight", group, Init.constant(1f, headDim), true);
        this.keyScale = params.add(name + ".k_norm.weight", group, Init.constant(1f, headDim), true);
        this.out = new Linear(params, name + ".attn_out", group, width + mlpRatio * width, width, rng);
    }

    public int headDim() {
        return headDim;
    }

    /** Projects {@code x} into normalised queries and keys, values and the MLP branch (no scale, no RoPE yet). */
    public Projected project(NDArray x) {
        NDArray h = in.forward(norm.forward(x));
        NDList parts = h.split(new long[] {width, 2L * width, 3L * width}, h.getShape().dimension() - 1);
        return new Projected(
                unitRms(toHeads(parts.get(0))),
                unitRms(toHeads(parts.get(1))),
                toHeads(parts.get(2)),
                parts.get(3));
    }

    /**
     * Queries ready to score: QK-norm's weight and the attention's {@code 1/√headDim} applied, and
     * rotated by {@code at} (null: at the origin, no rotation). Scores are then plain dot products
     * ({@link Attention#dot}).
     */
    public NDArray queries(NDArray q, Rope.Tables at) {
        NDArray scale = Scalar.mul(queryScale, 1.0 / Math.sqrt(headDim));
        return at == null ? q.mul(scale) : at.apply(q, scale);
    }

    /** Keys ready to score: QK-norm's weight applied, rotated by {@code at}. */
    public NDArray keys(NDArray k, Rope.Tables at) {
        return at == null ? k.mul(keyScale) : at.apply(k, keyScale);
    }

    /**
     * Keys and values only, for tokens that are attended to but never attend themselves (the
     * image tokens): the same weights as {@link #project}, restricted to the key and value rows.
     */
    public KeyValue keysValues(NDArray tokens) {
        NDArray h = in.forwardRows(norm.forward(tokens), width, 3 * width);
        NDList parts = h.split(2, h.getShape().dimension() - 1);
        return new KeyValue(unitRms(toHeads(parts.get(0))), toHeads(parts.get(1)));
    }

    /**
     * Merges the heads of {@code attended}, applies the output layer to {@code [attention, GELU(mlp)]}
     * and adds it to {@code x}. The output layer is applied as two products with the two column
     * blocks of its weight, which is the same sum without copying the two parts side by side.
     */
    public NDArray finish(NDArray x, NDArray attended, NDArray mlp) {
        NDArray merged = fromHeads(attended);
        return x.add(out.forwardColumns(merged, 0, width)).add(out.forwardColumns(Activation.gelu(mlp), width, out.in(), false));
    }

    /** [batch, n, width] → [batch, heads, n, headDim]. */
    public NDArray toHeads(NDArray x) {
        long[] s = x.getShape().getShape();
        return x.reshape(s[0], s[1], heads, headDim).transpose(0, 2, 1, 3);
    }

    /** [batch, heads, n, headDim] → [batch, n, width]. */
    public NDArray fromHeads(NDArray x) {
        long[] s = x.getShape().getShape();
        return x.transpose(0, 2, 1, 3).reshape(s[0], s[2], width);
    }

    /**
     * {@code x / √(mean(x²) + 1e-6)} over the last axis (RMSNorm before its weight), with the root
     * mean square taken from one norm reduction: two passes over {@code x} instead of four.
     */
    private static NDArray unitRms(NDArray x) {
        long d = x.getShape().get(x.getShape().dimension() - 1);
        NDArray rms = Scalar.div(x.norm(2, new int[] {-1}, true).square(), d).add(1e-6f).sqrt();
        return x.div(rms);
    }
}
