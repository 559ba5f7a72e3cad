package dev.saccade.cli;

import ai.djl.ndarray.NDManager;
import dev.saccade.core.AtomicFiles;
import dev.saccade.core.Durations;
import dev.saccade.core.InputException;
import dev.saccade.core.Progress;
import dev.saccade.gym.demo.DatasetDemonstrations;
import dev.saccade.gym.demo.Demonstrations;
import dev.saccade.gym.demo.FrameSupply;
import dev.saccade.gym.demo.ToyDemonstrations;
import dev.saccade.gym.envs.DemoEyeGym;
import dev.saccade.gym.envs.VisualSearchGym;
import dev.saccade.gym.eye.EyeCamera;
import dev.saccade.gym.eye.EyeObservation;
import dev.saccade.gym.reward.HandReward;
import dev.saccade.gym.vector.VectorEnv;
import dev.saccade.learn.encoder.AnnotatedCrops;
import dev.saccade.learn.encoder.ConvPatchEncoder;
import dev.saccade.learn.encoder.EncoderPretraining;
import dev.saccade.learn.encoder.TokenEncoder;
import dev.saccade.learn.encoder.TorchScriptEncoder;
import dev.saccade.learn.policy.ActionStats;
import dev.saccade.learn.policy.PolicyConfig;
import dev.saccade.learn.train.BcRl;
import dev.saccade.learn.train.BcRlConfig;
import dev.saccade.learn.train.Checkpoint;
import dev.saccade.learn.train.DatasetStats;
import dev.saccade.learn.train.GymSource;
import dev.saccade.sphere.render.MipChain;
import dev.saccade.sphere.render.PyramidSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code saccade train}: BC-RL of the hand and the eye on a dataset's demonstrations (docs/LEARNING.md). */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train the hand (behaviour cloning) and the eye (PPO on the hand's error) together in DemoEyeGym. "
                + "Writes RUN/checkpoints/ (resumable, weights as safetensors) and RUN/metrics.csv.")
final class TrainCommand implements Callable<Integer> {
    @Mixin
    Options flags;

    @Option(names = "--eye-from", description = "Start the eye from a train-search run directory (its latest checkpoint).")
    Path eyeFrom;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return Run.run(Run.Mode.BC_RL, flags.settings(eyeFrom), spec.commandLine().getOut());
    }

    /** The flags {@code saccade train} and {@code saccade train-search} share (a picocli mixin). */
    static final class Options {
        /** Where the demonstrations come from: a dataset, or generated toy ones. */
        static final class Source {
            @Option(names = "--dataset", description = "A Saccade (LeRobot v3) dataset directory.")
            Path dataset;

            @Option(names = "--toy", description = "Train on N generated toy demonstrations instead (smoke runs, no dataset needed).")
            Integer toy;
        }

        @ArgGroup(exclusive = true, multiplicity = "1")
        Source source;

        @Option(names = "--out", required = true, description = "Run directory: checkpoints/, metrics.csv.")
        Path out;

        @Option(names = "--episodes", description = "Train on these episodes of the dataset only, FROM:TO (TO excluded), e.g. 0:50; "
                + "the rest can be held out for 'saccade train-eval'.")
        String episodes;

        @Option(names = "--config", description = "JSON file of training settings (any subset of BcRlConfig's names, see docs/LEARNING.md).")
        Path config;

        @Option(names = "--steps", description = "Env steps to train for (overrides the config's totalEnvSteps).")
        Long steps;

        @Option(names = "--budget", description = "Stop after this wall time (e.g. 15m, 1h30m) with a checkpoint; --resume continues.")
        String budget;

        @Option(names = "--resume", description = "Continue the run in --out from its latest checkpoint, exactly.")
        boolean resume;

        @Option(names = "--encoder", description = "A frozen encoder: a .safetensors file of Saccade's conv encoder, or a TorchScript .pt module.")
        Path encoder;

        @Option(names = "--pretrain-steps", defaultValue = "600",
                description = "Without --encoder: steps of encoder pretraining on annotated crops (default ${DEFAULT-VALUE}; 0: none).")
        int pretrainSteps;

        @Option(names = "--envs", description = "Parallel episodes per iteration (default from the config: 6).")
        Integer envs;

        @Option(names = "--threads", defaultValue = "2", description = "Threads stepping the environments (default ${DEFAULT-VALUE}).")
        int threads;

        @Option(names = "--rollout-threads", defaultValue = "1",
                description = "PyTorch intra-op threads while collecting rollouts (default ${DEFAULT-VALUE}: batch-1 steps gain nothing from more).")
        int rolloutThreads;

        @Option(names = "--update-threads", defaultValue = "2",
                description = "PyTorch intra-op threads during updates (default ${DEFAULT-VALUE}).")
        int updateThreads;

        @Option(names = "--cache-mb", defaultValue = "2048", description = "Decoded-frame cache bound in MiB (default ${DEFAULT-VALUE}).")
        long cacheMb;

        @Option(names = "--seed", defaultValue = "1", description = "Seed of weights, sampling and episodes (default ${DEFAULT-VALUE}).")
        long seed;

        /** Checks the flags and turns them into the runner's options. */
        Run.Settings settings(Path eyeFrom) {
            if (source.toy != null) {
                Flags.requireRange("--toy", source.toy, 1, 10_000);
            }
            if (steps != null) {
                Flags.requireRange("--steps", steps, 1, Long.MAX_VALUE / 2);
            }
            if (envs != null) {
                Flags.requireRange("--envs", envs, 1, 1024);
            }
            Flags.requireRange("--threads", threads, 1, 256);
            Flags.requireRange("--rollout-threads", rolloutThreads, 1, 256);
            Flags.requireRange("--update-threads", updateThreads, 1, 256);
            Flags.requireRange("--cache-mb", cacheMb, 16, 1L << 20);
            Flags.requireRange("--pretrain-steps", pretrainSteps, 0, 10_000_000);
            java.time.Duration limit = null;
            if (budget != null) {
                try {
                    limit = Durations.parse(budget, "--budget");
                } catch (dev.saccade.core.InputException e) {
                    throw new Flags.BadFlag(e.getMessage());
                }
            }
            if (resume && (config != null || encoder != null || eyeFrom != null || steps != null)) {
                throw new Flags.BadFlag("--resume continues a run with its own settings; drop --config, --steps, --encoder and --eye-from");
            }
            int[] range = episodes == null ? null : EpisodeRange.parse("--episodes", episodes);
            return new Run.Settings(source.dataset, source.toy == null ? 0 : source.toy, range, config, steps == null ? 0 : steps,
                    limit, out, resume, encoder, pretrainSteps, eyeFrom, envs, threads, rolloutThreads, updateThreads, cacheMb, seed);
        }
    }

    /**
     * What {@code saccade train} and {@code saccade train-search} share: demonstrations, the vector of
     * EyeGyms, the encoder (given, or pretrained here on annotated crops), a fresh or resumed trainer,
     * the progress bar, {@code RUN/metrics.csv} and the closing summary.
     */
    static final class Run {
        /** BC-RL of hand and eye, or visual-search pretraining of the eye alone. */
        enum Mode { BC_RL, SEARCH }

        /** The flags, checked. */
        record Settings(Path dataset, int toy, int[] episodes, Path config, long steps, Duration budget, Path out, boolean resume,
                       Path encoder, int pretrainSteps, Path eyeFrom, Integer envs, int threads, int rolloutThreads,
                       int updateThreads, long cacheMb, long seed) {}

        private static final String HEADER = "iteration,env_steps,seconds,reward,bc_loss,policy_loss,value_loss,entropy,"
                + "approx_kl,clip_fraction,explained_variance,epochs,lr_factor,entropy_coef,collect_s,update_s";

        private Run() {}

        static int run(Mode mode, Settings o, PrintWriter out) throws IOException {
            if (o.resume()) {
                Checkpoint.latest(o.out()); // fails early, naming the run, if there is nothing to resume
            } else if (Files.exists(o.out()) && !AtomicFiles.isEmptyDirectory(o.out())) {
                throw new InputException(o.out(), "already exists and is not empty (use --resume to continue that run)");
            }
            PolicyConfig policy = PolicyConfig.defaults();
            PyramidSpec pyramid = PyramidSpec.pinholeDegrees(policy.imageSize(), policy.fieldsOfViewDeg());
            try (Demonstrations demos = EpisodeRange.open(o.dataset(), o.toy(), o.episodes(), o.seed());
                 FrameSupply<MipChain> frames = EyeCamera.supply(demos, o.cacheMb() << 20, 1);
                 NDManager root = NDManager.newBaseManager()) {
                if (demos.episodes().isEmpty()) {
                    throw new InputException(o.dataset(), "holds no episodes");
                }
                DemoEyeGym.Config demoGym = DemoEyeGym.Config.DEFAULT.withPyramid(pyramid);
                VisualSearchGym.Config searchGym = VisualSearchGym.Config.DEFAULT.withPyramid(pyramid);
                BcRl trainer;
                if (o.resume()) {
                    Path latest = Checkpoint.latest(o.out());
                    trainer = Checkpoint.resume(latest, HandReward.CHAMFER, root);
                    out.println("resuming " + latest + " at iteration " + trainer.iteration() + ", " + trainer.envSteps() + " env steps");
                } else {
                    BcRlConfig config = config(mode, o, demoGym, searchGym);
                    TokenEncoder encoder = encoder(o, policy, demos, frames, demoGym, root, out);
                    ActionStats stats = DatasetStats.of(demos.episodes(), policy.chunk());
                    trainer = new BcRl(config, policy, stats, encoder, HandReward.CHAMFER, root);
                    if (o.eyeFrom() != null) {
                        int n = Checkpoint.loadEye(trainer, Checkpoint.latest(o.eyeFrom()));
                        out.println("eye starts from " + o.eyeFrom() + " (" + n + " tensors)");
                    }
                }
                trainer.setThreads(o.rolloutThreads(), o.updateThreads());
            try (trainer;
                     VectorEnv<EyeObservation, Integer> envs = VectorEnv.of(trainer.config().envs(), o.threads(),
                             i -> mode == Mode.SEARCH ? new VisualSearchGym(frames, searchGym.withMaxSteps(trainer.config().steps()))
                                     : new DemoEyeGym(frames, demoGym, Optional.empty()))) {
                    return loop(mode, trainer, new GymSource(envs, policy.chunk(), policy.joints()), o, out);
                }
            }
        }

        /** The training settings: a checkpoint's, or the defaults, the config file, then the flags. */
        private static BcRlConfig config(Mode mode, Settings o, DemoEyeGym.Config demoGym, VisualSearchGym.Config searchGym)
                throws IOException {
            BcRlConfig c = o.config() != null ? BcRlConfig.read(o.config()) : BcRlConfig.defaults();
            Map<String, Object> set = new HashMap<>();
            set.put("seed", o.seed());
            if (o.envs() != null) {
                set.put("envs", o.envs());
            }
            if (o.steps() > 0) {
                set.put("totalEnvSteps", o.steps());
            }
            if (mode == Mode.SEARCH) {
                // The original's AVP stage: the eye alone, rewarded by the environment, 100-step episodes.
                set.put("rewardFrom", "ENV");
                set.put("bcCoef", 0.0);
                set.put("steps", searchGym.maxSteps());
            } else {
                set.put("rewardFrom", "HAND");
                set.put("steps", demoGym.searchSteps() + demoGym.advanceSteps()); // one row = one whole episode
            }
            int envs = o.envs() != null ? o.envs() : c.envs();
            set.put("minibatches", Math.min(c.minibatches(), envs));
            return c.with(set);
        }

        /** The encoder: from a file, from the --eye-from run, or a new one pretrained on annotated crops of these demonstrations. */
        private static TokenEncoder encoder(Settings o, PolicyConfig policy, Demonstrations demos, FrameSupply<MipChain> frames,
                                            DemoEyeGym.Config gym, NDManager root, PrintWriter out) throws IOException {
            if (o.encoder() == null && o.eyeFrom() != null) {
                // The eye was trained on that run's tokens: keep its encoder.
                Path from = Checkpoint.latest(o.eyeFrom());
                out.println("encoder: the one of " + from);
                return Checkpoint.readEncoder(from, Checkpoint.readState(from), root);
            }
            if (o.encoder() != null) {
                String name = o.encoder().getFileName().toString();
                TokenEncoder e = name.endsWith(".pt") ? TorchScriptEncoder.load(o.encoder(), policy.imageSize())
                        : ConvPatchEncoder.load(o.encoder(), root);
                if (e.tokensPerLevel() != policy.tokensPerLevel() || e.dim() != policy.encoderDim()) {
                    int tokens = e.tokensPerLevel();
                    int dim = e.dim();
                    e.close();
                    throw new InputException(o.encoder(), "gives " + tokens + " tokens of " + dim + " per level; the policy takes "
                            + policy.tokensPerLevel() + " of " + policy.encoderDim());
                }
                return e;
            }
            ConvPatchEncoder e = new ConvPatchEncoder(ConvPatchEncoder.Config.defaults(), root, o.seed());
            boolean annotated = demos.episodes().stream().allMatch(d -> d.annotated());
            if (o.pretrainSteps() == 0 || !annotated) {
                out.println(annotated ? "encoder: not pretrained (--pretrain-steps 0)"
                        : "encoder: not pretrained (the demonstrations carry no annotations)");
                return e;
            }
            List<EncoderPretraining.Sample> crops;
            try (VectorEnv<EyeObservation, Integer> envs = VectorEnv.of(4, o.threads(), i -> new DemoEyeGym(frames, gym, Optional.empty()))) {
                crops = AnnotatedCrops.collect(envs, Math.min(1200, 16 * o.pretrainSteps()), policy.fieldsOfViewDeg(), policy.imageSize(), o.seed() + 17);
            }
            try (EncoderPretraining pre = new EncoderPretraining(e, AnnotatedCrops.KINDS.size(), o.seed());
                 Progress progress = new Progress("pretrain encoder", o.pretrainSteps(), "steps")) {
                EncoderPretraining.Report r = pre.train(crops,
                        new EncoderPretraining.Config(o.pretrainSteps(), 64, 2e-3, 0.01, o.seed()), progress);
                EncoderPretraining.Metrics m = pre.evaluate(crops.subList(0, Math.min(600, crops.size())));
                out.printf(Locale.ROOT, "encoder: pretrained %d steps on %d crops, loss %.3f → %.3f; hits object %.0f %%, target %.0f %%, gripper %.0f %%%n",
                        r.steps(), crops.size(), r.firstLoss(), r.lastLoss(), 100 * m.hitRate()[0], 100 * m.hitRate()[1], 100 * m.hitRate()[2]);
            }
            return e;
        }

        private static int loop(Mode mode, BcRl trainer, GymSource source, Settings o, PrintWriter out) throws IOException {
            long start = System.nanoTime();
            long stepsAtStart = trainer.envSteps();
            long budgetNanos = o.budget() == null ? Long.MAX_VALUE : o.budget().toNanos();
            List<String> rows = existingMetrics(o.out(), trainer.iteration());
            List<BcRl.IterationStats> seen = new ArrayList<>();
            long total = trainer.config().totalEnvSteps();
            String label = mode == Mode.SEARCH ? "train-search" : "train";
            try (Progress progress = new Progress(label, total, "steps")) {
                progress.advance(trainer.envSteps());
                trainer.run(source, o.out(), progress, s -> {
                    seen.add(s);
                    rows.add(row(s, (System.nanoTime() - start) / 1e9));
                    try {
                        AtomicFiles.writeString(o.out().resolve("metrics.csv"), HEADER + "\n" + String.join("\n", rows) + "\n");
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }, () -> System.nanoTime() - start < budgetNanos);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            out.printf(Locale.ROOT, "%s: %d iterations, %d env steps; this session %s, %.1f env steps/s%n", label, trainer.iteration(),
                    trainer.envSteps(), Progress.clockTime(seconds), (trainer.envSteps() - stepsAtStart) / Math.max(seconds, 1e-9));
            if (!seen.isEmpty()) {
                int k = Math.max(1, Math.min(5, seen.size() / 2));
                out.printf(Locale.ROOT, "reward per step: %.4f (first %d iterations) → %.4f (last %d)%n",
                        mean(seen.subList(0, k), true), k, mean(seen.subList(seen.size() - k, seen.size()), true), k);
                if (mode == Mode.BC_RL) {
                    out.printf(Locale.ROOT, "BC loss: %.4f → %.4f%n", mean(seen.subList(0, k), false), mean(seen.subList(seen.size() - k, seen.size()), false));
                }
            }
            out.println((trainer.finished() ? "finished; " : "stopped at the budget; resume with --resume; ") + "checkpoint "
                    + Checkpoint.latest(o.out()));
            out.println("metrics: " + o.out().resolve("metrics.csv"));
            out.flush();
            return 0;
        }

        private static double mean(List<BcRl.IterationStats> s, boolean reward) {
            return s.stream().mapToDouble(x -> reward ? x.meanReward() : x.update().bcLoss()).average().orElse(Double.NaN);
        }

        private static String row(BcRl.IterationStats s, double seconds) {
            BcRl.UpdateStats u = s.update();
            return String.format(Locale.ROOT, "%d,%d,%.1f,%.6f,%.6f,%.6f,%.6f,%.5f,%.6f,%.4f,%.4f,%d,%.5f,%.6f,%.2f,%.2f",
                    s.iteration(), s.envSteps(), seconds, s.meanReward(), u.bcLoss(), u.policyLoss(), u.valueLoss(), u.entropy(),
                    u.approxKl(), u.clipFraction(), s.explainedVariance(), u.epochs(), s.lrFactor(), s.entropyCoef(),
                    s.collectSeconds(), s.updateSeconds());
        }

        /** Rows of an earlier session up to the iteration a resumed run continues from. */
        private static List<String> existingMetrics(Path run, long upTo) throws IOException {
            List<String> rows = new ArrayList<>();
            Path f = run.resolve("metrics.csv");
            if (!Files.isRegularFile(f)) {
                return rows;
            }
            for (String line : Files.readAllLines(f)) {
                if (line.isBlank() || line.startsWith("iteration")) {
                    continue;
                }
                try {
                    if (Long.parseLong(line.substring(0, line.indexOf(','))) <= upTo) {
                        rows.add(line);
                    }
                } catch (RuntimeException e) {
                    throw new InputException(f, "not a metrics row: " + line);
                }
            }
            return rows;
        }
    }

    /**
     * A contiguous range of a source's episodes, as demonstrations of their own (to train on some
     * episodes and hold the others out). Closing it closes the source.
     */
    static final class EpisodeRange implements Demonstrations {
        private final Demonstrations source;
        private final List<dev.saccade.gym.demo.Demonstration> episodes;

        private EpisodeRange(Demonstrations source, int from, int to) {
            this.source = source;
            this.episodes = List.copyOf(source.episodes().subList(from, to));
        }

        /** The dataset at {@code dataset} (or {@code toy} generated episodes if it is null), restricted to {@code range}. */
        static Demonstrations open(Path dataset, int toy, int[] range, long seed) {
            Demonstrations all = dataset != null ? DatasetDemonstrations.open(dataset) : ToyDemonstrations.generate(toy, 256, seed);
            return of(all, range, dataset);
        }

        /** {@code source} restricted to {@code range = {from, to}}, or {@code source} itself if range is null. */
        static Demonstrations of(Demonstrations source, int[] range, Path file) {
            if (range == null) {
                return source;
            }
            int n = source.episodes().size();
            if (range[1] > n) {
                source.close();
                throw new InputException(file, "has " + n + " episodes; --episodes asks for " + range[0] + ":" + range[1]);
            }
            return new EpisodeRange(source, range[0], range[1]);
        }

        /** Parses FROM:TO with 0 ≤ FROM < TO. */
        static int[] parse(String flag, String text) {
            String[] parts = text.split(":", -1);
            try {
                int from = Integer.parseInt(parts[0].trim());
                int to = Integer.parseInt(parts[1].trim());
                if (parts.length == 2 && from >= 0 && to > from) {
                    return new int[] {from, to};
                }
            } catch (RuntimeException e) {
                // reported below
            }
            throw new Flags.BadFlag(flag + " must be FROM:TO with 0 <= FROM < TO, got '" + text + "'");
        }

        @Override
        public List<dev.saccade.gym.demo.Demonstration> episodes() {
            return episodes;
        }

        @Override
        public dev.saccade.sphere.EquirectFrame decode(dev.saccade.gym.demo.Demonstration episode, int frame) {
            return source.decode(episode, frame);
        }

        @Override
        public void close() {
            source.close();
        }
    }
}
