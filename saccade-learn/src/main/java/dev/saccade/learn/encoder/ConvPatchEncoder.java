package dev.saccade.learn.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import dev.saccade.core.InputException;
import dev.saccade.learn.io.HostTensor;
import dev.saccade.learn.io.SafeTensors;
import dev.saccade.learn.nn.Init;
import dev.saccade.learn.nn.LayerNorm;
import dev.saccade.learn.nn.Params;
import dev.saccade.learn.nn.Rng;
import dev.saccade.learn.nn.Scalar;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The built-in encoder: a small stack of stride-2 convolutions (kernel 4) that turns each
 * {@code S×S} level image into a {@code (S/P)×(S/P)} grid of tokens ({@code P} the patch size, a
 * power of two), followed by a LayerNorm. It is shared by all pyramid levels; the policy adds the
 * level embedding. With the defaults (64 px, 16 px patches, 128 channels) a level is 16 tokens and
 * costs about 7 M multiply-adds. Pretrain it with {@link EncoderPretraining}, then freeze it.
 */
public final class ConvPatchEncoder implements TokenEncoder {
    /** Image side, patch side (a power of two dividing the image) and token width. */
    public record Config(int imageSize, int patchSize, int dim) {
        public Config {
            if (patchSize < 2 || Integer.bitCount(patchSize) != 1 || imageSize % patchSize != 0) {
                throw new InputException("encoder: patch size must be a power of two ≥ 2 dividing the image size "
                        + imageSize + ", got " + patchSize);
            }
            if (dim < 8) {
                throw new InputException("encoder: dim must be at least 8, got " + dim);
            }
        }

        /**
         * 64-px levels, 16-px patches, 128 channels: 16 tokens per level, four convolutions of
         * 16, 32, 64 and 128 channels (about 7 M multiply-adds per level).
         */
        public static Config defaults() {
            return new Config(64, 16, 128);
        }

        /** The encoder giving a {@code grid × grid} token grid of {@code dim} channels for {@code imageSize}-px images. */
        public static Config forGrid(int imageSize, int grid, int dim) {
            if (grid < 1 || imageSize % grid != 0) {
                throw new InputException("encoder: a " + grid + "×" + grid + " token grid does not divide " + imageSize + " px images");
            }
            return new Config(imageSize, imageSize / grid, dim);
        }

        int convs() {
            return Integer.numberOfTrailingZeros(patchSize);
        }

        int channels(int layer) {
            return Math.max(8, dim >> (convs() - 1 - layer));
        }
    }

    private final Config config;
    private final Params params;
    private final NDArray[] weights;
    private final NDArray[] biases;
    private final LayerNorm norm;

    /** A freshly initialised encoder in a scope under {@code parent}. */
    public ConvPatchEncoder(Config config, NDManager parent, long seed) {
        this.config = config;
        this.params = new Params(parent);
        Rng rng = new Rng(seed);
        int n = config.convs();
        this.weights = new NDArray[n];
        this.biases = new NDArray[n];
        int in = 3;
        for (int i = 0; i < n; i++) {
            int out = config.channels(i);
            double bound = 1.0 / Math.sqrt(in * 16.0);
            weights[i] = params.add("encoder.conv" + i + ".weight", "encoder", Init.uniform(rng, bound, out, in, 4, 4), true);
            biases[i] = params.add("encoder.conv" + i + ".bias", "encoder", Init.uniform(rng, bound, out), true);
            in = out;
        }
        this.norm = new LayerNorm(params, "encoder.norm", "encoder", config.dim());
    }

    public Config config() {
        return config;
    }

    /** The weights (group "encoder"), for pretraining and checkpoints. */
    public Params params() {
        return params;
    }

    @Override
    public int imageSize() {
        return config.imageSize();
    }

    @Override
    public int tokensPerLevel() {
        int g = config.imageSize() / config.patchSize();
        return g * g;
    }

    @Override
    public int dim() {
        return config.dim();
    }

    @Override
    public NDArray encode(NDArray images) {
        return forward(images);
    }

    /**
     * Tokens for {@code images [m, 3, S, S]}, with gradients when called inside a gradient
     * collector (pretraining). The weights are lent to the images' scope.
     */
    NDArray forward(NDArray images) {
        long[] s = images.getShape().getShape();
        if (s.length != 4 || s[1] != 3 || s[2] != config.imageSize() || s[3] != config.imageSize()) {
            throw new IllegalArgumentException("encoder expects [m, 3, " + config.imageSize() + ", "
                    + config.imageSize() + "] images, got " + images.getShape());
        }
        params.useIn(images.getManager());
        NDArray x = Scalar.mul(images, 2).sub(1f);
        Shape stride = new Shape(2, 2);
        Shape pad = new Shape(1, 1);
        for (int i = 0; i < weights.length; i++) {
            x = Conv2d.conv2d(x, weights[i], biases[i], stride, pad).singletonOrThrow();
            if (i < weights.length - 1) {
                x = Activation.gelu(x);
            }
        }
        long m = s[0];
        NDArray tokens = x.reshape(m, config.dim(), tokensPerLevel()).transpose(0, 2, 1);
        return norm.forward(tokens);
    }

    /** Writes the weights as safetensors, with the configuration in the metadata. */
    public void save(Path file) throws IOException {
        SafeTensors.write(file, params.toHost(), Map.of(
                "saccade.kind", "conv-patch-encoder",
                "saccade.imageSize", Integer.toString(config.imageSize()),
                "saccade.patchSize", Integer.toString(config.patchSize()),
                "saccade.dim", Integer.toString(config.dim())));
    }

    /** Reads an encoder written by {@link #save}; its configuration comes from the file. */
    public static ConvPatchEncoder load(Path file, NDManager parent) throws IOException {
        SafeTensors.Contents c = SafeTensors.read(file);
        Map<String, String> meta = c.metadata();
        if (!"conv-patch-encoder".equals(meta.get("saccade.kind"))) {
            throw new InputException(file, "metadata: not a Saccade conv patch encoder (saccade.kind is "
                    + meta.get("saccade.kind") + ")");
        }
        Config config;
        try {
            config = new Config(Integer.parseInt(meta.get("saccade.imageSize")),
                    Integer.parseInt(meta.get("saccade.patchSize")), Integer.parseInt(meta.get("saccade.dim")));
        } catch (NumberFormatException e) {
            throw new InputException(file, "metadata: bad encoder configuration " + meta, e);
        }
        ConvPatchEncoder enc = new ConvPatchEncoder(config, parent, 0);
        Map<String, HostTensor> tensors = c.tensors();
        enc.params.load(tensors, file);
        return enc;
    }

    @Override
    public void close() {
        params.close();
    }
}
