package dev.saccade.learn.encoder;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.saccade.core.InputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An external encoder loaded from a TorchScript file (for example a DINO model exported with
 * {@code torch.jit.trace}), used instead of the built-in one. Its contract: a tensor
 * {@code [m, 3, S, S]} of RGB values in [0, 1] in, tokens {@code [m, g², c]} out (a square grid of
 * at most 64 tokens, row-major). The file is checked on load by running one image through it.
 * No Python is involved; PyTorch's own runtime runs the module.
 */
public final class TorchScriptEncoder implements TokenEncoder {
    private final Path source;
    private final Model model;
    private final Block block;
    private final ParameterStore store;
    private final int imageSize;
    private final int tokens;
    private final int dim;

    private TorchScriptEncoder(Path source, Model model, int imageSize, int tokens, int dim) {
        this.source = source;
        this.model = model;
        this.block = model.getBlock();
        this.store = new ParameterStore(model.getNDManager(), false);
        this.imageSize = imageSize;
        this.tokens = tokens;
        this.dim = dim;
    }

    /** Loads {@code file} for level images of side {@code imageSize}; bad files are {@link InputException}s. */
    public static TorchScriptEncoder load(Path file, int imageSize) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new InputException(file, "no such TorchScript file");
        }
        Model model = Model.newInstance("encoder", Device.cpu(), "PyTorch");
        try {
            model.load(file);
        } catch (MalformedModelException | EngineException | IOException e) {
            model.close();
            throw new InputException(file, "not a loadable TorchScript module: " + firstLine(e.getMessage()), e);
        }
        try (NDManager probe = model.getNDManager().newSubManager()) {
            NDArray out;
            try {
                out = run(model.getBlock(), new ParameterStore(model.getNDManager(), false),
                        probe.zeros(new Shape(1, 3, imageSize, imageSize)));
            } catch (EngineException e) {
                model.close();
                throw new InputException(file, "fails on a [1, 3, " + imageSize + ", " + imageSize + "] image: "
                        + firstLine(e.getMessage()), e);
            }
            long[] s = out.getShape().getShape();
            long g = s.length == 3 ? Math.round(Math.sqrt(s[1])) : -1;
            if (s.length != 3 || s[0] != 1 || g * g != s[1] || s[1] > 64 || s[2] < 1) {
                model.close();
                throw new InputException(file, "output shape " + out.getShape() + " for one image; expected [1, tokens, channels]"
                        + " with a square grid of at most 64 tokens");
            }
            return new TorchScriptEncoder(file, model, imageSize, (int) s[1], (int) s[2]);
        }
    }

    private static NDArray run(Block block, ParameterStore store, NDArray images) {
        return block.forward(store, new NDList(images), false).singletonOrThrow();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    /** The file the module was loaded from. */
    public Path source() {
        return source;
    }

    @Override
    public int imageSize() {
        return imageSize;
    }

    @Override
    public int tokensPerLevel() {
        return tokens;
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public NDArray encode(NDArray images) {
        NDArray out = run(block, store, images);
        out.attach(images.getManager()); // results must die with the caller's scope
        return out;
    }

    @Override
    public void close() {
        model.close();
    }
}
