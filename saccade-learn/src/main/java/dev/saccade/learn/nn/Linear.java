package dev.saccade.learn.nn;

import ai.djl.ndarray.NDArray;

/**
 * A fully connected layer {@code y = x·Wᵀ + b} on the last axis, with PyTorch's weight layout
 * {@code [out, in]} and default initialisation U(±1/√in), optionally scaled (small output layers).
 */
public final class Linear {
    private final NDArray weight;
    private final NDArray bias;
    private final int in;
    private final int out;

    public Linear(Params params, String name, String group, int in, int out, Rng rng, double initScale, boolean trainable) {
        double bound = initScale / Math.sqrt(in);
        this.weight = params.add(name + ".weight", group, Init.uniform(rng, bound, out, in), trainable);
        this.bias = params.add(name + ".bias", group, Init.uniform(rng, bound, out), trainable);
        this.in = in;
        this.out = out;
    }

    public Linear(Params params, String name, String group, int in, int out, Rng rng) {
        this(params, name, group, in, out, rng, 1.0, true);
    }

    public NDArray forward(NDArray x) {
        return ai.djl.nn.core.Linear.linear(x, weight, bias).singletonOrThrow();
    }

    /** The layer restricted to output rows {@code [from, to)}: a slice of the weights, sharing their gradients. */
    public NDArray forwardRows(NDArray x, int from, int to) {
        NDArray w = weight.get("{}:{}", from, to);
        NDArray b = bias.get("{}:{}", from, to);
        return ai.djl.nn.core.Linear.linear(x, w, b).singletonOrThrow();
    }

    /**
     * The layer's contribution of input columns {@code [from, to)} for {@code x} holding just those
     * inputs: {@code x·W[:, from:to]ᵀ}, plus the bias if {@code withBias}. Summing the contributions
     * of all column blocks (one with the bias) gives {@link #forward} of the inputs side by side.
     */
    public NDArray forwardColumns(NDArray x, int from, int to, boolean withBias) {
        NDArray w = weight.get(":, {}:{}", from, to);
        return withBias ? ai.djl.nn.core.Linear.linear(x, w, bias).singletonOrThrow() : x.matMul(w.transpose());
    }

    /** {@link #forwardColumns(NDArray, int, int, boolean)} with the bias. */
    public NDArray forwardColumns(NDArray x, int from, int to) {
        return forwardColumns(x, from, to, true);
    }

    public int in() {
        return in;
    }

    public int out() {
        return out;
    }
}
