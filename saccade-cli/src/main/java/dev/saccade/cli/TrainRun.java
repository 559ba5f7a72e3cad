package dev.saccade.cli;

import ai.djl.ndarray.NDManager;
import dev.saccade.core.AtomicFiles;
import dev.saccade.core.InputException;
import dev.saccade.gym.Env;
import dev.saccade.gym.demo.Demonstrations;
import dev.saccade.gym.demo.EpisodeRange;
import dev.saccade.gym.demo.FrameSupply;
import dev.saccade.gym.demo.WithoutAnnotations;
import dev.saccade.gym.envs.DemoEyeGym;
import dev.saccade.gym.envs.VisualSearchGym;
import dev.saccade.gym.eye.EyeCamera;
import dev.saccade.gym.eye.EyeObservation;
import dev.saccade.gym.eye.GazeLimits;
import dev.saccade.gym.policy.GazePolicy;
import dev.saccade.gym.reward.HandReward;
import dev.saccade.gym.rollout.Baselines;
import dev.saccade.gym.rollout.GazeRegime;
import dev.saccade.gym.search.SearchTargets;
import dev.saccade.gym.vector.VectorEnv;
import dev.saccade.learn.encoder.TokenEncoder;
import dev.saccade.learn.policy.ActionStats;
import dev.saccade.learn.policy.PolicyConfig;
import dev.saccade.learn.train.BcRl;
import dev.saccade.learn.train.BcRlConfig;
import dev.saccade.learn.train.Checkpoint;
import dev.saccade.learn.train.DatasetStats;
import dev.saccade.learn.train.GymSource;
import dev.saccade.learn.train.TorchThreads;
import dev.saccade.learn.train.TrainingGym;
import dev.saccade.sphere.EquirectFrame;
import dev.saccade.sphere.render.MipChain;
import dev.saccade.sphere.render.PyramidSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One training run of {@code saccade train} or {@code saccade train-search}, set up in order: what
 * can be checked without frames (the run directory, the settings, what a resumed run remembers),
 * then the demonstrations and their frames, the trainer (fresh or from its checkpoint) and the
 * gyms, then {@link TrainingLoop}.
 */
final class TrainRun {
    private TrainRun() {}

    static int run(TrainSettings o, PrintWriter out) throws IOException {
        long start = System.nanoTime(); // --budget counts every stage: frames, encoder, training
        TrainSettings.Mode mode = o.mode();
        Checkpoint.State resumed = null;
        Optional<Checkpoint.RunRecord> record = Optional.empty();
        if (o.resume()) {
            Path latest = Checkpoint.latest(o.out()); // fails early, naming the run, if there is nothing to resume
            resumed = Checkpoint.readState(latest);
            record = Checkpoint.readRunRecord(latest);
            if (record.isEmpty()) {
                record = Checkpoint.readRunRecord(o.out());
            }
        } else if (interruptedStart(o.out())) {
            out.println("starting over: " + o.out() + " holds a start that was interrupted before its first checkpoint");
            AtomicFiles.deleteRecursively(o.out());
        } else if (Files.exists(o.out()) && !AtomicFiles.isEmptyDirectory(o.out())) {
            throw new InputException(o.out(), "already exists and is not empty (use --resume to continue that run)");
        }
        TrainSettings.Data data = record.isPresent() ? remembered(o, record.get()) : o.data();
        TrainSettings.Threads threads = threads(o, record, out);
        if (!data.given()) {
            throw new Flags.BadFlag(o.out() + " does not say what it was trained on (a run from before runs kept run.json): "
                    + "give --dataset or --toy, and --episodes, as when it was started");
        }
        PolicyConfig policy = resumed != null ? resumed.policy()
                : (o.model().view().equals("uniform") ? PolicyConfig.uniformView() : PolicyConfig.defaults()).withWindow(o.model().eyeWindow());
        PyramidSpec pyramid = PyramidSpec.pinholeDegrees(policy.imageSize(), policy.fieldsOfViewDeg());
        DemoEyeGym.Config demoGym = DemoEyeGym.Config.DEFAULT.withPyramid(pyramid).withStartStride(data.startStride());
        VisualSearchGym.Config searchGym = VisualSearchGym.Config.DEFAULT.withPyramid(pyramid);
        // What can be checked without the frames is checked before loading them: a bad config
        // or path should fail in a second, not after minutes of decoding.
        BcRlConfig config = null; // a resumed run takes its checkpoint's
        if (resumed == null) {
            config = TrainSetup.config(mode, o.schedule(), o.seed(), demoGym, searchGym);
            TrainSetup.checkStartingPoints(o.model());
        }
        Path exemplarDir = SearchTargetSetup.directory(o);
        var exemplars = SearchTargetSetup.load(exemplarDir, policy.imageSize()); // null: the annotated target
        // Toy demonstrations are generated from the run's seed: a resumed run regenerates its own.
        long dataSeed = resumed != null ? resumed.config().run().seed() : o.seed();
        BcRlConfig settings = resumed != null ? resumed.config() : config;
        try (Demonstrations annotated = EpisodeRange.open(data.dataset(), data.toy(), data.episodes(), dataSeed)) {
            if (annotated.episodes().isEmpty()) {
                throw new InputException(data.dataset(), "holds no episodes");
            }
            // Ground truth is for evaluation only: training sees the episodes with their annotations withheld (any
            // read fails loudly), unless the settings are a labelled oracle ablation.
            // Exemplar relevancy reads none: the search gym's reward then needs no ground truth.
            Demonstrations demos = exemplars != null ? WithoutAnnotations.of(annotated) : TrainingGym.demonstrations(annotated, settings);
            out.println(exemplars != null ? "annotations: withheld from training (search targets from exemplar images, " + exemplarDir + ")"
                    : settings.readsAnnotations().map(why -> "annotations: read in training, a labelled ablation (" + why + ")")
                    .orElse("annotations: withheld from training (frames, joints, actions, task and camera calibration only)"));
            EquirectFrame first = demos.decode(demos.episodes().get(0), 0);
            Checkpoint.RunRecord facts = new Checkpoint.RunRecord(data.dataset() == null ? null : absolute(data.dataset()), data.toy(),
                    data.episodes() == null ? 0 : data.episodes().from(),
                    data.episodes() == null ? demos.episodes().size() : data.episodes().to(), first.width(), first.height(),
                    record.map(Checkpoint.RunRecord::sizedEnvSteps).orElse(0L), threads.environments(), threads.rollout(), threads.update());
            if (record.isPresent() && (record.get().frameWidth() != facts.frameWidth() || record.get().frameHeight() != facts.frameHeight())) {
                throw new InputException(data.dataset(), "has " + facts.frameWidth() + "×" + facts.frameHeight() + " frames; "
                        + o.out() + " was trained on " + record.get().frameWidth() + "×" + record.get().frameHeight()
                        + " frames (another dataset at this path?); a run resumes only on the data it was trained on");
            }
            long cacheBytes = TrainSetup.cacheBytes(data, demos, out);
            try (FrameSupply<MipChain> frames = EyeCamera.supply(demos, cacheBytes, 1);
                 NDManager root = NDManager.newBaseManager()) {
                if (data.preload()) {
                    TrainSetup.preload(frames, demos, data.startStride(), cacheBytes, out);
                }
                double encoderSeconds = 0;
                BcRl trainer;
                if (o.resume()) {
                    Path latest = Checkpoint.latest(o.out());
                    trainer = Checkpoint.resume(latest, HandReward.CHAMFER, root);
                    out.println("resuming " + latest + " at iteration " + trainer.iteration() + ", " + trainer.envSteps() + " env steps"
                            + " on " + facts.source() + " episodes " + facts.episodesFrom() + ":" + facts.episodesTo());
                } else {
                    long t0 = System.nanoTime();
                    // Pretraining is update-like work, on the update's threads: PyTorch's sums depend on the thread
                    // count, so a run restarted on the same count pretrains the same encoder.
                    TorchThreads.set(threads.update());
                    TokenEncoder encoder = TrainSetup.encoder(o, policy, frames, annotated, demoGym, root, out);
                    encoderSeconds = (System.nanoTime() - t0) / 1e9;
                    ActionStats stats = DatasetStats.of(demos.episodes(), policy.chunk());
                    trainer = new BcRl(config, policy, stats, encoder, HandReward.CHAMFER, root);
                    if (o.model().eyeFrom() != null) {
                        int n = Checkpoint.loadEye(trainer, Checkpoint.latest(o.model().eyeFrom()));
                        out.println("eye starts from " + o.model().eyeFrom() + " (" + n + " tensors)");
                    }
                }
                trainer.setThreads(threads.rollout(), threads.update());
                BcRlConfig c = trainer.config();
                SearchTargetSetup.Targets targets = exemplars == null ? null
                        : SearchTargetSetup.targets(exemplars, trainer.policy().encoder(), pyramid, searchGym.limits(), root);
                if (targets != null) {
                    out.println("search targets: " + targets.relevancy().describe());
                }
                try (targets; trainer;
                     VectorEnv<EyeObservation, Integer> envs = gyms(mode, c, frames, demoGym, searchGym, demos, pyramid,
                             threads.environments(), o.out(), targets == null ? null : targets.relevancy())) {
                    GymSource source = new GymSource(envs, policy.chunk(), policy.joints());
                    TrainingLoop.Fit fit = null;
                    if (o.schedule().fitBudget() && facts.sizedEnvSteps() == 0) {
                        // The hand stage loads the same frames and builds the same model before its first iteration.
                        double handSetup = (System.nanoTime() - start) / 1e9 - encoderSeconds;
                        TrainingLoop.HandProbe probe = !o.schedule().fitRandomHand() ? null
                                : () -> randomHandSecondsPerStep(trainer, c, root, frames, demoGym, searchGym, demos, pyramid, threads, out);
                        fit = new TrainingLoop.Fit(probe, handSetup);
                    }
                    Files.createDirectories(o.out());
                    Checkpoint.writeRunRecord(o.out(), facts);
                    SearchTargetSetup.remember(o.out(), exemplarDir);
                    return TrainingLoop.run(trainer, source, o, facts, fit, out, start);
                }
            }
        }
    }

    /**
     * True if {@code run} holds only what a start writes before its first checkpoint (the run record,
     * metrics, a checkpoints directory without a finished checkpoint, the live view's snapshot): killed there, nothing was saved,
     * so the same command starts it over. Anything else in it is left alone.
     */
    static boolean interruptedStart(Path run) throws IOException {
        if (!Files.isDirectory(run) || Pipeline.hasCheckpoint(run) || AtomicFiles.isEmptyDirectory(run)) {
            return false;
        }
        try (var entries = Files.list(run)) {
            boolean onlyRunFiles = entries.allMatch(p -> Set.of("run.json", "metrics.csv", "checkpoints", "live", SearchTargetSetup.REMEMBERED)
                    .contains(p.getFileName().toString()));
            return onlyRunFiles && Files.isRegularFile(run.resolve("run.json"));
        }
    }

    /**
     * The thread counts of this session: a new run's flags (or defaults); a resumed run's remembered
     * counts, which flags given may override with a warning. Overriding is allowed, not refused: a run
     * may well continue on another machine, only not bit-identically (PyTorch's sums depend on its
     * thread counts), and the warning says so.
     */
    static TrainSettings.Threads threads(TrainSettings o, Optional<Checkpoint.RunRecord> record, PrintWriter out) {
        if (!o.resume() || record.isEmpty() || !record.get().hasThreads()) {
            return o.threads().orDefaults();
        }
        Checkpoint.RunRecord r = record.get();
        TrainSettings.Threads was = new TrainSettings.Threads(r.envThreads(), r.rolloutThreads(), r.updateThreads());
        TrainSettings.Threads now = o.threads().over(was);
        List<String> changed = now.differences(was);
        if (!changed.isEmpty()) {
            out.println("warning: " + String.join(", ", changed) + ": " + o.out() + " ran on other PyTorch thread counts, and its sums "
                    + "depend on them, so this continuation will not match an uninterrupted run bit for bit (leave the thread flags "
                    + "out to continue on the run's own)");
            out.flush();
        }
        return now;
    }

    /** The data a resumed run was trained on; flags that name other data are refused by name. */
    private static TrainSettings.Data remembered(TrainSettings o, Checkpoint.RunRecord r) {
        TrainSettings.Data d = o.data();
        String was = o.out() + " was trained on " + r.source() + " episodes " + r.episodesFrom() + ":" + r.episodesTo()
                + "; a resumed run continues on the data it was trained on (leave the flag out)";
        if (d.dataset() != null && (r.dataset() == null || !absolute(d.dataset()).equals(r.dataset()))) {
            throw new Flags.BadFlag("--dataset " + d.dataset() + ": " + was);
        }
        if (d.toy() > 0 && d.toy() != r.toy()) {
            throw new Flags.BadFlag("--toy " + d.toy() + ": " + was);
        }
        EpisodeRange.Bounds range = new EpisodeRange.Bounds(r.episodesFrom(), r.episodesTo());
        if (d.episodes() != null && !d.episodes().equals(range)) {
            throw new Flags.BadFlag("--episodes " + d.episodes() + ": " + was);
        }
        return new TrainSettings.Data(r.dataset() == null ? null : Path.of(r.dataset()), r.toy(), range, d.startStride(), d.preload(),
                d.cacheMb());
    }

    private static String absolute(Path p) {
        return p.toAbsolutePath().normalize().toString();
    }

    /**
     * The run's gyms, each wrapped as the settings ask (search reward, paused steps in BC, the
     * scripted oracle's labels, a baseline eye driving the gaze: {@link TrainingGym#wrap}); the first
     * writes live snapshots of its gaze and view into {@code live} for {@code saccade view} (null: none).
     */
    private static VectorEnv<EyeObservation, Integer> gyms(TrainSettings.Mode mode, BcRlConfig c, FrameSupply<MipChain> frames,
                                                         DemoEyeGym.Config demoGym, VisualSearchGym.Config searchGym,
                                                         Demonstrations demos, PyramidSpec pyramid, int threads, Path live,
                                                         SearchTargets targets) {
        GazeLimits limits = mode == TrainSettings.Mode.SEARCH ? searchGym.limits() : demoGym.limits();
        Supplier<GazePolicy> baseline = c.trainEye() ? null : Baselines.of(c.stages().gaze(), demos.episodes(), pyramid, limits);
        return VectorEnv.of(c.run().envs(), threads,
                i -> liveEye(i, live, TrainingGym.wrap(mode == TrainSettings.Mode.SEARCH ? (targets == null
                        ? new VisualSearchGym(frames, searchGym.withMaxSteps(c.run().steps()))
                        : new VisualSearchGym(frames, searchGym.withMaxSteps(c.run().steps()), targets))
                        : new DemoEyeGym(frames, demoGym, Optional.empty()), c, baseline, limits, demos)));
    }

    private static Env<EyeObservation, Integer> liveEye(int i, Path live, Env<EyeObservation, Integer> env) {
        return i == 0 && live != null ? dev.saccade.view.LiveEye.wrap(env, live) : env;
    }

    /** Iterations of the throwaway hand that measures the random-gaze hand's cost: one to warm up, one measured. */
    static final int HAND_PROBE_ITERATIONS = 2;

    /**
     * Measures what an env step of a hand trained under random gaze costs on these frames: a
     * throwaway trainer with the run's settings and a copy of its encoder, under random gaze, runs
     * {@link #HAND_PROBE_ITERATIONS} iterations (checkpoints into a temporary directory, deleted);
     * the last one is timed. The run's own trainer is not touched (this runs between two of its
     * iterations, on gyms of its own).
     */
    private static double randomHandSecondsPerStep(BcRl trainer, BcRlConfig c, NDManager root, FrameSupply<MipChain> frames,
                                                   DemoEyeGym.Config demoGym, VisualSearchGym.Config searchGym, Demonstrations demos,
                                                   PyramidSpec pyramid, TrainSettings.Threads threads, PrintWriter out) throws IOException {
        BcRlConfig hand = TrainSetup.underGaze(c, GazeRegime.RANDOM).withRun(r -> r.withCheckpointEvery(0));
        Path tmp = Files.createTempDirectory("saccade-hand-probe-");
        long[] marks = new long[HAND_PROBE_ITERATIONS];
        long[] steps = new long[HAND_PROBE_ITERATIONS];
        int[] seen = {0};
        try (NDManager scope = root.newSubManager();
             BcRl probe = new BcRl(hand, trainer.policy().config(), trainer.policy().stats(),
                     TrainSetup.copy(trainer.policy().encoder(), trainer.policy().config().imageSize(), scope), HandReward.CHAMFER, scope);
             VectorEnv<EyeObservation, Integer> envs = gyms(TrainSettings.Mode.BC_RL, hand, frames, demoGym, searchGym, demos, pyramid,
                     threads.environments(), null, null)) {
            probe.setThreads(threads.rollout(), threads.update());
            GymSource source = new GymSource(envs, trainer.policy().config().chunk(), trainer.policy().config().joints());
            long before = System.nanoTime();
            probe.run(source, tmp, null, s -> {
                marks[seen[0]] = System.nanoTime();
                steps[seen[0]] = s.envSteps();
                seen[0]++;
            }, () -> seen[0] < HAND_PROBE_ITERATIONS);
            int n = seen[0];
            double seconds = n >= 2 ? (marks[n - 1] - marks[n - 2]) / 1e9 : (marks[0] - before) / 1e9;
            long done = n >= 2 ? steps[n - 1] - steps[n - 2] : steps[0];
            double perStep = BudgetSizing.secondsPerStep(seconds, done);
            out.printf(Locale.ROOT, "budget: a hand under random gaze trains at %.1f env steps/s here (measured on a throwaway hand)%n",
                    1 / perStep);
            return perStep;
        } finally {
            AtomicFiles.deleteRecursively(tmp);
        }
    }
}
