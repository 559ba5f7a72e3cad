package dev.saccade.learn.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** Layer normalisation over the last axis with a learned scale and shift. */
public final class LayerNorm {
    private final NDArray gamma;
    private final NDArray beta;
    private final Shape shape;

    public LayerNorm(Params params, String name, String group, int width, boolean trainable) {
        this.gamma = params.add(name + ".weight", group, Init.constant(1f, width), trainable);
        this.beta = params.add(name + ".bias", group, Init.zeros(width), trainable);
        this.shape = new Shape(width);
    }

    public LayerNorm(Params params, String name, String group, int width) {
        this(params, name, group, width, true);
    }

    public NDArray forward(NDArray x) {
        return ai.djl.nn.norm.LayerNorm.layerNorm(x, shape, gamma, beta, 1e-5f).singletonOrThrow();
    }
}
