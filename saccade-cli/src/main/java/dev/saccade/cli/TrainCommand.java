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
import dev.saccade.gym.eye.GazeLimits;
import dev.saccade.gym.policy.OracleGaze;
import dev.saccade.gym.reward.HandReward;
import dev.saccade.gym.rollout.Baselines;
import dev.saccade.gym.rollout.GazeRegime;
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
import dev.saccade.learn.train.FrameWarmup;
import dev.saccade.learn.train.GymSource;
import dev.saccade.learn.train.TrainingGym;
import dev.saccade.gym.policy.GazePolicy;
import java.util.function.Supplier;
import dev.saccade.learn.train.IterationStats;
import dev.saccade.learn.train.UpdateStats;
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

        @Option(names = "--config", description = "JSON file of training settings by group, e.g. {\"ppo\": {\"epochs\": 3}} (groups run, ppo, bc, "
                + "optimiser, schedule, teacher, stages; any subset of their keys; see docs/LEARNING.md).")
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

        @Option(names = "--envs", description = "Parallel episodes per iteration (default from the config).")
        Integer envs;

        @Option(names = "--search-steps", description = "BC-RL only: env steps of the search stage first, in which the eye is rewarded "
                + "for looking at the relevant thing (clamp(1 - angle/50°, 0, 1), from the annotations) while the hand learns by BC; "
                + "then the hand's reward takes over (default from the config; 0: BC-RL from scratch).")
        Long searchSteps;

        @Option(names = "--imitation", description = "BC-RL only: weight of the eye's imitation of the scripted oracle (DAgger: "
                + "cross-entropy against the oracle's action in the states the eye visits, decayed to 0 over the config's "
                + "imitationEnvSteps; default from the config; 0: none, the eye learns from the hand's reward alone).")
        Double imitation;

        @Option(names = "--gaze", defaultValue = "learned",
                description = "learned (default): the eye learns. random, fixed, best-fixed, oracle or follow: that baseline eye drives the gaze "
                        + "and only the hand learns (BC under a fixed gaze regime).")
        String gaze;

        @Option(names = "--view", defaultValue = "foveated",
                description = "foveated (default: 3 levels of 64² at 17.3°/62.3°/116°, 16 tokens each) or uniform "
                        + "(the ablation: one 116° level of 112², 49 tokens).")
        String view;

        @Option(names = "--eye-window", description = "Steps the eye remembers, the current one included (default "
                + Run.EYE_WINDOW + "; the original's 10; 1: no memory, the eye acts on what it sees now and where it looks).")
        Integer eyeWindow;

        @Option(names = "--start-stride", defaultValue = "2",
                description = "Episodes start on multiples of this frame (default ${DEFAULT-VALUE}: with GOP-2 video every frame asked for is a "
                        + "keyframe, and episodes visit half the frames).")
        int startStride;

        @Option(names = "--no-preload", negatable = false,
                description = "Do not decode every frame episodes can visit into the cache before training.")
        boolean noPreload;

        @Option(names = "--threads", defaultValue = "2", description = "Threads stepping the environments (default ${DEFAULT-VALUE}).")
        int threads;

        @Option(names = "--rollout-threads", defaultValue = "1",
                description = "PyTorch intra-op threads while collecting rollouts (default ${DEFAULT-VALUE}: batch-1 steps gain nothing from more).")
        int rolloutThreads;

        @Option(names = "--update-threads", defaultValue = "2",
                description = "PyTorch intra-op threads during updates (default ${DEFAULT-VALUE}).")
        int updateThreads;

        @Option(names = "--cache-mb", description = "Decoded-frame cache bound in MiB (default: every frame episodes can visit, "
                + "within the JVM's heap less 2 GiB).")
        Long cacheMb;

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
            if (cacheMb != null) {
                Flags.requireRange("--cache-mb", cacheMb, 16, 1L << 30);
            }
            Flags.requireRange("--start-stride", startStride, 1, 1000);
            if (searchSteps != null) {
                Flags.requireRange("--search-steps", searchSteps, 0, Long.MAX_VALUE / 2);
            }
            GazeRegime regime = GazeRegime.trainable().stream().filter(g -> g.cliName().equals(gaze)).findFirst()
                    .orElseThrow(() -> new Flags.BadFlag("--gaze must be one of " + GazeRegime.names(GazeRegime.trainable())
                            + ", got '" + gaze + "'"));
            if (!view.equals("foveated") && !view.equals("uniform")) {
                throw new Flags.BadFlag("--view must be foveated or uniform, got '" + view + "'");
            }
            if (eyeWindow != null) {
                Flags.requireRange("--eye-window", eyeWindow, 1, 64);
            }
            if (imitation != null && !(imitation >= 0 && imitation <= 1e6)) {
                throw new Flags.BadFlag("--imitation must be a weight in [0, 1e6], got " + imitation);
            }
            if (!gaze.equals("learned") && (eyeFrom != null || (searchSteps != null && searchSteps > 0) || (imitation != null && imitation > 0))) {
                throw new Flags.BadFlag("--gaze " + gaze + " trains the hand alone; drop --eye-from, --search-steps and --imitation");
            }
            Flags.requireRange("--pretrain-steps", pretrainSteps, 0, 10_000_000);
            java.time.Duration limit = null;
            if (budget != null) {
                try {
                    limit = Durations.parse(budget, "--budget");
                } catch (dev.saccade.core.InputException e) {
                    throw new Flags.BadFlag(e.getMessage());
                }
            }
            if (resume && (config != null || encoder != null || eyeFrom != null || steps != null || searchSteps != null
                    || imitation != null || !gaze.equals("learned") || !view.equals("foveated") || eyeWindow != null)) {
                throw new Flags.BadFlag("--resume continues a run with its own settings; drop --config, --steps, --search-steps, "
                        + "--imitation, --encoder, --eye-from, --gaze, --view and --eye-window");
            }
            int[] range = episodes == null ? null : EpisodeRange.parse("--episodes", episodes);
            return new Run.Settings(
                    new Run.Data(source.dataset, source.toy == null ? 0 : source.toy, range, startStride, !noPreload, cacheMb),
                    new Run.Model(view, eyeWindow == null ? Run.EYE_WINDOW : eyeWindow, encoder, pretrainSteps, eyeFrom),
                    new Run.Schedule(config, steps == null ? 0 : steps, limit, envs, searchSteps, imitation, regime),
                    new Run.Threads(threads, rolloutThreads, updateThreads), out, resume, seed);
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

        /** The flags, checked, by concern. */
        record Settings(Data data, Model model, Schedule schedule, Threads threads, Path out, boolean resume, long seed) {}

        /** Where the demonstrations come from and how their frames are kept. */
        record Data(Path dataset, int toy, int[] episodes, int startStride, boolean preload, Long cacheMb) {}

        /** The policy's view and memory, and where its encoder and eye start from. */
        record Model(String view, int eyeWindow, Path encoder, int pretrainSteps, Path eyeFrom) {}

        /** What is trained and for how long: config, length, envs, the eye's stages and its gaze. */
        record Schedule(Path config, long steps, Duration budget, Integer envs, Long searchSteps, Double imitation, GazeRegime gaze) {}

        /** Threads stepping the environments, and PyTorch's intra-op threads while collecting and updating. */
        record Threads(int environments, int rollout, int update) {}

        private static final String HEADER = "iteration,env_steps,seconds,stage,reward,hand_error_m,fovea_hits,bc_loss,policy_loss,"
                + "value_loss,entropy,approx_kl,clip_fraction,explained_variance,epochs,bc_steps,lr_factor,entropy_coef,collect_s,update_s,"
                + "expert_agreement,imitation_coef,imitation_loss";

        private Run() {}

        static int run(Mode mode, Settings o, PrintWriter out) throws IOException {
            long start = System.nanoTime(); // --budget counts every stage: frames, encoder, training
            Checkpoint.State resumed = null;
            if (o.resume()) {
                resumed = Checkpoint.readState(Checkpoint.latest(o.out())); // fails early, naming the run, if there is nothing to resume
            } else if (Files.exists(o.out()) && !AtomicFiles.isEmptyDirectory(o.out())) {
                throw new InputException(o.out(), "already exists and is not empty (use --resume to continue that run)");
            }
            PolicyConfig policy = resumed != null ? resumed.policy()
                    : (o.model().view().equals("uniform") ? PolicyConfig.uniformView() : PolicyConfig.defaults()).withWindow(o.model().eyeWindow());
            PyramidSpec pyramid = PyramidSpec.pinholeDegrees(policy.imageSize(), policy.fieldsOfViewDeg());
            DemoEyeGym.Config demoGym = DemoEyeGym.Config.DEFAULT.withPyramid(pyramid).withStartStride(o.data().startStride());
            VisualSearchGym.Config searchGym = VisualSearchGym.Config.DEFAULT.withPyramid(pyramid);
            // What can be checked without the frames is checked before loading them: a bad config
            // or path should fail in a second, not after minutes of decoding.
            BcRlConfig config = null; // a resumed run takes its checkpoint's
            if (resumed == null) {
                config = config(mode, o.schedule(), o.seed(), demoGym, searchGym);
                checkStartingPoints(o.model());
            }
            try (Demonstrations demos = EpisodeRange.open(o.data().dataset(), o.data().toy(), o.data().episodes(), o.seed())) {
                if (demos.episodes().isEmpty()) {
                    throw new InputException(o.data().dataset(), "holds no episodes");
                }
                long cacheBytes = cacheBytes(o.data(), demos, out);
                try (FrameSupply<MipChain> frames = EyeCamera.supply(demos, cacheBytes, 1);
                     NDManager root = NDManager.newBaseManager()) {
                    if (o.data().preload()) {
                        preload(frames, demos, o.data().startStride(), cacheBytes, out);
                    }
                    BcRl trainer;
                    if (o.resume()) {
                        Path latest = Checkpoint.latest(o.out());
                        trainer = Checkpoint.resume(latest, HandReward.CHAMFER, root);
                        out.println("resuming " + latest + " at iteration " + trainer.iteration() + ", " + trainer.envSteps() + " env steps");
                    } else {
                        TokenEncoder encoder = encoder(o, policy, frames, demoGym, root, out);
                        ActionStats stats = DatasetStats.of(demos.episodes(), policy.chunk());
                        trainer = new BcRl(config, policy, stats, encoder, HandReward.CHAMFER, root);
                        if (o.model().eyeFrom() != null) {
                            int n = Checkpoint.loadEye(trainer, Checkpoint.latest(o.model().eyeFrom()));
                            out.println("eye starts from " + o.model().eyeFrom() + " (" + n + " tensors)");
                        }
                    }
                    trainer.setThreads(o.threads().rollout(), o.threads().update());
                    BcRlConfig c = trainer.config();
                    GazeLimits limits = mode == Mode.SEARCH ? searchGym.limits() : demoGym.limits();
                    Supplier<GazePolicy> baseline = c.trainEye() ? null : Baselines.of(c.stages().gaze(), demos.episodes(), pyramid, limits);
                    try (trainer;
                         VectorEnv<EyeObservation, Integer> envs = VectorEnv.of(c.run().envs(), o.threads().environments(),
                                 i -> TrainingGym.wrap(mode == Mode.SEARCH ? new VisualSearchGym(frames, searchGym.withMaxSteps(c.run().steps()))
                                         : new DemoEyeGym(frames, demoGym, Optional.empty()), c, baseline, limits))) {
                        GymSource source = new GymSource(envs, policy.chunk(), policy.joints());
                        return loop(mode, trainer, source, o, out, start);
                    }
                }
            }
        }

        /** Fails, naming it, on an --encoder that is not a file or an --eye-from run without a checkpoint. */
        private static void checkStartingPoints(Model model) throws IOException {
            if (model.encoder() != null && !Files.isRegularFile(model.encoder())) {
                throw new InputException(model.encoder(), "no such encoder file (--encoder takes a .safetensors or TorchScript .pt file)");
            }
            if (model.eyeFrom() != null && !Pipeline.hasCheckpoint(model.eyeFrom())) {
                throw new InputException(model.eyeFrom(), "has no checkpoint to start the eye from (--eye-from takes a training run's directory)");
            }
        }

        /**
         * The frame cache's bound: the flag's, or enough for every frame episodes can visit (frames on
         * multiples of the start stride) within the heap's old generation (where a cache lives; with
         * the parallel collector two thirds of the heap) less 2 GiB for everything else.
         */
        private static long cacheBytes(Data data, Demonstrations demos, PrintWriter out) {
            if (data.cacheMb() != null) {
                return data.cacheMb() << 20;
            }
            dev.saccade.gym.demo.Demonstration first = demos.episodes().get(0);
            long perFrame = MipChain.of(demos.decode(first, 0)).bytes();
            long frames = FrameWarmup.frameCount(demos.episodes(), data.startStride());
            long room = Math.max(256L << 20, oldGenerationMax() - (2L << 30));
            long want = frames * perFrame + perFrame * 16;
            if (want > room) {
                out.printf(Locale.ROOT, "frame cache: %d frames need %.1f GiB, the heap leaves room for %.1f GiB (%d frames); "
                        + "a larger heap (SACCADE_JAVA_OPTS=-Xmx...) or a smaller dataset avoids decoding during training%n",
                        frames, want / (double) (1L << 30), room / (double) (1L << 30), room / perFrame);
            }
            return Math.min(want, room);
        }

        /** The largest the heap's old generation may grow (the whole heap if the collector does not say). */
        private static long oldGenerationMax() {
            for (java.lang.management.MemoryPoolMXBean pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
                String name = pool.getName();
                if (pool.getType() == java.lang.management.MemoryType.HEAP && (name.contains("Old") || name.contains("Tenured"))
                        && pool.getUsage().getMax() > 0) {
                    return pool.getUsage().getMax();
                }
            }
            return Runtime.getRuntime().maxMemory();
        }

        /** Decodes every frame episodes can visit (as many as the cache holds) on all cores, with a progress bar. */
        private static void preload(FrameSupply<MipChain> frames, Demonstrations demos, int stride, long cacheBytes, PrintWriter out) {
            long all = FrameWarmup.frameCount(demos.episodes(), stride);
            long perFrame = Math.max(1, MipChain.of(demos.decode(demos.episodes().get(0), 0)).bytes());
            long limit = Math.min(all, cacheBytes / perFrame);
            long t0 = System.nanoTime();
            try (Progress progress = new Progress("load frames", limit, "frames")) {
                FrameWarmup.warm(frames, demos.episodes(), stride, limit, Runtime.getRuntime().availableProcessors(), progress);
            }
            out.printf(Locale.ROOT, "frames: %d of %d loaded in %.0f s (%.1f GiB)%n", limit, all, (System.nanoTime() - t0) / 1e9,
                    frames.stats().cachedBytes() / (double) (1L << 30));
        }

        /**
         * Saccade train's settings before the config file and flags: the original's (BcRlConfig.defaults())
         * resized for minutes on two cores (docs/LEARNING.md, "The recipe").
         */
        static BcRlConfig defaultTraining() {
            BcRlConfig original = BcRlConfig.defaults();
            return original
                    .withRun(r -> r.withEnvs(16).withTotalEnvSteps(150_000).withCheckpointEvery(10))
                    .withPpo(p -> p.withEpochs(2).withMinibatches(8).withTargetKl(0))
                    .withBc(b -> b.withEpochs(2).withMinibatch(64).withPausedSteps(true))
                    .withOptimiser(o -> o.withLearningRates(1e-3, 2e-3))
                    .withSchedule(s -> s.withWarmupFraction(0.02))
                    .withTeacher(BcRlConfig.TeacherSettings.oracle(1.0, 200_000, 0.5, 0));
        }

        /** The recipe's eye memory in steps (the original's 10; docs/LEARNING.md says why it differs). */
        static final int EYE_WINDOW = 10;

        /** The training settings: a checkpoint's, or the defaults, the config file, then the flags. */
        private static BcRlConfig config(Mode mode, Schedule schedule, long seed, DemoEyeGym.Config demoGym, VisualSearchGym.Config searchGym)
                throws IOException {
            BcRlConfig c = schedule.config() != null ? BcRlConfig.read(schedule.config(), defaultTraining()) : defaultTraining();
            int envs = schedule.envs() != null ? schedule.envs() : c.run().envs();
            // One row is one whole episode: the search gym's, or the demonstration gym's paused and advancing steps.
            int steps = mode == Mode.SEARCH ? searchGym.maxSteps() : demoGym.searchSteps() + demoGym.advanceSteps();
            long total = schedule.steps() > 0 ? schedule.steps() : c.run().totalEnvSteps();
            int minibatches = Math.min(c.ppo().minibatches(), envs);
            c = new BcRlConfig(new BcRlConfig.RunSettings(seed, envs, steps, total, c.run().checkpointEvery()),
                    c.ppo().withMinibatches(minibatches), c.bc(), c.optimiser(), c.schedule(), c.teacher(), c.stages());
            if (schedule.searchSteps() != null) {
                long search = schedule.searchSteps();
                c = c.withStages(g -> g.withSearchEnvSteps(search));
            }
            if (schedule.imitation() != null) {
                double w = schedule.imitation();
                BcRlConfig.TeacherSettings t = c.teacher();
                // --imitation 0: from scratch, no labels, so no roll-in mixing either.
                c = c.withTeacher(w == 0 ? BcRlConfig.TeacherSettings.NONE
                        : BcRlConfig.TeacherSettings.oracle(w, t.decayEnvSteps(), t.rollInShare(), t.temperatureDeg()));
            }
            if (schedule.gaze() != GazeRegime.LEARNED) {
                c = c.withTeacher(BcRlConfig.TeacherSettings.NONE).withStages(g -> g.withSearchEnvSteps(0).withGaze(schedule.gaze()));
            }
            if (mode == Mode.SEARCH) {
                // The original's AVP stage: the eye alone, rewarded by the environment, 100-step episodes.
                c = c.withBc(b -> b.withCoef(0)).withStages(g -> g.withRewardFrom(BcRlConfig.RewardFrom.ENV).withSearchEnvSteps(0));
            } else {
                c = c.withStages(g -> g.withRewardFrom(BcRlConfig.RewardFrom.HAND));
            }
            return c;
        }

        /** The encoder: from a file, from the --eye-from run, or a new one pretrained on annotated crops of these demonstrations. */
        private static TokenEncoder encoder(Settings o, PolicyConfig policy, FrameSupply<MipChain> frames,
                                            DemoEyeGym.Config gym, NDManager root, PrintWriter out) throws IOException {
            if (o.model().encoder() == null && o.model().eyeFrom() != null) {
                // The eye was trained on that run's tokens: keep its encoder.
                Path from = Checkpoint.latest(o.model().eyeFrom());
                out.println("encoder: the one of " + from);
                return Checkpoint.readEncoder(from, Checkpoint.readState(from), root);
            }
            if (o.model().encoder() != null) {
                String name = o.model().encoder().getFileName().toString();
                TokenEncoder e = name.endsWith(".pt") ? TorchScriptEncoder.load(o.model().encoder(), policy.imageSize())
                        : ConvPatchEncoder.load(o.model().encoder(), root);
                if (e.tokensPerLevel() != policy.tokensPerLevel() || e.dim() != policy.encoderDim() || e.imageSize() != policy.imageSize()) {
                    String got = e.tokensPerLevel() + " tokens of " + e.dim() + " per " + e.imageSize() + "-px level";
                    e.close();
                    throw new InputException(o.model().encoder(), "gives " + got + "; the policy takes " + policy.tokensPerLevel() + " of "
                            + policy.encoderDim() + " per " + policy.imageSize() + "-px level");
                }
                return e;
            }
            ConvPatchEncoder e = new ConvPatchEncoder(ConvPatchEncoder.Config.forGrid(policy.imageSize(), policy.grid(), policy.encoderDim()), root, o.seed());
            boolean annotated = frames.demonstrations().episodes().stream().allMatch(d -> d.annotated());
            if (o.model().pretrainSteps() == 0 || !annotated) {
                out.println(annotated ? "encoder: not pretrained (--pretrain-steps 0)"
                        : "encoder: not pretrained (the demonstrations carry no annotations)");
                return e;
            }
            // Crops aimed near the annotated things as well as anywhere: a small towel is rare in a random view.
            int observations = Math.min(PRETRAIN_OBSERVATIONS, 8 * o.model().pretrainSteps());
            List<EncoderPretraining.Sample> crops = AnnotatedCrops.sample(frames, policy.fieldsOfViewDeg(), policy.imageSize(),
                    gym.limits(), o.data().startStride(), observations, o.seed() + 17);
            List<EncoderPretraining.Sample> heldOut = AnnotatedCrops.sample(frames, policy.fieldsOfViewDeg(), policy.imageSize(),
                    gym.limits(), o.data().startStride(), 200, o.seed() + 18);
            try (EncoderPretraining pre = new EncoderPretraining(e, AnnotatedCrops.KINDS.size(), o.seed());
                 Progress progress = new Progress("pretrain encoder", o.model().pretrainSteps(), "steps")) {
                EncoderPretraining.Report r = pre.train(crops,
                        new EncoderPretraining.Config(o.model().pretrainSteps(), 64, 2e-3, 0.01, o.seed()), progress);
                EncoderPretraining.Metrics m = pre.evaluate(heldOut);
                out.printf(Locale.ROOT, "encoder: pretrained %d steps on %d crops, loss %.3f → %.3f; on %d held-out crops hits "
                                + "object %.0f %%, target %.0f %%, gripper %.0f %%%n",
                        r.steps(), crops.size(), r.firstLoss(), r.lastLoss(), heldOut.size(),
                        100 * m.hitRate()[0], 100 * m.hitRate()[1], 100 * m.hitRate()[2]);
            }
            return e;
        }

        /** Pyramids sampled for encoder pretraining (each gives one crop per level). */
        static final int PRETRAIN_OBSERVATIONS = 4000;

        private static int loop(Mode mode, BcRl trainer, GymSource source, Settings o, PrintWriter out, long start) throws IOException {
            long trainStart = System.nanoTime();
            long stepsAtStart = trainer.envSteps();
            long budgetNanos = o.schedule().budget() == null ? Long.MAX_VALUE : o.schedule().budget().toNanos();
            List<String> rows = existingMetrics(o.out(), trainer.iteration());
            List<IterationStats> seen = new ArrayList<>();
            long total = trainer.config().run().totalEnvSteps();
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
            double seconds = (System.nanoTime() - trainStart) / 1e9;
            out.printf(Locale.ROOT, "%s: %d iterations, %d env steps; training %s at %.1f env steps/s; whole command %s%n", label,
                    trainer.iteration(), trainer.envSteps(), Progress.clockTime(seconds),
                    (trainer.envSteps() - stepsAtStart) / Math.max(seconds, 1e-9), Progress.clockTime((System.nanoTime() - start) / 1e9));
            if (!seen.isEmpty()) {
                int k = Math.max(1, Math.min(5, seen.size() / 2));
                out.printf(Locale.ROOT, "reward per step: %.4f (first %d iterations) → %.4f (last %d)%n",
                        mean(seen.subList(0, k), true), k, mean(seen.subList(seen.size() - k, seen.size()), true), k);
                if (mode == Mode.BC_RL) {
                    List<IterationStats> first = seen.subList(0, k);
                    List<IterationStats> last = seen.subList(seen.size() - k, seen.size());
                    out.printf(Locale.ROOT, "BC loss: %.4f → %.4f; hand error %.2f → %.2f cm; relevant thing in the fovea %.1f %% → %.1f %%%n",
                            mean(first, UpdateStats::bcLoss), mean(last, UpdateStats::bcLoss),
                            100 * first.stream().mapToDouble(IterationStats::handError).filter(Double::isFinite).average().orElse(Double.NaN),
                            100 * last.stream().mapToDouble(IterationStats::handError).filter(Double::isFinite).average().orElse(Double.NaN),
                            100 * first.stream().mapToDouble(IterationStats::foveaHits).filter(Double::isFinite).average().orElse(Double.NaN),
                            100 * last.stream().mapToDouble(IterationStats::foveaHits).filter(Double::isFinite).average().orElse(Double.NaN));
                }
            }
            out.println((trainer.finished() ? "finished; " : "stopped at the budget; resume with --resume; ") + "checkpoint "
                    + Checkpoint.latest(o.out()));
            out.println("metrics: " + o.out().resolve("metrics.csv"));
            out.flush();
            return 0;
        }

        private static double mean(List<IterationStats> s, boolean reward) {
            return s.stream().mapToDouble(IterationStats::meanReward).average().orElse(Double.NaN);
        }

        private static double mean(List<IterationStats> s, java.util.function.ToDoubleFunction<UpdateStats> f) {
            return s.stream().mapToDouble(x -> f.applyAsDouble(x.update())).filter(Double::isFinite).average().orElse(Double.NaN);
        }

        private static String row(IterationStats s, double seconds) {
            UpdateStats u = s.update();
            return String.format(Locale.ROOT, "%d,%d,%.1f,%s,%.6f,%.5f,%.4f,%.6f,%.6f,%.6f,%.5f,%.6f,%.4f,%.4f,%d,%d,%.5f,%.6f,%.2f,%.2f,%.4f,%.4f,%.5f",
                    s.iteration(), s.envSteps(), seconds, s.search() ? "search" : "bcrl", s.meanReward(), s.handError(), s.foveaHits(),
                    u.bcLoss(), u.policyLoss(), u.valueLoss(), u.entropy(), u.approxKl(), u.clipFraction(), s.explainedVariance(),
                    u.epochs(), u.bcSteps(), s.lrFactor(), s.entropyCoef(), s.collectSeconds(), s.updateSeconds(), s.expertAgreement(),
                    s.imitationCoef(), u.imitationLoss());
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
