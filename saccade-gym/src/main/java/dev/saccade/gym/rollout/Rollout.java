package dev.saccade.gym.rollout;

import dev.saccade.core.Progress;
import dev.saccade.gym.Info;
import dev.saccade.gym.Options;
import dev.saccade.gym.Reset;
import dev.saccade.gym.Step;
import dev.saccade.gym.demo.FrameSupply;
import dev.saccade.gym.envs.DemoEyeGym;
import dev.saccade.gym.envs.EyeInfo;
import dev.saccade.gym.eye.EyeObservation;
import dev.saccade.sphere.render.MipChain;
import dev.saccade.gym.policy.GazePolicy;
import dev.saccade.gym.reward.HandPredictor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Plays a gaze policy in {@link DemoEyeGym} for a number of episodes and keeps what happened. Run
 * {@code r} resets with seed {@code seed + r} on a gym of its own (all sharing one frame supply),
 * so results do not depend on the number of threads.
 */
public final class Rollout {

    /** What one run (episode) produced: its steps, and the pyramids kept for a strip, by step. */
    public record Run(List<StepRecord> steps, List<float[]> pyramids) {
        public double totalReward() {
            return steps.stream().mapToDouble(StepRecord::reward).sum();
        }
    }

    /**
     * @param pyramidEvery keep the pyramid of every {@code pyramidEvery}-th step (0 keeps none)
     * @param pyramidRuns  keep pyramids for runs {@code 0 … pyramidRuns−1} only
     */
    public record Settings(int episodes, long seed, int threads, int pyramidEvery, int pyramidRuns) {}

    private Rollout() {}

    /** Plays {@code settings.episodes()} runs; {@code progress} advances by one per step. */
    public static List<Run> play(FrameSupply<MipChain> frames, DemoEyeGym.Config config, Optional<HandPredictor> hand,
                                 Supplier<GazePolicy> policies, Settings settings, Progress progress) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, settings.threads()), r -> {
            Thread t = new Thread(r, "saccade-rollout");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Run>> futures = new ArrayList<>();
            for (int r = 0; r < settings.episodes(); r++) {
                int run = r;
                futures.add(pool.submit(() -> {
                    try (DemoEyeGym env = new DemoEyeGym(frames, config, hand)) {
                        return playOne(env, policies.get(), run, settings, progress);
                    }
                }));
            }
            List<Run> runs = new ArrayList<>();
            for (Future<Run> f : futures) {
                runs.add(f.get());
            }
            return Collections.unmodifiableList(runs);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static Run playOne(DemoEyeGym env, GazePolicy policy, int run, Settings settings, Progress progress) {
        long seed = settings.seed() + run;
        policy.reset(seed);
        Reset<EyeObservation> r = env.reset(seed, Options.NONE);
        List<StepRecord> steps = new ArrayList<>();
        List<float[]> pyramids = new ArrayList<>();
        boolean keep = settings.pyramidEvery() > 0 && run < settings.pyramidRuns();
        EyeObservation obs = r.observation();
        Info info = r.info();
        steps.add(record(run, obs, info, -1, 0, false, false));
        if (keep) {
            pyramids.add(obs.pyramid());
        }
        boolean done = false;
        while (!done) {
            int action = policy.act(obs, info);
            Step<EyeObservation> s = env.step(action);
            obs = s.observation();
            info = s.info();
            done = s.done();
            steps.add(record(run, obs, info, action, s.reward(), s.terminated(), s.truncated()));
            if (keep) {
                pyramids.add(info.get(EyeInfo.STEP) % settings.pyramidEvery() == 0 || done ? obs.pyramid() : null);
            }
            if (progress != null) {
                progress.advance(1);
            }
        }
        return new Run(List.copyOf(steps), Collections.unmodifiableList(pyramids));
    }

    private static StepRecord record(int run, EyeObservation obs, Info info, int action, double reward,
                                     boolean terminated, boolean truncated) {
        return new StepRecord(run, info.get(EyeInfo.DATASET_EPISODE), info.get(EyeInfo.TASK).id(), info.get(EyeInfo.STEP),
                info.get(EyeInfo.FRAME), info.get(EyeInfo.PAUSED), action,
                Math.toDegrees(obs.gaze().yaw()), Math.toDegrees(obs.gaze().pitch()), reward,
                info.find(EyeInfo.RELEVANT_NAME).orElse(""),
                info.find(EyeInfo.TARGET_ANGLE).map(Math::toDegrees).orElse(Double.NaN),
                info.find(EyeInfo.IN_FOVEA).orElse(false),
                info.find(EyeInfo.HAND_ERROR).orElse(Double.NaN), terminated, truncated);
    }
}
