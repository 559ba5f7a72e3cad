package dev.saccade.learn.train;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.saccade.core.AtomicFiles;
import dev.saccade.core.InputException;
import dev.saccade.gym.reward.HandReward;
import dev.saccade.learn.encoder.ConvPatchEncoder;
import dev.saccade.learn.encoder.TokenEncoder;
import dev.saccade.learn.encoder.TorchScriptEncoder;
import dev.saccade.learn.io.HostTensor;
import dev.saccade.learn.io.SafeTensors;
import dev.saccade.learn.policy.ActionStats;
import dev.saccade.learn.policy.Fort;
import dev.saccade.learn.policy.Policy;
import dev.saccade.learn.policy.PolicyConfig;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A training run's complete state in one directory, written atomically:
 * <ul>
 *   <li>{@code model.safetensors}: the policy's weights by PyTorch-style name; its metadata holds
 *       the policy configuration and action statistics as JSON, so it is also the export for
 *       Python ({@code safetensors.torch.load_file});</li>
 *   <li>{@code optimizer.safetensors}: AdamW's moments ({@code <weight>.exp_avg}, {@code .exp_avg_sq});</li>
 *   <li>{@code encoder.safetensors} (built-in encoder) or {@code encoder.pt} (a copy of the TorchScript file);</li>
 *   <li>{@code state.json}: counters, the random stream's state, optimiser step counts and both configurations.</li>
 * </ul>
 * A run directory keeps its checkpoints under {@code checkpoints/NNNNNNNN} (the iteration) with a
 * {@code checkpoints/latest} pointer, and prunes all but the newest few.
 */
public final class Checkpoint {
    /** The non-tensor state. */
    public record State(int format, long iteration, long envSteps, long rngState, Map<String, Long> optimizerSteps,
                        BcRlConfig config, PolicyConfig policy, ActionStats stats, String encoder) {}

    /**
     * What a run was trained on and how long it chose to be, so that a resume continues on the same
     * data and an evaluation can refuse a mismatch. Kept in {@code RUN/run.json} and copied into
     * every checkpoint written after it.
     *
     * @param dataset       the dataset directory, absolute (null for generated toy demonstrations)
     * @param toy           the number of generated toy demonstrations (0 with a dataset)
     * @param episodesFrom  the first episode trained on
     * @param episodesTo    one past the last episode trained on
     * @param frameWidth    width of the 360° frames
     * @param frameHeight   height of the 360° frames
     * @param sizedEnvSteps the run length chosen from a measured rate to fit a budget (0: none chosen yet)
     * @param envThreads    threads stepping the environments (0: not recorded, a run from before runs kept them)
     * @param rolloutThreads PyTorch's intra-op threads while collecting rollouts (0: not recorded)
     * @param updateThreads PyTorch's intra-op threads while updating and pretraining the encoder (0: not recorded);
     *                      PyTorch's sums depend on these, so a resume continues exactly only on the same counts
     */
    public record RunRecord(String dataset, int toy, int episodesFrom, int episodesTo, int frameWidth, int frameHeight,
                            long sizedEnvSteps, int envThreads, int rolloutThreads, int updateThreads) {
        /** This record with the run length it chose. */
        public RunRecord withSizedEnvSteps(long steps) {
            return new RunRecord(dataset, toy, episodesFrom, episodesTo, frameWidth, frameHeight, steps, envThreads, rolloutThreads,
                    updateThreads);
        }

        /** True if the record holds the thread counts the run ran with. */
        public boolean hasThreads() {
            return envThreads > 0 && rolloutThreads > 0 && updateThreads > 0;
        }

        /** The source in words: the dataset's path, or the toy demonstrations. */
        public String source() {
            return dataset != null ? dataset : toy + " toy demonstrations";
        }
    }

    /** The run record's file name, in a run directory and in each checkpoint. */
    public static final String RUN_RECORD = "run.json";

    static final int FORMAT = 1;
    static final String MODEL = "model.safetensors";
    static final String OPTIMIZER = "optimizer.safetensors";
    static final String STATE = "state.json";
    static final String CONV_ENCODER = "encoder.safetensors";
    static final String TORCHSCRIPT_ENCODER = "encoder.pt";
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper COMPACT = new ObjectMapper();
    private static final int KEEP = 2;

    private Checkpoint() {}

    /** Writes the trainer's state into {@code dir} (replacing it), all or nothing. */
    public static void write(BcRl trainer, Path dir) throws IOException {
        write(trainer, dir, null);
    }

    /** Like {@link #write(BcRl, Path)}, with a copy of the run record {@code runRecord} (may be null). */
    static void write(BcRl trainer, Path dir, Path runRecord) throws IOException {
        String encoderKind;
        if (trainer.policy().encoder() instanceof ConvPatchEncoder) {
            encoderKind = "conv";
        } else if (trainer.policy().encoder() instanceof TorchScriptEncoder) {
            encoderKind = "torchscript";
        } else {
            throw new IllegalArgumentException("cannot checkpoint an encoder of type " + trainer.policy().encoder().getClass());
        }
        State state = new State(FORMAT, trainer.iteration(), trainer.envSteps(), trainer.rngState(),
                trainer.optimizer().steps(), trainer.config(), trainer.policy().config(), trainer.policy().stats(), encoderKind);
        AtomicFiles.writeDirectory(dir, true, tmp -> {
            SafeTensors.write(tmp.resolve(MODEL), trainer.model().params().toHost(), Map.of(
                    "format", "saccade-fort",
                    "saccade.policy", COMPACT.writeValueAsString(trainer.policy().config()),
                    "saccade.stats", COMPACT.writeValueAsString(trainer.policy().stats())));
            SafeTensors.write(tmp.resolve(OPTIMIZER), trainer.optimizer().moments(), Map.of("format", "saccade-adamw"));
            if (trainer.policy().encoder() instanceof ConvPatchEncoder c) {
                c.save(tmp.resolve(CONV_ENCODER));
            } else if (trainer.policy().encoder() instanceof TorchScriptEncoder t) {
                Files.copy(t.source(), tmp.resolve(TORCHSCRIPT_ENCODER), StandardCopyOption.REPLACE_EXISTING);
            }
            AtomicFiles.writeString(tmp.resolve(STATE), JSON.writeValueAsString(state));
            if (runRecord != null) {
                Files.copy(runRecord, tmp.resolve(RUN_RECORD), StandardCopyOption.REPLACE_EXISTING);
            }
        });
    }

    /** Reads a checkpoint's {@code state.json}. */
    public static State readState(Path dir) throws IOException {
        Path file = dir.resolve(STATE);
        if (!Files.isRegularFile(file)) {
            throw new InputException(dir, "not a checkpoint: no " + STATE);
        }
        State s;
        try {
            s = JSON.readValue(file.toFile(), State.class);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new InputException(file, "not a valid checkpoint state: " + e.getOriginalMessage(), e);
        }
        if (s.format() != FORMAT) {
            throw new InputException(file, "checkpoint format " + s.format() + ", this Saccade reads format " + FORMAT);
        }
        return s;
    }

    /** The encoder stored in a checkpoint. */
    public static TokenEncoder readEncoder(Path dir, State state, NDManager manager) throws IOException {
        return switch (state.encoder()) {
            case "conv" -> ConvPatchEncoder.load(dir.resolve(CONV_ENCODER), manager);
            case "torchscript" -> TorchScriptEncoder.load(dir.resolve(TORCHSCRIPT_ENCODER), state.policy().imageSize());
            default -> throw new InputException(dir.resolve(STATE), "unknown encoder kind '" + state.encoder() + "'");
        };
    }

    /** A trainer that continues exactly where the checkpoint in {@code dir} left off. */
    public static BcRl resume(Path dir, HandReward reward, NDManager parent) throws IOException {
        State s = readState(dir);
        TokenEncoder encoder = readEncoder(dir, s, parent);
        BcRl trainer = new BcRl(s.config(), s.policy(), s.stats(), encoder, reward, parent);
        try {
            Path model = dir.resolve(MODEL);
            trainer.model().params().load(SafeTensors.read(model).tensors(), model);
            Path opt = dir.resolve(OPTIMIZER);
            trainer.optimizer().load(SafeTensors.read(opt).tensors(), s.optimizerSteps(), opt);
            trainer.restore(s.iteration(), s.envSteps(), s.rngState());
            return trainer;
        } catch (RuntimeException | IOException e) {
            trainer.close();
            throw e;
        }
    }

    /** The policy stored in a checkpoint, for inference (it owns its model and encoder). */
    public static Policy loadPolicy(Path dir, NDManager parent, long seed) throws IOException {
        return loadPolicy(dir, parent, seed, Policy.Forward.FUSED);
    }

    /** {@link #loadPolicy(Path, NDManager, long)} computing its steps by {@code forward} (benchmarks compare the two). */
    public static Policy loadPolicy(Path dir, NDManager parent, long seed, Policy.Forward forward) throws IOException {
        State s = readState(dir);
        TokenEncoder encoder = readEncoder(dir, s, parent);
        Fort model = new Fort(s.policy(), parent, 0);
        try {
            Path file = dir.resolve(MODEL);
            model.params().load(SafeTensors.read(file).tensors(), file);
            return new Policy(model, encoder, s.stats(), seed, true, forward);
        } catch (RuntimeException | IOException e) {
            model.close();
            encoder.close();
            throw e;
        }
    }

    /**
     * Starts a trainer's eye from another run's (visual-search pretraining, the original's
     * {@code --load-eye-weights-from}): every eye weight and the task embedding, except the critic,
     * whose values were learnt for another reward. Returns the number of tensors copied.
     */
    public static int loadEye(BcRl trainer, Path checkpointDir) throws IOException {
        Path file = checkpointDir.resolve(MODEL);
        Map<String, HostTensor> source = SafeTensors.read(file).tensors();
        Map<String, HostTensor> weights = trainer.model().params().toHost();
        int copied = 0;
        for (Map.Entry<String, HostTensor> e : source.entrySet()) {
            String name = e.getKey();
            boolean eye = (name.startsWith("eye.") && !name.startsWith(Fort.CRITIC_PREFIX)) || name.equals("embed.task");
            if (!eye) {
                continue;
            }
            HostTensor mine = weights.get(name);
            if (mine == null || !java.util.Arrays.equals(mine.shape(), e.getValue().shape())) {
                throw new InputException(file, "tensor '" + name + "' does not fit this policy (another configuration?)");
            }
            weights.put(name, e.getValue());
            copied++;
        }
        if (copied == 0) {
            throw new InputException(file, "holds no eye weights");
        }
        trainer.model().params().load(weights, file);
        return copied;
    }

    // ---------------------------------------------------------------- run directories

    /**
     * Writes checkpoint {@code runDir/checkpoints/<iteration>}, points {@code latest} at it, prunes old
     * ones. The directory appears whole (renamed into place) before {@code latest} names it, so a kill
     * at any moment leaves {@code latest} naming a complete checkpoint. A kill between the two leaves
     * this iteration's directory unnamed: the resumed run redoes the iteration and replaces it here.
     */
    public static Path save(BcRl trainer, Path runDir) throws IOException {
        Path root = runDir.resolve("checkpoints");
        String name = String.format("%08d", trainer.iteration());
        Path dir = root.resolve(name);
        Path record = runDir.resolve(RUN_RECORD);
        if (Files.isDirectory(dir) && !name.equals(latestName(root))) {
            AtomicFiles.deleteRecursively(dir); // left by a save killed before latest named it; latest still names a whole one
        }
        write(trainer, dir, Files.isRegularFile(record) ? record : null);
        AtomicFiles.writeString(root.resolve("latest"), name + "\n");
        prune(root, name);
        return dir;
    }

    /** Writes {@code RUN/run.json} (atomically); the next checkpoint takes a copy. */
    public static void writeRunRecord(Path runDir, RunRecord record) throws IOException {
        AtomicFiles.writeString(runDir.resolve(RUN_RECORD), JSON.writeValueAsString(record) + "\n");
    }

    /**
     * The run record in {@code dir} (a checkpoint or a run directory); empty for runs written before
     * runs kept one.
     */
    public static java.util.Optional<RunRecord> readRunRecord(Path dir) throws IOException {
        Path file = dir.resolve(RUN_RECORD);
        if (!Files.isRegularFile(file)) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(JSON.readValue(file.toFile(), RunRecord.class));
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new InputException(file, "not a valid run record: " + e.getOriginalMessage(), e);
        }
    }

    /** The newest checkpoint of a run, as named by {@code checkpoints/latest}. */
    public static Path latest(Path runDir) throws IOException {
        Path pointer = runDir.resolve("checkpoints").resolve("latest");
        if (!Files.isRegularFile(pointer)) {
            throw new InputException(runDir, "no checkpoint to resume from (checkpoints/latest is missing)");
        }
        Path dir = pointer.resolveSibling(Files.readString(pointer).trim());
        if (!Files.isDirectory(dir)) {
            throw new InputException(pointer, "points at missing checkpoint " + dir.getFileName());
        }
        return dir;
    }

    /** The name {@code checkpoints/latest} holds, or null. */
    private static String latestName(Path root) throws IOException {
        Path pointer = root.resolve("latest");
        return Files.isRegularFile(pointer) ? Files.readString(pointer).trim() : null;
    }

    private static void prune(Path root, String newest) throws IOException {
        // Temporaries of checkpoints and pointers whose writing was killed (AtomicFiles' ".NNNNNNNN.*", ".latest.*"): the one
        // writer of this run has finished its own, so any left are dead.
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root, p -> p.getFileName().toString().matches("\\.(\\d{8}|latest)\\..*"))) {
            for (Path p : ds) {
                AtomicFiles.deleteRecursively(p);
            }
        }
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root, p -> Files.isDirectory(p) && p.getFileName().toString().matches("\\d{8}"))) {
            for (Path p : ds) {
                names.add(p.getFileName().toString());
            }
        }
        names.sort(null);
        for (int i = 0; i < names.size() - KEEP; i++) {
            if (!names.get(i).equals(newest)) {
                AtomicFiles.deleteRecursively(root.resolve(names.get(i)));
            }
        }
    }
}
