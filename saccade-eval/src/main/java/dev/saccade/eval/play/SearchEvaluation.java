package dev.saccade.eval.play;

import dev.saccade.core.InputException;
import dev.saccade.core.Progress;
import dev.saccade.eval.metrics.SearchMetrics;
import dev.saccade.eval.play.Regimes.Gaze;
import dev.saccade.gym.Info;
import dev.saccade.gym.Options;
import dev.saccade.gym.Reset;
import dev.saccade.gym.Step;
import dev.saccade.gym.demo.Demonstration;
import dev.saccade.gym.demo.FrameSupply;
import dev.saccade.gym.envs.EyeInfo;
import dev.saccade.gym.envs.EyeOptions;
import dev.saccade.gym.envs.VisualSearchGym;
import dev.saccade.gym.eye.EyeObservation;
import dev.saccade.gym.policy.GazePolicy;
import dev.saccade.learn.policy.EyeMemory;
import dev.saccade.sphere.render.MipChain;
import dev.saccade.sphere.render.PyramidSpec;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Plays gaze regimes in {@link VisualSearchGym} (claim H6): the same frozen frames, search
 * targets and first gazes for every regime (unit {@code u} resets with the same seed under each),
 * in lockstep, a learned eye batched over its episodes. Records the angle to the target at every
 * observation and every step's reward ({@link SearchMetrics.Episode}).
 */
public final class SearchEvaluation {
    /**
     * @param episodes positions of the (annotated) episodes whose frames are searched
     * @param starts   searches per episode (each its own frame, target and first gaze)
     * @param seed     seed of the searches
     * @param gym      the search gym's settings (its pyramid is replaced by each learned eye's)
     */
    public record Settings(List<Integer> episodes, int starts, long seed, VisualSearchGym.Config gym) {
        public Settings {
            episodes = List.copyOf(episodes);
            if (episodes.isEmpty() || starts < 1) {
                throw new IllegalArgumentException("need at least one episode and one start");
            }
        }

        long unitSeed(int u) {
            return seed + 7919L + 1000L * (u / starts) + (u % starts);
        }

        int units() {
            return episodes.size() * starts;
        }
    }

    private SearchEvaluation() {}

    /** Plays every gaze on every unit; episodes in gaze order, then unit order. */
    public static List<SearchMetrics.Episode> run(FrameSupply<MipChain> frames, List<Gaze> gazes, Settings settings, int threads,
                                                  Progress progress) {
        List<Demonstration> demos = frames.demonstrations().episodes();
        for (int e : settings.episodes()) {
            if (e < 0 || e >= demos.size() || !demos.get(e).annotated()) {
                throw new InputException("episode " + e + " cannot be searched (missing, or without annotations)");
            }
        }
        List<Slot> slots = new ArrayList<>();
        for (Gaze g : gazes) {
            PyramidSpec pyramid = g.eye() != null ? g.eye().pyramid() : settings.gym().pyramid();
            for (int u = 0; u < settings.units(); u++) {
                slots.add(new Slot(g, u, new VisualSearchGym(frames, settings.gym().withPyramid(pyramid))));
            }
        }
        double stepSeconds = 2 / demos.get(settings.episodes().get(0)).fps(); // one eye step = 2 frames, as in DemoEyeGym
        Map<LoadedRun, List<Slot>> byEye = new IdentityHashMap<>();
        for (Slot s : slots) {
            if (s.gaze.eye() != null) {
                byEye.computeIfAbsent(s.gaze.eye(), k -> new ArrayList<>()).add(s);
            }
        }
        Map<LoadedRun, EyeMemory> memories = new IdentityHashMap<>();
        try (Lockstep<Slot> lockstep = new Lockstep<>(slots, threads)) {
            lockstep.forEach(s -> s.reset(settings));
            while (slots.stream().anyMatch(s -> !s.ended)) {
                for (Map.Entry<LoadedRun, List<Slot>> e : byEye.entrySet()) {
                    List<Slot> mine = e.getValue();
                    if (mine.stream().allMatch(s -> s.ended)) {
                        continue;
                    }
                    PolicyBatch policy = new PolicyBatch(e.getKey());
                    EyeMemory memory = memories.computeIfAbsent(e.getKey(), r -> policy.newMemory(mine.size()));
                    int[] steps = mine.stream().mapToInt(s -> s.step).toArray();
                    float[] probs = policy.act(mine.stream().map(s -> s.observation).toList(), memory, steps, false).eyeProbs();
                    int a = probs.length / mine.size();
                    for (int i = 0; i < mine.size(); i++) {
                        mine.get(i).eyeProbs = java.util.Arrays.copyOfRange(probs, i * a, (i + 1) * a);
                    }
                }
                long active = slots.stream().filter(s -> !s.ended).count();
                lockstep.forEach(s -> {
                    if (!s.ended) {
                        s.step();
                    }
                });
                if (progress != null) {
                    progress.advance(active);
                }
            }
        } finally {
            memories.values().forEach(EyeMemory::close);
        }
        List<SearchMetrics.Episode> out = new ArrayList<>();
        for (Slot s : slots) {
            out.add(new SearchMetrics.Episode(s.gaze.name(), s.unit, stepSeconds,
                    s.angles.stream().mapToDouble(Double::doubleValue).toArray(),
                    s.rewards.stream().mapToDouble(Double::doubleValue).toArray()));
        }
        return out;
    }

    /** One search under one gaze. */
    private static final class Slot {
        final Gaze gaze;
        final int unit;
        final VisualSearchGym gym;
        final List<Double> angles = new ArrayList<>();
        final List<Double> rewards = new ArrayList<>();
        GazePolicy baseline;
        SplittableRandom sampler;
        EyeObservation observation;
        Info info;
        float[] eyeProbs;
        int step;
        boolean ended;

        Slot(Gaze gaze, int unit, VisualSearchGym gym) {
            this.gaze = gaze;
            this.unit = unit;
            this.gym = gym;
        }

        void reset(Settings settings) {
            long seed = settings.unitSeed(unit);
            Reset<EyeObservation> r = gym.reset(seed, Options.NONE.with(EyeOptions.EPISODE, settings.episodes().get(unit / settings.starts())));
            observation = r.observation();
            info = r.info();
            angles.add(info.get(EyeInfo.TARGET_ANGLE));
            if (gaze.baseline() != null) {
                baseline = gaze.baseline().get();
                baseline.reset(seed);
            }
            sampler = new SplittableRandom(seed ^ 0x5EED5EEDL);
        }

        void step() {
            int action = gaze.eye() != null ? DemoEvaluation.choose(eyeProbs, gaze.greedy(), sampler) : baseline.act(observation, info);
            Step<EyeObservation> s = gym.step(action);
            observation = s.observation();
            info = s.info();
            step++;
            angles.add(info.get(EyeInfo.TARGET_ANGLE));
            rewards.add(s.reward());
            ended = s.terminated() || s.truncated();
        }
    }
}
