package dev.saccade.learn.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.saccade.core.Progress;
import dev.saccade.gym.reward.HandReward;
import dev.saccade.gym.reward.HandTarget;
import dev.saccade.learn.encoder.TokenEncoder;
import dev.saccade.learn.nn.AdamW;
import dev.saccade.learn.nn.Rng;
import dev.saccade.learn.policy.ActionStats;
import dev.saccade.learn.policy.EyeMemory;
import dev.saccade.learn.policy.Fort;
import dev.saccade.learn.policy.Inputs;
import dev.saccade.learn.policy.Observation;
import dev.saccade.learn.policy.Policy;
import dev.saccade.learn.policy.PolicyConfig;
import dev.saccade.learn.policy.TokenBatch;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * BC-RL: the hand learns by behaviour cloning from what the eye shows it, the eye by PPO from how
 * well the hand then predicts the demonstration (reference/eyerobot.md §4–§5). One iteration, top
 * to bottom, as in {@link #iterate}:
 * <ol>
 *   <li>{@link #collect}: every env from reset, the frozen encoder's tokens once per step, the eye's
 *       actions sampled from the project's own random stream;</li>
 *   <li>{@link #computeRewards}: one batched hand pass scores every step (the arm replays the
 *       demonstration, so the hand's predictions do not change the episode);</li>
 *   <li>{@link #computeAdvantages}: GAE per row;</li>
 *   <li>{@link #update}: epochs of env-split minibatches, each one backward pass of
 *       PPO + BC with two AdamW groups, stopped early when approx-KL passes the target.</li>
 * </ol>
 * Every step opens its own native scope, so memory stays flat over any number of iterations. With
 * the same seed, configuration and source, two runs produce the same weights; a run resumed from a
 * {@link Checkpoint} continues exactly.
 */
public final class BcRl implements AutoCloseable {
    /**
     * What one update did: the eye's mean losses over its minibatches and the epochs it ran (NaN when no eye step ran: a baseline gaze), the
     * hand's mean BC loss over its {@code bcSteps} minibatches (NaN without any), last gradient
     * norms, and the eye's mean imitation loss (cross-entropy against the oracle; NaN when not imitating).
     */
    public record UpdateStats(double policyLoss, double valueLoss, double entropy, double bcLoss,
                              double approxKl, double clipFraction, int epochs, int bcSteps, Map<String, Double> gradNorms,
                              double imitationLoss) {}

    /** How the current policy does on some episodes: mean reward per step and the hand's BC loss. */
    public record Evaluation(double meanReward, double bcLoss, int steps) {}

    /**
     * One iteration's figures, for progress lines and metrics files: whether it was in the search
     * stage, the eye's mean reward, the hand's mean tool0 Chamfer error in metres on the rollout
     * (every step in BC-RL, a sample of them in the search stage; NaN if not measured), the share of
     * steps with the relevant thing in the fovea (ground truth, NaN if unknown), the share of
     * actions that were the scripted oracle's (NaN without expert labels), the imitation weight,
     * and timings.
     */
    public record IterationStats(long iteration, long envSteps, boolean search, double meanReward, double handError,
                                 double foveaHits, double explainedVariance, UpdateStats update, double lrFactor,
                                 double entropyCoef, double collectSeconds, double updateSeconds, double expertAgreement,
                                 double imitationCoef) {}

    private static final int REWARD_BATCH = 512;

    private BcRlConfig config;
    private final PolicyConfig policy;
    private final ActionStats stats;
    private final TokenEncoder encoder;
    private final HandReward reward;
    private final NDManager manager;
    private final Fort model;
    private final AdamW optimizer;
    private Rng rng;
    private long iteration;
    private long envSteps;
    private int rolloutThreads;
    private int updateThreads;

    /**
     * A fresh trainer. It takes ownership of {@code encoder} (frozen: only ever run without
     * gradients) and closes it with itself. {@code reward} scores the hand's chunks (the gym's
     * {@link HandReward#CHAMFER} is the original's); it is unused when the eye's reward comes from
     * the environment.
     */
    public BcRl(BcRlConfig config, PolicyConfig policy, ActionStats stats, TokenEncoder encoder, HandReward reward,
                NDManager parent) {
        if (encoder.tokensPerLevel() != policy.tokensPerLevel() || encoder.dim() != policy.encoderDim()
                || encoder.imageSize() != policy.imageSize()) {
            throw new IllegalArgumentException("encoder gives " + encoder.tokensPerLevel() + " tokens of " + encoder.dim()
                    + " for " + encoder.imageSize() + " px; the policy expects " + policy.tokensPerLevel() + " of "
                    + policy.encoderDim() + " for " + policy.imageSize() + " px");
        }
        if (stats.joints() != policy.joints()) {
            throw new IllegalArgumentException("action stats for " + stats.joints() + " joints, policy has " + policy.joints());
        }
        this.config = config;
        this.policy = policy;
        this.stats = stats;
        this.encoder = encoder;
        this.reward = reward;
        this.manager = parent.newSubManager();
        this.model = new Fort(policy, manager, config.run().seed());
        this.optimizer = new AdamW(model.params(), List.of(Fort.EYE, Fort.HAND),
                new AdamW.Settings(config.optimiser().beta1(), config.optimiser().beta2(), config.optimiser().eps(), config.optimiser().weightDecay(), config.optimiser().maxGradNorm()));
        this.rng = new Rng(config.run().seed()).fork(0x5AC);
    }

    /**
     * Trains until {@link BcRlConfig#totalEnvSteps()} are done (or, from a resumed trainer, the
     * rest of them), writing a checkpoint into {@code runDir} every
     * {@link BcRlConfig#checkpointEvery()} iterations and at the end. {@code progress} (may be null)
     * advances by env steps; {@code listener} (may be null) sees every iteration's figures.
     */
    public void run(RolloutSource source, Path runDir, Progress progress, Consumer<IterationStats> listener) throws IOException {
        run(source, runDir, progress, listener, () -> true);
    }

    /** Like {@link #run(RolloutSource, Path, Progress, Consumer)}, stopping early (with a checkpoint) once {@code keepGoing} says no. */
    public void run(RolloutSource source, Path runDir, Progress progress, Consumer<IterationStats> listener,
                    BooleanSupplier keepGoing) throws IOException {
        while (!finished()) {
            long before = envSteps;
            IterationStats s = iterate(source);
            if (progress != null) {
                progress.advance(envSteps - before);
                double kl = s.update().approxKl();
                progress.status(String.format(Locale.ROOT, "%sreward %.4f hand %.1f cm fovea %.0f%% bc %.3f%s%s",
                        s.search() ? "search " : "", s.meanReward(), 100 * s.handError(), 100 * s.foveaHits(),
                        s.update().bcLoss(), Double.isNaN(kl) ? "" : String.format(Locale.ROOT, " kl %.4f", kl),
                        Double.isNaN(s.expertAgreement()) ? "" : String.format(Locale.ROOT, " oracle %.0f%%", 100 * s.expertAgreement())));
            }
            if (listener != null) {
                listener.accept(s);
            }
            boolean due = config.run().checkpointEvery() > 0 && iteration % config.run().checkpointEvery() == 0;
            boolean stop = !keepGoing.getAsBoolean();
            if (due || finished() || stop) {
                Checkpoint.save(this, runDir);
            }
            if (stop) {
                return;
            }
        }
    }

    /**
     * Sets PyTorch's intra-op threads for the two phases of an iteration (0 leaves them as they
     * are). Batch-1 steps of a rollout are served best by one thread, the update's large tensors by
     * all cores (BENCHMARKS.md, section Learning).
     */
    public void setThreads(int rollout, int update) {
        this.rolloutThreads = rollout;
        this.updateThreads = update;
    }

    private static void threads(int n) {
        if (n > 0) {
            Engine.getInstance();
            ai.djl.pytorch.jni.JniUtils.setNumThreads(n);
        }
    }

    /**
     * Collects, scores and learns from one rollout. In the search stage (the run's first
     * {@link BcRlConfig#searchEnvSteps()}) the eye's reward is the environment's; the iteration that
     * ends the stage restarts the critic, whose values were learnt for that reward.
     */
    public IterationStats iterate(RolloutSource source) {
        long t0 = System.nanoTime();
        threads(rolloutThreads);
        boolean searching = searching();
        Rollout r = collect(source);
        double handError = computeRewards(r, searching ? BcRlConfig.RewardFrom.ENV : config.stages().rewardFrom());
        double explained = config.trainEye() ? computeAdvantages(r) : Double.NaN;
        long t1 = System.nanoTime();
        double lrFactor = Schedule.learningRateFactor(config, envSteps);
        double entCoef = Schedule.entropyCoef(config, envSteps);
        double imitation = Schedule.imitationCoef(config, envSteps);
        threads(updateThreads);
        UpdateStats u = update(r);
        long t2 = System.nanoTime();
        envSteps += r.validSteps();
        iteration++;
        if (searching && !searching()) {
            restartCritic();
        }
        return new IterationStats(iteration, envSteps, searching, r.meanReward(), handError, r.foveaHits(), explained, u,
                lrFactor, entCoef, (t1 - t0) / 1e9, (t2 - t1) / 1e9, r.expertAgreement(), imitation);
    }

    /** Whether the run is in its search stage (the eye rewarded by the environment before BC-RL proper). */
    public boolean searching() {
        return config.stages().rewardFrom() == BcRlConfig.RewardFrom.HAND && envSteps < config.stages().searchEnvSteps();
    }

    /** Re-initialises the critic (weights and optimiser moments), as for an eye loaded from another reward. */
    private void restartCritic() {
        Map<String, dev.saccade.learn.io.HostTensor> weights = model.params().toHost();
        try (Fort fresh = new Fort(policy, manager, new Rng(config.run().seed()).fork(0xC817).nextLong())) {
            fresh.params().toHost().forEach((name, t) -> {
                if (name.startsWith(Fort.CRITIC_PREFIX)) {
                    weights.put(name, t);
                }
            });
        }
        model.params().load(weights, null);
        optimizer.resetMoments(name -> name.startsWith(Fort.CRITIC_PREFIX));
    }

    // ---------------------------------------------------------------- 1. rollout

    /** Runs every env from reset for {@code config.run().steps()} eye steps, sampling the current eye. */
    public Rollout collect(RolloutSource source) {
        return collect(source, episodeSeed(), rng, false, true);
    }

    /**
     * Measures the current policy on the episodes {@code source} gives for {@code seed}, without
     * learning and without touching the training random stream: the eye acts greedily or samples
     * from its own stream seeded by {@code seed}.
     */
    public Evaluation evaluate(RolloutSource source, long seed, boolean greedy) {
        Rollout r = collect(source, seed, new Rng(seed).fork(7), greedy, false);
        computeRewards(r);
        int[] slots = new int[r.validSteps()];
        int k = 0;
        for (int e = 0; e < r.envs; e++) {
            for (int t = 0; t < r.length[e]; t++) {
                slots[k++] = r.slot(e, t);
            }
        }
        int c = policy.chunk();
        int cj = policy.chunkFloats();
        double sum = 0;
        double weight = 0;
        float[] target = new float[cj];
        for (int from = 0; from < slots.length; from += REWARD_BATCH) {
            int[] part = Arrays.copyOfRange(slots, from, Math.min(slots.length, from + REWARD_BATCH));
            float[] pred = predictChunks(r, part);
            for (int i = 0; i < part.length; i++) {
                int s = part[i];
                stats.normaliseChunk(r.demoChunk, s * cj, r.proprio, s * policy.joints(), c, target, 0);
                for (int f = 0; f < c; f++) {
                    double m = r.chunkMask[s * c + f] * r.bcWeight[s];
                    for (int j = 0; j < policy.joints(); j++) {
                        sum += m * Math.abs(pred[i * cj + f * policy.joints() + j] - target[f * policy.joints() + j]);
                    }
                    weight += m * policy.joints();
                }
            }
        }
        return new Evaluation(r.meanReward(), sum / Math.max(weight, 1e-12), r.validSteps());
    }

    /** {@code training}: a rollout to learn from, where the oracle may take over steps (never in evaluation). */
    private Rollout collect(RolloutSource source, long seed, Rng sampler, boolean greedy, boolean training) {
        int n = config.run().envs();
        int steps = config.run().steps();
        if (source.envs() != n) {
            throw new IllegalArgumentException("source has " + source.envs() + " envs, config " + n);
        }
        Rollout r = new Rollout(policy, n, steps);
        List<EnvStep> obs = source.reset(seed);
        boolean[] done = new boolean[n];
        int[] time = new int[n];
        try (EyeMemory memory = model.newMemory(n)) {
            for (int t = 0; t <= steps; t++) {
                boolean anyActive = false;
                boolean[] cut = new boolean[n]; // rows that stop here without their episode ending
                for (int e = 0; e < n; e++) {
                    EnvStep s = obs.get(e);
                    if (!done[e] && (s.done() || t == steps)) {
                        done[e] = true;
                        r.length[e] = t;
                        r.ended[e] = s.done() && s.terminal();
                        cut[e] = !r.ended[e];
                    }
                    anyActive |= !done[e];
                    time[e] = t;
                }
                boolean needValues = anyActive;
                for (boolean c : cut) {
                    needValues |= c;
                }
                int[] actions = new int[n];
                try (NDManager scope = manager.newSubManager()) {
                    NDArray tokens = encode(scope, obs);
                    TokenBatch batch = store(r, t, obs, tokens.toFloatArray());
                    if (!needValues) {
                        break;
                    }
                    if (!config.trainEye()) { // the source drives the gaze: no eye to run
                        if (!anyActive) {
                            break;
                        }
                        for (int e = 0; e < n; e++) {
                            actions[e] = done[e] ? -1 : 0;
                        }
                        obs = source.step(actions);
                        continue;
                    }
                    Fort.EyeOut out = model.eyeStep(scope, Inputs.withTokens(scope, tokens, batch, policy, stats), time, memory);
                    float[] values = out.values().toFloatArray();
                    for (int e = 0; e < n; e++) {
                        if (cut[e]) {
                            r.bootstrap[e] = values[e]; // the value of where the row stopped
                        }
                    }
                    if (!anyActive) {
                        break;
                    }
                    float[] logp = out.logits().logSoftmax(1).toFloatArray();
                    sample(r, t, done, logp, values, actions, sampler, greedy);
                    if (training) {
                        handOver(r, t, done, obs, actions);
                    }
                }
                obs = source.step(actions);
            }
        }
        return r;
    }

    /**
     * DAgger's roll-in mixing while training: each active env's action is the scripted oracle's
     * instead, with probability {@link Schedule#expertShare}, so the eye also visits the states
     * the oracle leads to (on the object, where it must learn to hold still). Such steps are left
     * out of PPO (the eye did not choose them) and kept for imitation and BC.
     */
    private void handOver(Rollout r, int t, boolean[] done, List<EnvStep> obs, int[] actions) {
        double share = Schedule.expertShare(config, envSteps);
        if (share <= 0) {
            return;
        }
        for (int e = 0; e < actions.length; e++) {
            int expert = obs.get(e).expertAction();
            if (!done[e] && expert >= 0 && rng.nextDouble() < share) {
                actions[e] = expert;
                r.actions[r.act(e, t)] = expert;
                r.expertDriven[r.act(e, t)] = true;
            }
        }
    }

    /** Samples each active env's action from the eye's distribution (or takes the likeliest). */
    private void sample(Rollout r, int t, boolean[] done, float[] logp, float[] values, int[] actions, Rng sampler, boolean greedy) {
        int a = policy.eyeActions();
        float[] probs = new float[a];
        for (int e = 0; e < actions.length; e++) {
            if (done[e]) {
                actions[e] = -1;
                continue;
            }
            for (int k = 0; k < a; k++) {
                probs[k] = (float) Math.exp(logp[e * a + k]);
            }
            int action = greedy ? Policy.likeliest(probs) : sampler.nextCategorical(probs, 0, a);
            actions[e] = action;
            r.actions[r.act(e, t)] = action;
            r.logProbs[r.act(e, t)] = logp[e * a + action];
            r.values[r.act(e, t)] = values[e];
        }
    }

    /** Tokens {@code [n, imageTokens, encoderDim]} of the observations' pyramids, without gradients. */
    NDArray encode(NDManager scope, List<EnvStep> obs) {
        int n = obs.size();
        int per = policy.pyramidFloats();
        float[] pyramids = new float[n * per];
        for (int e = 0; e < n; e++) {
            float[] p = obs.get(e).observation().pyramid();
            if (p.length != per) {
                throw new IllegalArgumentException("env " + e + ": pyramid of " + p.length + " floats, expected " + per);
            }
            System.arraycopy(p, 0, pyramids, e * per, per);
        }
        int s = policy.imageSize();
        NDArray images = scope.create(pyramids, new Shape((long) n * policy.levels(), 3, s, s));
        return encoder.encode(images).reshape(n, policy.imageTokens(), policy.encoderDim());
    }

    /** Copies slot t of every row into the rollout; returns the slot's model inputs. */
    private TokenBatch store(Rollout r, int t, List<EnvStep> obs, float[] tokens) {
        int n = obs.size();
        int per = policy.imageTokens() * policy.encoderDim();
        int cj = policy.chunkFloats();
        float[] gaze = new float[2 * n];
        float[] proprio = new float[n * policy.joints()];
        int[] task = new int[n];
        for (int e = 0; e < n; e++) {
            EnvStep s = obs.get(e);
            Observation o = s.observation();
            int slot = r.slot(e, t);
            System.arraycopy(tokens, e * per, r.tokens, slot * per, per);
            gaze[2 * e] = (float) o.yaw();
            gaze[2 * e + 1] = (float) o.pitch();
            System.arraycopy(o.proprio(), 0, proprio, e * policy.joints(), policy.joints());
            task[e] = o.task();
            r.gaze[2 * slot] = gaze[2 * e];
            r.gaze[2 * slot + 1] = gaze[2 * e + 1];
            System.arraycopy(o.proprio(), 0, r.proprio, slot * policy.joints(), policy.joints());
            r.task[slot] = o.task();
            System.arraycopy(s.demoChunk(), 0, r.demoChunk, slot * cj, cj);
            System.arraycopy(s.chunkMask(), 0, r.chunkMask, slot * policy.chunk(), policy.chunk());
            r.bcWeight[slot] = s.bcWeight();
            r.envReward[slot] = s.reward();
            r.inFovea[slot] = s.inFovea();
            r.expertAction[slot] = s.expertAction();
            if (s.expertPolicy() != null) {
                System.arraycopy(s.expertPolicy(), 0, r.expertPolicy, slot * r.actionCount, r.actionCount);
            } else if (s.expertAction() >= 0) {
                r.expertPolicy[slot * r.actionCount + s.expertAction()] = 1f;
            }
        }
        return new TokenBatch(n, tokens, gaze, proprio, task);
    }

    private long episodeSeed() {
        return new Rng(config.run().seed()).fork(1_000_003L * (iteration + 1)).nextLong();
    }

    // ---------------------------------------------------------------- 2. rewards

    /**
     * Fills every step's reward for the current stage; returns the hand's mean tool0 Chamfer error
     * (metres) on the rollout.
     */
    public double computeRewards(Rollout r) {
        return computeRewards(r, searching() ? BcRlConfig.RewardFrom.ENV : config.stages().rewardFrom());
    }

    /**
     * Fills every step's reward and returns the hand's mean tool0 Chamfer error (metres). From the
     * hand (BC-RL): its prediction is scored in batched passes, for step t on the observation its
     * action led to (slot t + 1) or, as the original, on the one it was taken in; the error is the
     * mean over those. From the environment (visual search): the reward the step returned; the hand
     * is then only watched, on every {@value #HAND_WATCH}th step (NaN if it does not learn).
     */
    double computeRewards(Rollout r, BcRlConfig.RewardFrom from) {
        int[] slots = new int[r.validSteps()];
        int[] acts = new int[slots.length];
        int k = 0;
        boolean next = config.stages().rewardNextObservation() || from == BcRlConfig.RewardFrom.ENV;
        for (int e = 0; e < r.envs; e++) {
            for (int t = 0; t < r.length[e]; t++) {
                slots[k] = r.slot(e, next ? t + 1 : t);
                acts[k++] = r.act(e, t);
            }
        }
        if (from == BcRlConfig.RewardFrom.ENV) {
            for (int i = 0; i < slots.length; i++) {
                r.rewards[acts[i]] = r.envReward[slots[i]];
            }
            if (config.bc().coef() == 0) {
                return Double.NaN;
            }
            int[] watched = new int[(slots.length + HAND_WATCH - 1) / HAND_WATCH];
            for (int i = 0; i < watched.length; i++) {
                watched[i] = slots[i * HAND_WATCH];
            }
            return mean(handErrors(r, watched));
        }
        double[] errors = handErrors(r, slots);
        for (int i = 0; i < slots.length; i++) {
            r.rewards[acts[i]] = Double.isNaN(errors[i]) ? 0f : (float) -errors[i]; // nothing demonstrated: no signal
        }
        return mean(errors);
    }

    /** Steps of which the search stage watches the hand's error (one in this many). */
    static final int HAND_WATCH = 8;

    /** The hand's tool0 Chamfer error (metres) at each observation slot, NaN where nothing is demonstrated. */
    private double[] handErrors(Rollout r, int[] slots) {
        int c = policy.chunk();
        int cj = policy.chunkFloats();
        int j = policy.joints();
        double[] out = new double[slots.length];
        float[] absolute = new float[cj];
        for (int from = 0; from < slots.length; from += REWARD_BATCH) {
            int m = Math.min(REWARD_BATCH, slots.length - from);
            int[] part = Arrays.copyOfRange(slots, from, from + m);
            float[] chunks = predictChunks(r, part);
            for (int i = 0; i < m; i++) {
                int s = part[i];
                boolean[] valid = new boolean[c];
                for (int f = 0; f < c; f++) {
                    valid[f] = r.chunkMask[s * c + f] > 0;
                }
                if (!valid[0]) {
                    out[from + i] = Double.NaN;
                    continue;
                }
                stats.absoluteChunk(chunks, i * cj, r.proprio, s * j, c, absolute, 0);
                HandTarget target = new HandTarget(Arrays.copyOfRange(r.demoChunk, s * cj, (s + 1) * cj), valid,
                        Arrays.copyOfRange(r.proprio, s * j, (s + 1) * j));
                out[from + i] = -reward.score(target, absolute);
            }
        }
        return out;
    }

    private static double mean(double[] v) {
        double sum = 0;
        int n = 0;
        for (double x : v) {
            if (!Double.isNaN(x)) {
                sum += x;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** The hand's normalised chunks for the given observation slots, without gradients. */
    private float[] predictChunks(Rollout r, int[] slots) {
        try (NDManager scope = manager.newSubManager()) {
            return model.handChunk(scope, Inputs.create(scope, hostBatch(r, slots, true), policy, stats)).toFloatArray();
        }
    }

    // ---------------------------------------------------------------- 3. advantages

    /** GAE per row into {@code r.advantages}, returns alongside; the explained variance of the values. */
    public double computeAdvantages(Rollout r) {
        int steps = r.steps;
        double sumR = 0;
        double sumR2 = 0;
        double sumE = 0;
        double sumE2 = 0;
        int n = 0;
        for (int e = 0; e < r.envs; e++) {
            int len = r.length[e];
            float[] rew = Arrays.copyOfRange(r.rewards, e * steps, e * steps + len);
            float[] val = Arrays.copyOfRange(r.values, e * steps, e * steps + len);
            float[] adv = Ppo.advantages(rew, val, len, r.ended[e], r.bootstrap[e], config.ppo().gamma(), config.ppo().gaeLambda());
            for (int t = 0; t < len; t++) {
                int i = r.act(e, t);
                r.advantages[i] = adv[t];
                r.returns[i] = adv[t] + r.values[i];
                double err = r.returns[i] - r.values[i];
                sumR += r.returns[i];
                sumR2 += r.returns[i] * r.returns[i];
                sumE += err;
                sumE2 += err * err;
                n++;
            }
        }
        if (n < 2) {
            return Double.NaN;
        }
        double varR = sumR2 / n - (sumR / n) * (sumR / n);
        double varE = sumE2 / n - (sumE / n) * (sumE / n);
        return varR <= 1e-12 ? Double.NaN : 1 - varE / varR;
    }

    // ---------------------------------------------------------------- 4. update

    /**
     * PPO for the eye and BC for the hand on the same rollout. The eye's minibatches split the envs
     * (each holds whole episode sequences, which its memory needs); the hand's are
     * {@link BcRlConfig#bcMinibatch()} observations drawn from all the rollout's BC-weighted ones
     * (the hand sees one step at a time, and independent samples make better minibatches).
     * {@code epochs × minibatches} eye steps and {@code ⌈bcEpochs · samples / bcMinibatch⌉} hand
     * steps are spread evenly over the update; a step that has both takes one backward pass of
     * their sum. Approx-KL above its target ends the eye's epochs, not the hand's (the original
     * stops both; here the hand keeps its gradient steps when the eye moves fast).
     */
    public UpdateStats update(Rollout r) {
        int n = r.envs;
        float[] adv = normalisedAdvantages(r);
        double lr = Schedule.learningRateFactor(config, envSteps);
        double entCoef = Schedule.entropyCoef(config, envSteps);
        double imitation = Schedule.imitationCoef(config, envSteps);
        Map<String, Double> lrs = Map.of(Fort.EYE, config.optimiser().eyeLr() * lr, Fort.HAND, config.optimiser().handLr() * lr);
        int perBatch = (n + config.ppo().minibatches() - 1) / config.ppo().minibatches();
        int eyePerEpoch = (n + perBatch - 1) / perBatch;
        int eyeSteps = config.trainEye() ? config.ppo().epochs() * eyePerEpoch : 0;
        int[] bcSlots = config.bc().coef() > 0 ? bcSlots(r) : new int[0];
        int bcSteps = bcSlots.length == 0 ? 0 : (int) Math.ceil(config.bc().epochs() * bcSlots.length / config.bc().minibatch());
        int total = Math.max(eyeSteps, bcSteps);
        double[] eyeSums = new double[6];
        double bcSum = 0;
        int eyeDone = 0;
        int bcDone = 0;
        int epochsRun = 0;
        double epochKl = 0;
        Map<String, Double> gradNorms = new LinkedHashMap<>();
        int[] envOrder = identity(n);
        int[] bcOrder = bcSlots.clone();
        int bcNext = bcOrder.length;
        try (NDManager updateScope = manager.newSubManager()) {
            // The whole rollout's tokens live natively for the update; minibatches gather their rows or slots.
            NDArray allTokens = updateScope.create(r.tokens, new Shape(n, r.steps + 1, policy.imageTokens(), policy.encoderDim()));
            for (int i = 0; i < total; i++) {
                // Bresenham: eye step k falls on the i where ⌊(i+1)·eyeSteps/total⌋ passes k (likewise for BC).
                boolean eye = eyeDone < eyeSteps && (long) (i + 1) * eyeSteps / total > eyeDone;
                boolean bc = bcDone < bcSteps && (long) (i + 1) * bcSteps / total > bcDone;
                if (!eye && !bc) {
                    continue;
                }
                int[] envs = null;
                if (eye) {
                    int k = eyeDone % eyePerEpoch;
                    if (k == 0) {
                        shuffle(envOrder);
                    }
                    envs = Arrays.copyOfRange(envOrder, k * perBatch, Math.min(n, (k + 1) * perBatch));
                }
                int[] slots = null;
                if (bc) {
                    slots = new int[Math.min(config.bc().minibatch(), bcOrder.length)];
                    for (int j = 0; j < slots.length; j++) {
                        if (bcNext == bcOrder.length) {
                            shuffle(bcOrder);
                            bcNext = 0;
                        }
                        slots[j] = bcOrder[bcNext++];
                    }
                }
                try (NDManager scope = updateScope.newSubManager()) {
                    allTokens.tempAttach(scope);
                    Map<String, Double> stepLrs = new LinkedHashMap<>();
                    NDArray loss = null;
                    double[] eyeStats = null;
                    NDArray bcLoss = null;
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        if (eye) {
                            EyeLoss l = eyeLoss(scope, r, allTokens, envs, adv, entCoef, imitation);
                            loss = l.loss();
                            eyeStats = l.stats();
                            stepLrs.put(Fort.EYE, lrs.get(Fort.EYE));
                        }
                        if (bc) {
                            bcLoss = handLoss(scope, r, allTokens, slots);
                            NDArray weighted = bcLoss.mul((float) config.bc().coef());
                            loss = loss == null ? weighted : loss.add(weighted);
                            stepLrs.put(Fort.HAND, lrs.get(Fort.HAND));
                        }
                        gc.backward(loss);
                    }
                    gradNorms.putAll(optimizer.step(scope, stepLrs));
                    if (eye) {
                        for (int j = 0; j < eyeSums.length; j++) {
                            eyeSums[j] += eyeStats[j];
                        }
                        epochKl = Math.max(epochKl, eyeStats[3]);
                        eyeDone++;
                        if (eyeDone % eyePerEpoch == 0) {
                            epochsRun++;
                            if (config.ppo().targetKl() > 0 && epochKl > config.ppo().targetKl()) {
                                eyeSteps = eyeDone; // the eye's epochs end here; the hand's steps go on
                            }
                            epochKl = 0;
                        }
                    }
                    if (bc) {
                        bcSum += bcLoss.getFloat();
                        bcDone++;
                    }
                }
            }
        }
        double e = eyeDone == 0 ? Double.NaN : eyeDone; // no eye step (a baseline gaze): its figures are not measured, not 0
        return new UpdateStats(eyeSums[0] / e, eyeSums[1] / e, eyeSums[2] / e, bcDone == 0 ? Double.NaN : bcSum / bcDone,
                eyeSums[3] / e, eyeSums[4] / e, epochsRun, bcDone, gradNorms, imitation > 0 && eyeDone > 0 ? eyeSums[5] / e : Double.NaN);
    }

    /** Observation slots the hand learns from: real steps with BC weight and at least one demonstrated frame. */
    private int[] bcSlots(Rollout r) {
        int c = policy.chunk();
        int[] out = new int[r.envs * (r.steps + 1)];
        int k = 0;
        for (int e = 0; e < r.envs; e++) {
            for (int t = 0; t <= r.length[e]; t++) {
                int s = r.slot(e, t);
                if (r.bcWeight[s] > 0 && r.chunkMask[s * c] > 0) {
                    out[k++] = s;
                }
            }
        }
        return Arrays.copyOf(out, k);
    }

    private static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    /** The eye's loss on some rows and its figures: pg, value, entropy, approx-KL, clip fraction, imitation. */
    private record EyeLoss(NDArray loss, double[] stats) {}

    /**
     * PPO's loss on whole episode rows {@code envs}: clipped surrogate − entropy bonus + value loss,
     * plus {@code imitation} × the cross-entropy of the eye's distribution against the oracle's
     * actions where the rollout has them.
     */
    private EyeLoss eyeLoss(NDManager scope, Rollout r, NDArray allTokens, int[] envs, float[] adv, double entCoef, double imitation) {
        int b = envs.length;
        int steps = r.steps;
        int a = policy.eyeActions();
        long[] rows = new long[b];
        int[] slots = new int[b * steps];
        float[] oneHot = new float[b * steps * a];
        float[] oldLogp = new float[b * steps];
        float[] advs = new float[b * steps];
        float[] returns = new float[b * steps];
        float[] mask = new float[b * steps];
        float[] expertTarget = imitation > 0 ? new float[b * steps * a] : null;
        float[] expertMask = imitation > 0 ? new float[b * steps] : null;
        for (int i = 0; i < b; i++) {
            int e = envs[i];
            rows[i] = e;
            for (int t = 0; t < steps; t++) {
                int k = i * steps + t;
                slots[k] = r.slot(e, t);
                if (!r.valid(e, t)) {
                    continue;
                }
                int act = r.act(e, t);
                oneHot[k * a + r.actions[act]] = 1f;
                oldLogp[k] = r.logProbs[act];
                advs[k] = adv[act];
                returns[k] = r.returns[act];
                mask[k] = r.expertDriven[act] ? 0f : 1f;
                int expert = r.expertAction[slots[k]];
                if (expertTarget != null && expert >= 0) {
                    System.arraycopy(r.expertPolicy, slots[k] * a, expertTarget, k * a, a); // one-hot for hard labels, spread for soft
                    expertMask[k] = 1f;
                }
            }
        }
        NDArray tokens = allTokens.get(scope.create(rows)).get(":, :{}", steps)
                .reshape((long) b * steps, policy.imageTokens(), policy.encoderDim());
        Inputs in = Inputs.withTokens(scope, tokens, hostBatch(r, slots, false), policy, stats);
        Shape seq = new Shape(b, steps);
        NDArray maskNd = scope.create(mask, seq);
        Fort.EyeOut eye = model.eyeSequence(scope, in, b, steps);
        NDArray logp = eye.logits().logSoftmax(2);
        NDArray logRatio = logp.mul(scope.create(oneHot, new Shape(b, steps, a))).sum(new int[] {2})
                .sub(scope.create(oldLogp, seq));
        NDArray pg = Ppo.policyLoss(logRatio, scope.create(advs, seq), maskNd, config.ppo().clip());
        NDArray v = Ppo.valueLoss(eye.values(), scope.create(returns, seq), maskNd);
        NDArray ent = Ppo.maskedMean(Ppo.entropy(logp), maskNd);
        NDArray loss = pg.sub(ent.mul((float) entCoef)).add(v.mul((float) config.ppo().valueCoef()));
        double imitationLoss = Double.NaN;
        if (expertTarget != null) {
            NDArray expertLogp = logp.mul(scope.create(expertTarget, new Shape(b, steps, a))).sum(new int[] {2});
            NDArray ce = Ppo.maskedMean(expertLogp.neg(), scope.create(expertMask, seq));
            loss = loss.add(ce.mul((float) imitation));
            imitationLoss = ce.getFloat();
        }
        NDArray detached = logRatio.stopGradient();
        double kl = Ppo.approxKl(detached, maskNd).getFloat();
        double clipped = Ppo.maskedMean(detached.exp().sub(1f).abs().gt(config.ppo().clip())
                .toType(ai.djl.ndarray.types.DataType.FLOAT32, false), maskNd).getFloat();
        return new EyeLoss(loss, new double[] {pg.getFloat(), v.getFloat(), ent.getFloat(), kl, clipped, imitationLoss});
    }

    /** The hand's BC loss on observation slots {@code slots}. */
    private NDArray handLoss(NDManager scope, Rollout r, NDArray allTokens, int[] slots) {
        int m = slots.length;
        int c = policy.chunk();
        int cj = policy.chunkFloats();
        long[] index = new long[m];
        float[] target = new float[m * cj];
        float[] mask = new float[m * c];
        for (int i = 0; i < m; i++) {
            int s = slots[i];
            index[i] = s;
            stats.normaliseChunk(r.demoChunk, s * cj, r.proprio, s * policy.joints(), c, target, i * cj);
            for (int f = 0; f < c; f++) {
                mask[i * c + f] = r.chunkMask[s * c + f] * r.bcWeight[s];
            }
        }
        NDArray tokens = allTokens.reshape(-1, policy.imageTokens(), policy.encoderDim()).get(scope.create(index));
        Inputs in = Inputs.withTokens(scope, tokens, hostBatch(r, slots, false), policy, stats);
        NDArray chunk = model.handChunk(scope, in);
        return Bc.loss(chunk, scope.create(target, new Shape(m, c, policy.joints())), scope.create(mask, new Shape(m, c)));
    }

    /** Advantages of valid steps normalised over the whole rollout (when configured). */
    private float[] normalisedAdvantages(Rollout r) {
        float[] adv = r.advantages.clone();
        if (!config.ppo().normalizeAdvantages()) {
            return adv;
        }
        float[] valid = new float[r.validSteps()];
        int k = 0;
        for (int e = 0; e < r.envs; e++) {
            for (int t = 0; t < r.length[e]; t++) {
                valid[k++] = adv[r.act(e, t)];
            }
        }
        Ppo.normalize(valid, valid.length);
        k = 0;
        for (int e = 0; e < r.envs; e++) {
            for (int t = 0; t < r.length[e]; t++) {
                adv[r.act(e, t)] = valid[k++];
            }
        }
        return adv;
    }

    /** Fisher–Yates with the trainer's random stream. */
    private void shuffle(int[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int tmp = a[i];
            a[i] = a[j];
            a[j] = tmp;
        }
    }

    /** Model inputs of the given observation slots (tokens copied only if asked). */
    private TokenBatch hostBatch(Rollout r, int[] slots, boolean withTokens) {
        int m = slots.length;
        int per = policy.imageTokens() * policy.encoderDim();
        float[] tokens = new float[withTokens ? m * per : 0];
        float[] gaze = new float[2 * m];
        float[] proprio = new float[m * policy.joints()];
        int[] task = new int[m];
        for (int i = 0; i < m; i++) {
            int s = slots[i];
            if (withTokens) {
                System.arraycopy(r.tokens, s * per, tokens, i * per, per);
            }
            gaze[2 * i] = r.gaze[2 * s];
            gaze[2 * i + 1] = r.gaze[2 * s + 1];
            System.arraycopy(r.proprio, s * policy.joints(), proprio, i * policy.joints(), policy.joints());
            task[i] = r.task[s];
        }
        return new TokenBatch(m, tokens, gaze, proprio, task);
    }

    // ---------------------------------------------------------------- state

    public BcRlConfig config() {
        return config;
    }

    public PolicyConfig policyConfig() {
        return policy;
    }

    public ActionStats actionStats() {
        return stats;
    }

    public Fort model() {
        return model;
    }

    public TokenEncoder encoder() {
        return encoder;
    }

    AdamW optimizer() {
        return optimizer;
    }

    public long iteration() {
        return iteration;
    }

    public long envSteps() {
        return envSteps;
    }

    long rngState() {
        return rng.state();
    }

    /** Restores counters and the random stream (from a checkpoint). */
    void restore(long iteration, long envSteps, long rngState) {
        this.iteration = iteration;
        this.envSteps = envSteps;
        this.rng = new Rng(rngState);
    }

    /**
     * Changes the run's length (schedules are fractions of it), as a budget-sized run does once it has
     * measured its own rate. Must not be below the env steps already done.
     */
    public void setTotalEnvSteps(long total) {
        if (total < envSteps) {
            throw new IllegalArgumentException("run length " + total + " is below the " + envSteps + " env steps already done");
        }
        config = config.withRun(r -> r.withTotalEnvSteps(total));
    }

    /** True once the configured number of env steps is done. */
    public boolean finished() {
        return envSteps >= config.run().totalEnvSteps();
    }

    @Override
    public void close() {
        optimizer.close();
        model.close();
        manager.close();
        encoder.close();
    }
}
