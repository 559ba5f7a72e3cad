package dev.saccade.learn.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * A LayerNorm, then linear layers with GELU between them: the shape of the original's token
 * projections and heads ("MLPs with LayerNorm and GELU", reference/eyerobot.md §3).
 */
public final class Mlp {
    private final LayerNorm norm;
    private final Linear[] layers;

    /**
     * @param sizes     widths from input to output, e.g. {128, 256, 25}
     * @param lastScale scale of the last layer's initial weights (0.01 for a policy head, so the
     *                  first policy is nearly uniform, as CleanRL does)
     */
    public Mlp(Params params, String name, String group, int[] sizes, double lastScale, boolean inputNorm, Rng rng) {
        this.norm = inputNorm ? new LayerNorm(params, name + ".norm", group, sizes[0]) : null;
        this.layers = new Linear[sizes.length - 1];
        for (int i = 0; i < layers.length; i++) {
            double scale = i == layers.length - 1 ? lastScale : 1.0;
            layers[i] = new Linear(params, name + ".fc" + i, group, sizes[i], sizes[i + 1], rng, scale, true);
        }
    }

    public NDArray forward(NDArray x) {
        NDArray h = norm == null ? x : norm.forward(x);
        for (int i = 0; i < layers.length; i++) {
            h = layers[i].forward(h);
            if (i < layers.length - 1) {
                h = Activation.gelu(h);
            }
        }
        return h;
    }
}
