package dev.saccade.learn.encoder;

import ai.djl.ndarray.NDArray;

/**
 * A frozen image encoder: each pyramid level (an RGB image in [0, 1]) becomes a square grid of
 * patch tokens. The policy computes tokens once per step and reuses them in every update epoch,
 * as the original reuses its frozen DINO tokens (reference/eyerobot.md §3). Implementations: the
 * built-in {@link ConvPatchEncoder}, or any TorchScript module ({@link TorchScriptEncoder}).
 */
public interface TokenEncoder extends AutoCloseable {
    /** Side of the square level images it takes, in pixels. */
    int imageSize();

    /** Tokens per level image: a square grid, row-major. */
    int tokensPerLevel();

    /** Channels per token. */
    int dim();

    /**
     * Encodes level images {@code [m, 3, S, S]} into tokens {@code [m, tokensPerLevel, dim]}.
     * The result lives in the images' scope; no gradient is recorded.
     */
    NDArray encode(NDArray images);

    /** Side of the token grid. */
    default int gridSize() {
        return (int) Math.round(Math.sqrt(tokensPerLevel()));
    }

    @Override
    void close();
}
