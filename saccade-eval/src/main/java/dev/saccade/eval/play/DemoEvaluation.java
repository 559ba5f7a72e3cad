package dev.saccade.eval.play;

import dev.saccade.core.InputException;
import dev.saccade.core.Progress;
import dev.saccade.eval.metrics.EpisodeTrace;
import dev.saccade.eval.metrics.StepPrediction;
import dev.saccade.eval.metrics.StepRecord;
import dev.saccade.eval.play.Regimes.Gaze;
import dev.saccade.eval.play.Regimes.Hand;
import dev.saccade.eval.play.Regimes.Regime;
import dev.saccade.gym.Info;
import dev.saccade.gym.Options;
import dev.saccade.gym.Reset;
import dev.saccade.gym.Step;
import dev.saccade.gym.demo.Demonstration;
import dev.saccade.gym.demo.Direction;
import dev.saccade.gym.demo.FrameSupply;
import dev.saccade.gym.envs.DemoEyeGym;
import dev.saccade.gym.envs.EyeInfo;
import dev.saccade.gym.envs.EyeOptions;
import dev.saccade.gym.eye.EyeActions;
import dev.saccade.gym.eye.EyeObservation;
import dev.saccade.gym.eye.Fovea;
import dev.saccade.gym.policy.GazePolicy;
import dev.saccade.gym.reward.HandTarget;
import dev.saccade.learn.policy.ActionStats;
import dev.saccade.learn.policy.EyeMemory;
import dev.saccade.sphere.render.MipChain;
import dev.saccade.sphere.render.PyramidSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Plays gaze regimes in {@link DemoEyeGym} on chosen episodes and records every step
 * ({@link StepRecord}) for every hand scored under each gaze.
 *
 * <p><b>Fair comparison.</b> Every regime plays the same evaluation units (an episode and a start):
 * unit {@code u} resets with seed {@code seed + 1000·i + s} (episode {@code i} of the list, start
 * {@code s}), so every regime starts from the same frame with the same first gaze. Hands under one
 * gaze see the very same observations. All regimes advance in lockstep, so they ask for the same
 * frames at the same time and each is decoded once; a run's policy is evaluated on the whole
 * batch in one pass ({@link PolicyBatch}).
 *
 * <p><b>What "in the fovea" means</b> is the same for every regime: the reference pyramid's level 0
 * ({@link Fovea}, 17.3° by default), whatever pyramid a run's policy sees (a uniform single-level
 * ablation sees a 116° level but is scored on the same 17.3° fovea).
 */
public final class DemoEvaluation {
    /**
     * @param episodes  positions of the episodes to play in the demonstrations
     * @param starts    starts (start frame and first gaze) per episode
     * @param seed      seed of the starts
     * @param reference the pyramid whose level 0 defines the fovea for the metrics
     * @param gym       the gym's settings (its pyramid is replaced by each run's)
     * @param filmEvery keep the sample episode's pyramid every this many steps (0: none)
     */
    public record Settings(List<Integer> episodes, int starts, long seed, PyramidSpec reference, DemoEyeGym.Config gym, int filmEvery) {
        public Settings {
            episodes = List.copyOf(episodes);
            if (episodes.isEmpty() || starts < 1 || filmEvery < 0) {
                throw new IllegalArgumentException("need at least one episode and one start");
            }
        }

        /** The seed of unit {@code u}: the same start frame and first gaze for every regime. */
        public long unitSeed(int u) {
            return seed + 1000L * (u / starts) + (u % starts);
        }

        public int units() {
            return episodes.size() * starts;
        }
    }

    /** Every trace (per gaze, hand and unit) and the sample episode's film per gaze. */
    public record Result(List<EpisodeTrace> traces, List<Film> films, double stepSeconds, Timing timing) {}

    /**
     * Where the wall time went, seconds: the policy (encoder, eye, hand), the environments (frames,
     * rendering, info) and scoring the hands' chunks; and the slot-steps played.
     */
    public record Timing(double policy, double environments, double scoring, long slotSteps) {}

    private DemoEvaluation() {}

    /**
     * Plays {@code regimes} on {@code settings.episodes()} of {@code frames}' demonstrations.
     * {@code threads} step the environments; {@code progress} (may be null) counts steps.
     */
    public static Result run(FrameSupply<MipChain> frames, List<Regime> regimes, Settings settings, int threads, Progress progress) {
        List<Demonstration> demos = frames.demonstrations().episodes();
        for (int e : settings.episodes()) {
            if (e < 0 || e >= demos.size()) {
                throw new InputException("episode " + e + " is not in the demonstrations (0…" + (demos.size() - 1) + ")");
            }
        }
        List<Slot> slots = new ArrayList<>();
        for (Regime r : regimes) {
            for (List<Hand> group : byPyramid(r)) {
                PyramidSpec pyramid = pyramidOf(r.gaze(), group, settings.reference());
                for (int u = 0; u < settings.units(); u++) {
                    boolean film = u == 0 && slots.stream().noneMatch(s -> s.gaze == r.gaze());
                    slots.add(new Slot(r.gaze(), group, u, new DemoEyeGym(frames, settings.gym().withPyramid(pyramid), Optional.empty()),
                            film ? settings.filmEvery() : -1));
                }
            }
        }
        double stepSeconds = settings.gym().frameStride() / demos.get(settings.episodes().get(0)).fps();
        Map<LoadedRun, RunBatch> batches = batches(slots);
        long policyNanos = 0;
        long scoringNanos = 0;
        long envNanos = 0;
        long counted = 0;
        try (Lockstep<Slot> lockstep = new Lockstep<>(slots, threads)) {
            lockstep.forEach(s -> s.reset(settings));
            int perEpisode = settings.gym().searchSteps() + settings.gym().advanceSteps() + 1;
            long total = (long) slots.size() * perEpisode;
            while (slots.stream().anyMatch(s -> !s.finished)) {
                long t0 = System.nanoTime();
                for (RunBatch b : batches.values()) {
                    b.act();
                }
                long t1 = System.nanoTime();
                long active = 0;
                for (Slot s : slots) {
                    if (s.finished) {
                        continue;
                    }
                    if (s.ended) {
                        s.record(settings.reference(), demos, settings.gym().frameStride(), -1); // the last observation
                        s.finished = true;
                    } else {
                        s.decideAndRecord(settings.reference(), demos, settings.gym().frameStride());
                    }
                    active++;
                }
                long t2 = System.nanoTime();
                lockstep.forEach(s -> {
                    if (!s.ended) {
                        s.step();
                    }
                });
                long t3 = System.nanoTime();
                policyNanos += t1 - t0;
                scoringNanos += t2 - t1;
                envNanos += t3 - t2;
                counted += active;
                if (progress != null) {
                    progress.advance(active);
                }
            }
            if (progress != null && counted < total) {
                progress.advance(total - counted); // episodes that ended early (the demonstration ran out) count as done
            }
        } finally {
            batches.values().forEach(RunBatch::close);
        }
        List<EpisodeTrace> traces = new ArrayList<>();
        List<Film> films = new ArrayList<>();
        for (Slot s : slots) {
            for (int h = 0; h < s.hands.size(); h++) {
                traces.add(new EpisodeTrace(s.gaze.name(), s.hands.get(h).name(), s.unit, s.datasetEpisode, stepSeconds, s.records.get(h),
                        s.predictions.get(h)));
            }
            if (s.filmEvery >= 0) {
                films.add(new Film(s.gaze.name(), settings.episodes().get(s.unit / settings.starts()), stepSeconds, s.film,
                        s.pyramids, s.gym.config().pyramid()));
            }
        }
        return new Result(traces, films, stepSeconds, new Timing(policyNanos / 1e9, envNanos / 1e9, scoringNanos / 1e9, counted));
    }

    /** Hands grouped by the pyramid their runs see (a slot renders one pyramid); hands that hold the pose join the first group. */
    private static List<List<Hand>> byPyramid(Regime r) {
        Map<String, List<Hand>> groups = new LinkedHashMap<>();
        List<Hand> holding = new ArrayList<>();
        for (Hand h : r.hands()) {
            if (h.run() == null) {
                holding.add(h);
            } else {
                groups.computeIfAbsent(key(h.run()), k -> new ArrayList<>()).add(h);
            }
        }
        if (r.gaze().eye() != null) {
            String eyeKey = key(r.gaze().eye());
            for (String k : groups.keySet()) {
                if (!k.equals(eyeKey)) {
                    throw new InputException("gaze " + r.gaze().name() + ": the eye of run " + r.gaze().eye().name()
                            + " sees another pyramid than a hand scored under it; evaluate that hand separately");
                }
            }
        }
        List<List<Hand>> out = new ArrayList<>(groups.values());
        if (out.isEmpty()) {
            out.add(new ArrayList<>());
        }
        out.get(0).addAll(holding);
        return out;
    }

    private static String key(LoadedRun run) {
        return run.config().imageSize() + "@" + run.config().fieldsOfViewDeg();
    }

    private static PyramidSpec pyramidOf(Gaze gaze, List<Hand> hands, PyramidSpec reference) {
        if (gaze.eye() != null) {
            return gaze.eye().pyramid();
        }
        return hands.stream().filter(h -> h.run() != null).findFirst().map(h -> h.run().pyramid()).orElse(reference);
    }

    /** Per run, the slots whose eye or hands it drives. */
    private static Map<LoadedRun, RunBatch> batches(List<Slot> slots) {
        Map<LoadedRun, RunBatch> out = new IdentityHashMap<>();
        for (Slot s : slots) {
            if (s.gaze.eye() != null) {
                out.computeIfAbsent(s.gaze.eye(), RunBatch::new).eyeSlots.add(s);
            }
            for (Hand h : s.hands) {
                if (h.run() != null) {
                    RunBatch b = out.computeIfAbsent(h.run(), RunBatch::new);
                    if (!b.handSlots.contains(s)) {
                        b.handSlots.add(s);
                    }
                }
            }
        }
        return out;
    }

    /** One run's share of a step: its eye over the slots it looks for, its hand over the slots it acts in. */
    private static final class RunBatch implements AutoCloseable {
        final LoadedRun run;
        final PolicyBatch policy;
        final List<Slot> eyeSlots = new ArrayList<>();
        final List<Slot> handSlots = new ArrayList<>();
        EyeMemory memory;

        RunBatch(LoadedRun run) {
            this.run = run;
            this.policy = new PolicyBatch(run);
        }

        /**
         * One pass per step: the eye over all its slots (finished ones repeat their last observation,
         * ignored), the hand over the active slots it acts in, each observation encoded once.
         */
        void act() {
            boolean eye = !eyeSlots.isEmpty() && eyeSlots.stream().anyMatch(s -> !s.ended);
            List<Slot> batch = new ArrayList<>(eye ? eyeSlots : List.of());
            handSlots.stream().filter(s -> !s.finished && !batch.contains(s)).forEach(batch::add);
            if (batch.isEmpty()) {
                return;
            }
            if (eye && memory == null) {
                memory = policy.newMemory(eyeSlots.size());
            }
            int[] steps = eye ? eyeSlots.stream().mapToInt(s -> s.step).toArray() : null;
            boolean hand = batch.stream().anyMatch(s -> !s.finished && handSlots.contains(s));
            PolicyBatch.Out out = policy.act(batch.stream().map(s -> s.observation).toList(), eye ? memory : null, steps, hand);
            if (eye) {
                int a = out.eyeProbs().length / eyeSlots.size();
                for (int i = 0; i < eyeSlots.size(); i++) {
                    eyeSlots.get(i).eyeProbs = java.util.Arrays.copyOfRange(out.eyeProbs(), i * a, (i + 1) * a);
                }
            }
            if (hand) {
                int cj = run.config().chunkFloats();
                for (int i = 0; i < batch.size(); i++) {
                    Slot s = batch.get(i);
                    if (!s.finished && handSlots.contains(s)) {
                        s.chunks.put(run, new float[][] {
                            java.util.Arrays.copyOfRange(out.normalisedChunks(), i * cj, (i + 1) * cj),
                            java.util.Arrays.copyOfRange(out.absoluteChunks(), i * cj, (i + 1) * cj)});
                    }
                }
            }
        }

        @Override
        public void close() {
            if (memory != null) {
                memory.close();
            }
        }
    }

    /** One episode under one gaze with its hands: the gym, the gaze's state, and what was recorded. */
    private static final class Slot {
        final Gaze gaze;
        final List<Hand> hands;
        final int unit;
        final DemoEyeGym gym;
        final int filmEvery;
        final List<List<StepRecord>> records = new ArrayList<>();
        final List<List<StepPrediction>> predictions = new ArrayList<>();
        final List<Film.Frame> film = new ArrayList<>();
        final Map<Integer, float[]> pyramids = new HashMap<>();
        final Map<LoadedRun, float[][]> chunks = new IdentityHashMap<>();
        GazePolicy baseline;
        SplittableRandom sampler;
        EyeObservation observation;
        Info info;
        float[] eyeProbs;
        int action;
        int step;
        int datasetEpisode;
        /** The episode has ended: its last observation is still to be scored. */
        boolean ended;
        /** Everything is recorded. */
        boolean finished;

        Slot(Gaze gaze, List<Hand> hands, int unit, DemoEyeGym gym, int filmEvery) {
            this.gaze = gaze;
            this.hands = List.copyOf(hands);
            this.unit = unit;
            this.gym = gym;
            this.filmEvery = filmEvery;
            for (int h = 0; h < hands.size(); h++) {
                records.add(new ArrayList<>());
                predictions.add(new ArrayList<>());
            }
        }

        void reset(Settings settings) {
            long seed = settings.unitSeed(unit);
            int episode = settings.episodes().get(unit / settings.starts());
            Reset<EyeObservation> r = gym.reset(seed, Options.NONE.with(EyeOptions.EPISODE, episode));
            observation = r.observation();
            info = r.info();
            datasetEpisode = info.get(EyeInfo.DATASET_EPISODE);
            if (gaze.baseline() != null) {
                baseline = gaze.baseline().get();
                baseline.reset(seed);
            }
            sampler = new SplittableRandom(seed ^ 0x5EED5EEDL);
        }

        /** Picks this step's action, then scores every hand's chunk on the current observation. */
        void decideAndRecord(PyramidSpec reference, List<Demonstration> demos, int stride) {
            action = gaze.eye() != null ? choose(eyeProbs, gaze.greedy(), sampler) : baseline.act(observation, info);
            record(reference, demos, stride, action);
        }

        /** Records the current observation; {@code taken} is the action taken from it, −1 after the last. */
        void record(PyramidSpec reference, List<Demonstration> demos, int stride, int taken) {
            HandTarget target = info.get(EyeInfo.HAND_TARGET);
            Demonstration demo = demos.get(info.get(EyeInfo.EPISODE));
            int frame = info.get(EyeInfo.FRAME);
            boolean searching = info.get(EyeInfo.PAUSED);
            boolean closed = info.get(EyeInfo.GRIPPER_CLOSED);
            dev.saccade.sphere.Gaze g = observation.gaze();
            Direction object = info.find(EyeInfo.OBJECT).orElse(null);
            Direction place = info.find(EyeInfo.TARGET).orElse(null);
            Direction gripper = info.find(EyeInfo.GRIPPER).orElse(null);
            boolean moving = Scoring.armSpeed(demo, frame, stride) > Scoring.ARM_MOVING_M_S;
            double actionDeg = taken < 0 ? Double.NaN : stepDegrees(taken);
            boolean objectIn = object != null && Fovea.contains(reference, g, object.yaw(), object.pitch());
            boolean placeIn = place != null && Fovea.contains(reference, g, place.yaw(), place.pitch());
            for (int h = 0; h < hands.size(); h++) {
                Hand hand = hands.get(h);
                float[] normalised;
                float[] absolute;
                ActionStats stats;
                if (hand.run() == null) {
                    absolute = Scoring.holdChunk(target);
                    stats = null;
                    normalised = null;
                } else {
                    float[][] c = chunks.get(hand.run());
                    normalised = c[0];
                    absolute = c[1];
                    stats = hand.run().stats();
                }
                records.get(h).add(new StepRecord(searching, g.yaw(), g.pitch(), actionDeg,
                        Scoring.chamferM(target, absolute), Scoring.endpointM(target, absolute),
                        stats == null ? Double.NaN : Scoring.bcL1(target, normalised, stats),
                        angle(g, object), angle(g, place), angle(g, gripper), objectIn, placeIn, closed, moving));
                // Every hand here predicts on every observation: the chunk in use is always this step's (age 0).
                predictions.get(h).add(new StepPrediction(frame, absolute, 0));
            }
            if (filmEvery >= 0) {
                film.add(new Film.Frame(step, frame, searching, taken, g.yaw(), g.pitch(), object, place, gripper, closed,
                        closed ? placeIn : objectIn));
                if (filmEvery > 0 && step % filmEvery == 0) {
                    pyramids.put(step, observation.pyramid());
                }
            }
        }

        void step() {
            Step<EyeObservation> s = gym.step(action);
            observation = s.observation();
            info = s.info();
            step++;
            ended = s.terminated() || s.truncated();
        }

        private static double angle(dev.saccade.sphere.Gaze g, Direction d) {
            return d == null ? Double.NaN : Fovea.angle(g, d.yaw(), d.pitch());
        }
    }

    /** The step size of an action in degrees: 0 for stay, else 10, 3 or 1. */
    static double stepDegrees(int action) {
        return action == EyeActions.STAY ? 0 : EyeActions.STEP_DEGREES[(action - 1) / EyeActions.DIRECTIONS];
    }

    /** The likeliest action (greedy, first on ties) or one drawn from {@code probs}. */
    static int choose(float[] probs, boolean greedy, SplittableRandom rng) {
        if (greedy) {
            int best = 0;
            for (int i = 1; i < probs.length; i++) {
                if (probs[i] > probs[best]) {
                    best = i;
                }
            }
            return best;
        }
        double total = 0;
        for (float p : probs) {
            total += p;
        }
        double u = rng.nextDouble() * total;
        int last = 0;
        for (int i = 0; i < probs.length; i++) {
            if (probs[i] > 0) {
                last = i;
                u -= probs[i];
                if (u < 0) {
                    return i;
                }
            }
        }
        return last;
    }
}
