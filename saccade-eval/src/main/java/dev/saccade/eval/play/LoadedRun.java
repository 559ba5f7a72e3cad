package dev.saccade.eval.play;

import ai.djl.ndarray.NDManager;
import dev.saccade.core.InputException;
import dev.saccade.learn.encoder.TokenEncoder;
import dev.saccade.learn.io.SafeTensors;
import dev.saccade.learn.policy.ActionStats;
import dev.saccade.learn.policy.Fort;
import dev.saccade.learn.policy.PolicyConfig;
import dev.saccade.learn.train.Checkpoint;
import dev.saccade.sphere.render.PyramidSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A trained run loaded for evaluation: its policy's configuration, weights, frozen encoder and
 * action statistics, from the run's latest checkpoint (or a checkpoint directory given directly).
 * The evaluation batches many episodes through it at once ({@link PolicyBatch}).
 */
public final class LoadedRun implements AutoCloseable {
    private final String name;
    private final Path checkpoint;
    private final Checkpoint.State state;
    private final Fort model;
    private final TokenEncoder encoder;

    private LoadedRun(String name, Path checkpoint, Checkpoint.State state, Fort model, TokenEncoder encoder) {
        this.name = name;
        this.checkpoint = checkpoint;
        this.state = state;
        this.model = model;
        this.encoder = encoder;
    }

    /** Loads {@code runOrCheckpoint}: a run directory (its {@code checkpoints/latest}) or a checkpoint directory. */
    public static LoadedRun load(String name, Path runOrCheckpoint, NDManager parent) throws IOException {
        Path dir = checkpointOf(runOrCheckpoint);
        Checkpoint.State state = Checkpoint.readState(dir);
        TokenEncoder encoder = Checkpoint.readEncoder(dir, state, parent);
        Fort model = new Fort(state.policy(), parent, 0);
        try {
            Path file = dir.resolve("model.safetensors");
            if (!Files.isRegularFile(file)) {
                throw new InputException(dir, "not a checkpoint: no model.safetensors");
            }
            model.params().load(SafeTensors.read(file).tensors(), file);
            return new LoadedRun(name, dir, state, model, encoder);
        } catch (RuntimeException | IOException e) {
            model.close();
            encoder.close();
            throw e;
        }
    }

    /** The checkpoint directory of a run directory, or the directory itself if it is a checkpoint. */
    public static Path checkpointOf(Path runOrCheckpoint) throws IOException {
        if (!Files.isDirectory(runOrCheckpoint)) {
            throw new InputException(runOrCheckpoint, "no such run or checkpoint directory");
        }
        return Files.isRegularFile(runOrCheckpoint.resolve("state.json")) ? runOrCheckpoint : Checkpoint.latest(runOrCheckpoint);
    }

    /** A short name for reports, e.g. "learned" or "random hand". */
    public String name() {
        return name;
    }

    public Path checkpoint() {
        return checkpoint;
    }

    public Checkpoint.State state() {
        return state;
    }

    public PolicyConfig config() {
        return state.policy();
    }

    public ActionStats stats() {
        return state.stats();
    }

    Fort model() {
        return model;
    }

    TokenEncoder encoder() {
        return encoder;
    }

    /** The pyramid this run's policy sees (pinhole levels of its sizes and fields of view). */
    public PyramidSpec pyramid() {
        return PyramidSpec.pinholeDegrees(config().imageSize(), config().fieldsOfViewDeg());
    }

    @Override
    public void close() {
        model.close();
        encoder.close();
    }
}
