package dev.saccade.eval.hands;

import ai.djl.ndarray.NDManager;
import dev.saccade.core.AtomicFiles;
import dev.saccade.core.InputException;
import dev.saccade.core.Progress;
import dev.saccade.eval.play.LoadedRun;
import dev.saccade.gym.demo.Demonstration;
import dev.saccade.gym.demo.Demonstrations;
import dev.saccade.gym.demo.FrameSupply;
import dev.saccade.gym.envs.DemoEyeGym;
import dev.saccade.gym.eye.EyeCamera;
import dev.saccade.gym.eye.EyeObservation;
import dev.saccade.gym.policy.GazePolicy;
import dev.saccade.gym.reward.HandReward;
import dev.saccade.gym.rollout.Baselines;
import dev.saccade.gym.vector.VectorEnv;
import dev.saccade.learn.train.BcRl;
import dev.saccade.learn.train.BcRlConfig;
import dev.saccade.learn.train.Checkpoint;
import dev.saccade.learn.train.GymSource;
import dev.saccade.sphere.render.MipChain;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Trains a hand under a baseline gaze (random, fixed, best-fixed, oracle, follow): behaviour cloning
 * of the same chunks from the views that gaze gives, with everything else as in a reference run
 * (its policy configuration, frozen encoder, action statistics and training settings), so that the
 * only difference from the co-trained hand is where the eye looked. This is the reference's fair
 * protocol for H1: "train a hand for each gaze regime, so each BC model sees matched data".
 *
 * <p>It drives the BC-RL trainer with the gym's eye replaced by the baseline ({@link GazeOverride});
 * the eye the trainer samples is ignored (its PPO update learns nothing useful and touches only the
 * eye's weights, which this run never uses; the approx-KL early stop is off so it cannot cut the BC
 * epochs short). The run directory has the layout of {@code saccade train}'s (checkpoints,
 * {@code metrics.csv}), stops at a budget with a checkpoint, and resumes exactly.
 */
public final class HandTraining {
    /**
     * @param demos      the training demonstrations (the reference run's)
     * @param gaze       the baseline gaze's name ({@link Baselines#NAMES})
     * @param reference  the reference run (a run directory): configuration, encoder and statistics come from it
     * @param envSteps   train to this many env steps (0: as many as the reference run)
     * @param budget     stop after this wall time with a checkpoint (null: none)
     * @param out        the hand's run directory
     * @param threads    threads stepping the environments
     * @param cacheBytes decoded-frame cache bound
     */
    public record Settings(Demonstrations demos, String gaze, Path reference, long envSteps, Duration budget, Path out, int threads,
                           long cacheBytes) {}

    private static final String HEADER = "iteration,env_steps,seconds,reward,bc_loss,approx_kl,collect_s,update_s";

    private HandTraining() {}

    /** Trains (or resumes, if {@code out} holds a checkpoint) and returns the env steps reached. */
    public static long run(Settings s, PrintWriter log) throws IOException {
        if (!Baselines.NAMES.contains(s.gaze())) {
            throw new InputException("no baseline gaze '" + s.gaze() + "'; expected one of " + Baselines.NAMES);
        }
        boolean resume = Files.isRegularFile(s.out().resolve("checkpoints").resolve("latest"));
        if (!resume && Files.exists(s.out()) && !AtomicFiles.isEmptyDirectory(s.out())) {
            throw new InputException(s.out(), "already exists and holds no checkpoint to resume");
        }
        Path refCheckpoint = LoadedRun.checkpointOf(s.reference());
        Checkpoint.State ref = Checkpoint.readState(refCheckpoint);
        long target = s.envSteps() > 0 ? s.envSteps() : ref.envSteps();
        List<Demonstration> episodes = s.demos().episodes();
        DemoEyeGym.Config gym = DemoEyeGym.Config.DEFAULT.withPyramid(
                dev.saccade.sphere.render.PyramidSpec.pinholeDegrees(ref.policy().imageSize(), ref.policy().fieldsOfViewDeg()));
        Supplier<GazePolicy> baseline = Baselines.named(s.gaze(), episodes, dev.saccade.sphere.render.PyramidSpec.defaults(), gym.limits());
        try (FrameSupply<MipChain> frames = EyeCamera.supply(s.demos(), s.cacheBytes(), 1);
             NDManager root = NDManager.newBaseManager()) {
            BcRl trainer;
            if (resume) {
                trainer = Checkpoint.resume(Checkpoint.latest(s.out()), HandReward.CHAMFER, root);
                log.printf(Locale.ROOT, "hand under %s gaze: resuming at %d env steps%n", s.gaze(), trainer.envSteps());
            } else {
                BcRlConfig config = ref.config().with(Map.of("totalEnvSteps", Math.max(1, target), "targetKl", 0.0,
                        "checkpointEvery", Math.max(1, ref.config().checkpointEvery())));
                trainer = new BcRl(config, ref.policy(), ref.stats(), Checkpoint.readEncoder(refCheckpoint, ref, root), HandReward.CHAMFER, root);
                log.printf(Locale.ROOT, "hand under %s gaze: %d env steps, settings and encoder of %s%n", s.gaze(), target, refCheckpoint);
            }
            trainer.setThreads(1, 2);
            try (trainer;
                 VectorEnv<EyeObservation, Integer> envs = VectorEnv.of(trainer.config().envs(), s.threads(),
                         i -> new GazeOverride(new DemoEyeGym(frames, gym, Optional.empty()), baseline.get()))) {
                return loop(trainer, new GymSource(envs, ref.policy().chunk(), ref.policy().joints()), s, log);
            }
        }
    }

    private static long loop(BcRl trainer, GymSource source, Settings s, PrintWriter log) throws IOException {
        long start = System.nanoTime();
        long budgetNanos = s.budget() == null ? Long.MAX_VALUE : s.budget().toNanos();
        List<String> rows = earlierRows(s.out(), trainer.iteration());
        try (Progress progress = new Progress("hand (" + s.gaze() + " gaze)", trainer.config().totalEnvSteps(), "steps")) {
            progress.advance(trainer.envSteps());
            trainer.run(source, s.out(), progress, it -> {
                rows.add(String.format(Locale.ROOT, "%d,%d,%.1f,%.6f,%.6f,%.6f,%.2f,%.2f", it.iteration(), it.envSteps(),
                        (System.nanoTime() - start) / 1e9, it.meanReward(), it.update().bcLoss(), it.update().approxKl(),
                        it.collectSeconds(), it.updateSeconds()));
                try {
                    AtomicFiles.writeString(s.out().resolve("metrics.csv"), HEADER + "\n" + String.join("\n", rows) + "\n");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, () -> System.nanoTime() - start < budgetNanos);
        }
        log.printf(Locale.ROOT, "hand under %s gaze: %d env steps%s%n", s.gaze(), trainer.envSteps(),
                trainer.finished() ? "" : " (stopped at the budget)");
        return trainer.envSteps();
    }

    /** True if the hand run in {@code out} reached its planned env steps. */
    public static boolean finished(Path out) throws IOException {
        if (!Files.isRegularFile(out.resolve("checkpoints").resolve("latest"))) {
            return false;
        }
        Checkpoint.State st = Checkpoint.readState(Checkpoint.latest(out));
        return st.envSteps() >= st.config().totalEnvSteps();
    }

    private static List<String> earlierRows(Path run, long upTo) throws IOException {
        List<String> rows = new ArrayList<>();
        Path f = run.resolve("metrics.csv");
        if (Files.isRegularFile(f)) {
            for (String line : Files.readAllLines(f)) {
                int comma = line.indexOf(',');
                if (comma > 0 && !line.startsWith("iteration") && Long.parseLong(line.substring(0, comma)) <= upTo) {
                    rows.add(line);
                }
            }
        }
        return rows;
    }
}
