package dev.saccade.cli;

import ai.djl.ndarray.NDManager;
import dev.saccade.core.InputException;
import dev.saccade.core.Progress;
import dev.saccade.gym.demo.Demonstration;
import dev.saccade.gym.demo.Demonstrations;
import dev.saccade.gym.demo.FrameSupply;
import dev.saccade.gym.envs.DemoEyeGym;
import dev.saccade.gym.envs.VisualSearchGym;
import dev.saccade.gym.rollout.GazeRegime;
import dev.saccade.learn.encoder.AnnotatedCrops;
import dev.saccade.learn.encoder.ConvPatchEncoder;
import dev.saccade.learn.encoder.EncoderPretraining;
import dev.saccade.learn.encoder.KinematicCrops;
import dev.saccade.learn.encoder.TokenEncoder;
import dev.saccade.learn.encoder.TorchScriptEncoder;
import dev.saccade.learn.policy.PolicyConfig;
import dev.saccade.learn.train.BcRlConfig;
import dev.saccade.learn.train.Checkpoint;
import dev.saccade.learn.train.FrameWarmup;
import dev.saccade.sphere.render.MipChain;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What a training run is built from before its first iteration: the training settings (recipe,
 * config file, flags), the frozen encoder (given, from another run, or pretrained here on crops
 * labelled by kinematics), the decoded-frame cache's size and preloading, and the rollout source over the gyms.
 */
final class TrainSetup {
    /** The recipe's eye memory in steps (the original's 10; docs/LEARNING.md says why it differs). */
    static final int EYE_WINDOW = 10;
    /** The recipe's checkpoint interval in iterations. */
    static final int CHECKPOINT_EVERY = 10;
    /** Pyramids sampled for encoder pretraining (each gives one crop per level). */
    static final int PRETRAIN_OBSERVATIONS = 4000;

    private TrainSetup() {}

    /**
     * Saccade train's settings before the config file and flags: the original's (BcRlConfig.defaults())
     * resized for minutes on two cores (docs/LEARNING.md, "The recipe").
     */
    static BcRlConfig defaultTraining() {
        BcRlConfig original = BcRlConfig.defaults();
        return original
                .withRun(r -> r.withEnvs(16).withTotalEnvSteps(150_000).withCheckpointEvery(CHECKPOINT_EVERY))
                .withPpo(p -> p.withEpochs(2).withMinibatches(8).withTargetKl(0))
                .withBc(b -> b.withEpochs(2).withMinibatch(64).withPausedSteps(true))
                .withOptimiser(o -> o.withLearningRates(1e-3, 2e-3))
                .withSchedule(s -> s.withWarmupFraction(0.02))
                .withTeacher(BcRlConfig.TeacherSettings.hindsight(1.0, 200_000, 0.5, 0));
    }

    /** The scripted-oracle teacher of the labelled ablation: imitation with the oracle's roll-ins in half the steps. */
    static BcRlConfig.TeacherSettings oracleTeacher(double coef, long decayEnvSteps) {
        return BcRlConfig.TeacherSettings.oracle(coef, decayEnvSteps, 0.5, 0);
    }

    /** The training settings: the defaults, the config file, then the flags. */
    static BcRlConfig config(TrainSettings.Mode mode, TrainSettings.Schedule schedule, long seed, DemoEyeGym.Config demoGym,
                             VisualSearchGym.Config searchGym) throws IOException {
        BcRlConfig c = schedule.config() != null ? BcRlConfig.read(schedule.config(), defaultTraining()) : defaultTraining();
        int envs = schedule.envs() != null ? schedule.envs() : c.run().envs();
        // One row is one whole episode: the search gym's, or the demonstration gym's paused and advancing steps.
        int steps = mode == TrainSettings.Mode.SEARCH ? searchGym.maxSteps() : demoGym.searchSteps() + demoGym.advanceSteps();
        long total = schedule.steps() > 0 ? schedule.steps() : c.run().totalEnvSteps();
        int minibatches = Math.min(c.ppo().minibatches(), envs);
        c = new BcRlConfig(new BcRlConfig.RunSettings(seed, envs, steps, total, c.run().checkpointEvery()),
                c.ppo().withMinibatches(minibatches), c.bc(), c.optimiser(), c.schedule(), c.teacher(), c.stages());
        if (schedule.searchSteps() != null) {
            long search = schedule.searchSteps();
            c = c.withStages(g -> g.withSearchEnvSteps(search));
        }
        if (schedule.teacher() != null && schedule.teacher() != c.teacher().kind()) {
            BcRlConfig.TeacherSettings t = c.teacher();
            double coef = t.active() ? t.coef() : 1.0;
            long decay = t.decayEnvSteps();
            c = c.withTeacher(switch (schedule.teacher()) {
                case NONE -> BcRlConfig.TeacherSettings.NONE;
                case ORACLE -> oracleTeacher(coef, decay);
                case HINDSIGHT -> BcRlConfig.TeacherSettings.hindsight(coef, decay, 0.5, 0);
                case HAND_SCORED -> BcRlConfig.TeacherSettings.handScored(coef, decay, t.scoreEvery(), t.candidates(), t.softminCm(),
                        t.minSpreadCm());
            });
        }
        if (schedule.imitation() != null) {
            double w = schedule.imitation();
            // --imitation 0: from scratch, no labels, so no roll-in mixing either.
            if (w == 0) {
                c = c.withTeacher(BcRlConfig.TeacherSettings.NONE);
            } else if (!c.teacher().active()) {
                throw new Flags.BadFlag("--imitation " + w + " weighs a teacher's labels; this run has none (give --teacher)");
            } else {
                c = c.withTeacher(c.teacher().withCoef(w));
            }
        }
        if (schedule.gaze() != GazeRegime.LEARNED) {
            c = underGaze(c, schedule.gaze());
        }
        if (mode == TrainSettings.Mode.SEARCH) {
            // The original's AVP stage: the eye alone, rewarded by the environment, 100-step episodes.
            c = c.withBc(b -> b.withCoef(0)).withStages(g -> g.withRewardFrom(BcRlConfig.RewardFrom.ENV).withSearchEnvSteps(0));
        } else {
            c = c.withStages(g -> g.withRewardFrom(BcRlConfig.RewardFrom.HAND));
        }
        return c;
    }

    /** {@code c} for a hand trained alone under a baseline eye: no teacher, no search stage. */
    static BcRlConfig underGaze(BcRlConfig c, GazeRegime gaze) {
        return c.withTeacher(BcRlConfig.TeacherSettings.NONE).withStages(g -> g.withSearchEnvSteps(0).withGaze(gaze));
    }

    /** Fails, naming it, on an --encoder that is not a file or an --eye-from run without a checkpoint. */
    static void checkStartingPoints(TrainSettings.Model model) {
        if (model.encoder() != null && !Files.isRegularFile(model.encoder())) {
            throw new InputException(model.encoder(), "no such encoder file (--encoder takes a .safetensors or TorchScript .pt file)");
        }
        if (model.eyeFrom() != null && !Pipeline.hasCheckpoint(model.eyeFrom())) {
            throw new InputException(model.eyeFrom(), "has no checkpoint to start the eye from (--eye-from takes a training run's directory)");
        }
    }

    /**
     * The encoder: from a file, from the --eye-from run, or a new one pretrained on crops of the
     * training demonstrations ({@code frames}) labelled by kinematics, or, in the labelled ablation,
     * on crops of {@code annotated} (the same episodes with their annotations) labelled by them.
     */
    static TokenEncoder encoder(TrainSettings o, PolicyConfig policy, FrameSupply<MipChain> frames, Demonstrations annotated,
                                DemoEyeGym.Config gym, NDManager root, PrintWriter out) throws IOException {
        TrainSettings.Model model = o.model();
        if (model.encoder() == null && model.eyeFrom() != null) {
            // The eye was trained on that run's tokens: keep its encoder.
            Path from = Checkpoint.latest(model.eyeFrom());
            out.println("encoder: the one of " + from);
            return Checkpoint.readEncoder(from, Checkpoint.readState(from), root);
        }
        if (model.encoder() != null) {
            String name = model.encoder().getFileName().toString();
            TokenEncoder e = name.endsWith(".pt") ? TorchScriptEncoder.load(model.encoder(), policy.imageSize())
                    : ConvPatchEncoder.load(model.encoder(), root);
            if (e.tokensPerLevel() != policy.tokensPerLevel() || e.dim() != policy.encoderDim() || e.imageSize() != policy.imageSize()) {
                String got = e.tokensPerLevel() + " tokens of " + e.dim() + " per " + e.imageSize() + "-px level";
                e.close();
                throw new InputException(model.encoder(), "gives " + got + "; the policy takes " + policy.tokensPerLevel() + " of "
                        + policy.encoderDim() + " per " + policy.imageSize() + "-px level");
            }
            return e;
        }
        ConvPatchEncoder e = new ConvPatchEncoder(ConvPatchEncoder.Config.forGrid(policy.imageSize(), policy.grid(), policy.encoderDim()), root, o.seed());
        if (model.pretrainSteps() == 0) {
            out.println("encoder: not pretrained (--pretrain-steps 0)");
            return e;
        }
        if (model.pretrainOn() == TrainSettings.PretrainTargets.ANNOTATIONS) {
            if (!annotated.episodes().stream().allMatch(Demonstration::annotated)) {
                out.println("encoder: not pretrained (--pretrain-on annotations, and the demonstrations carry no annotations)");
                return e;
            }
            out.println("encoder: pretrained on annotated crops (--pretrain-on annotations: a labelled ablation that reads ground truth)");
            // Its own small cache: the run's holds the training view of the frames.
            try (FrameSupply<MipChain> labelled = dev.saccade.gym.eye.EyeCamera.supply(annotated, 512L << 20, 1)) {
                // Crops aimed near the annotated things as well as anywhere: a small towel is rare in a random view.
                return pretrain(e, o, AnnotatedCrops.KINDS, (n, seed) -> AnnotatedCrops.sample(labelled, policy.fieldsOfViewDeg(),
                        policy.imageSize(), gym.limits(), o.data().startStride(), n, seed), out);
            }
        }
        if (frames.demonstrations().camera().isEmpty()) {
            out.println("encoder: not pretrained (the dataset has no camera calibration, so the gripper's direction is unknown; "
                    + "saccade import --camera-position gives it)");
            return e;
        }
        return pretrain(e, o, KinematicCrops.KINDS, (n, seed) -> KinematicCrops.sample(frames, policy.fieldsOfViewDeg(),
                policy.imageSize(), gym.limits(), o.data().startStride(), n, seed), out);
    }

    /** Crops for pretraining: {@code n} pyramids' worth, drawn with {@code seed}. */
    private interface CropSource {
        List<EncoderPretraining.Sample> sample(int n, long seed);
    }

    /** Pretrains {@code e} on crops of {@code kinds} and reports its hit rate per kind on held-out crops. */
    private static ConvPatchEncoder pretrain(ConvPatchEncoder e, TrainSettings o, List<String> kinds, CropSource crops, PrintWriter out) {
        int steps = o.model().pretrainSteps();
        List<EncoderPretraining.Sample> train = crops.sample(Math.min(PRETRAIN_OBSERVATIONS, 8 * steps), o.seed() + 17);
        List<EncoderPretraining.Sample> heldOut = crops.sample(200, o.seed() + 18);
        try (EncoderPretraining pre = new EncoderPretraining(e, kinds.size(), o.seed());
             Progress progress = new Progress("pretrain encoder", steps, "steps")) {
            EncoderPretraining.Report r = pre.train(train, new EncoderPretraining.Config(steps, 64, 2e-3, 0.01, o.seed()), progress);
            EncoderPretraining.Metrics m = pre.evaluate(heldOut);
            StringBuilder hits = new StringBuilder();
            for (int k = 0; k < kinds.size(); k++) {
                hits.append(k == 0 ? "" : ", ").append(kinds.get(k)).append(String.format(Locale.ROOT, " %.0f %%", 100 * m.hitRate()[k]));
            }
            out.printf(Locale.ROOT, "encoder: pretrained %d steps on %d crops (%s), loss %.3f → %.3f; on %d held-out crops hits %s%n",
                    r.steps(), train.size(), String.join(", ", kinds), r.firstLoss(), r.lastLoss(), heldOut.size(), hits);
        }
        return e;
    }

    /** A second, independent copy of {@code encoder} (a trainer owns and closes its encoder). */
    static TokenEncoder copy(TokenEncoder encoder, int imageSize, NDManager root) throws IOException {
        if (encoder instanceof TorchScriptEncoder t) {
            return TorchScriptEncoder.load(t.source(), imageSize);
        }
        if (encoder instanceof ConvPatchEncoder c) {
            Path tmp = Files.createTempFile("saccade-encoder-", ".safetensors");
            try {
                c.save(tmp);
                return ConvPatchEncoder.load(tmp, root);
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
        throw new IllegalArgumentException("cannot copy an encoder of type " + encoder.getClass());
    }

    /**
     * The frame cache's bound: the flag's, or enough for every frame episodes can visit (frames on
     * multiples of the start stride) within the heap's old generation (where a cache lives; with
     * the parallel collector two thirds of the heap) less 2 GiB for everything else.
     */
    static long cacheBytes(TrainSettings.Data data, Demonstrations demos, PrintWriter out) {
        if (data.cacheMb() != null) {
            return data.cacheMb() << 20;
        }
        Demonstration first = demos.episodes().get(0);
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
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            String name = pool.getName();
            if (pool.getType() == MemoryType.HEAP && (name.contains("Old") || name.contains("Tenured")) && pool.getUsage().getMax() > 0) {
                return pool.getUsage().getMax();
            }
        }
        return Runtime.getRuntime().maxMemory();
    }

    /** Decodes every frame episodes can visit (as many as the cache holds) on all cores, with a progress bar. */
    static void preload(FrameSupply<MipChain> frames, Demonstrations demos, int stride, long cacheBytes, PrintWriter out) {
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
}
