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
    /** What one update did: mean losses over its minibatches, epochs run, last gradient norms. */
    public record UpdateStats(double policyLoss, double valueLoss, double entropy, double bcLoss,
                              double approxKl, double clipFraction, int epochs, Map<String, Double> gradNorms) {}

    /** How the current policy does on some episodes: mean reward per step and the hand's BC loss. */
    public record Evaluation(double meanReward, double bcLoss, int steps) {}

    /** One iteration's figures, for progress lines and metrics files. */
    public record IterationStats(long iteration, long envSteps, double meanReward, double explainedVariance,
                                 UpdateStats update, double lrFactor, double entropyCoef,
                                 double collectSeconds, double updateSeconds) {}

    private static final int REWARD_BATCH = 128;

    private final BcRlConfig config;
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
        this.model = new Fort(policy, manager, config.seed());
        this.optimizer = new AdamW(model.params(), List.of(Fort.EYE, Fort.HAND),
                new AdamW.Settings(config.beta1(), config.beta2(), config.adamEps(), config.weightDecay(), config.maxGradNorm()));
        this.rng = new Rng(config.seed()).fork(0x5AC);
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
                progress.status(String.format(Locale.ROOT, "reward %.4f bc %.3f kl %.4f",
                        s.meanReward(), s.update().bcLoss(), s.update().approxKl()));
            }
            if (listener != null) {
                listener.accept(s);
            }
            boolean due = config.checkpointEvery() > 0 && iteration % config.checkpointEvery() == 0;
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

    /** Collects, scores and learns from one rollout. */
    public IterationStats iterate(RolloutSource source) {
        long t0 = System.nanoTime();
        threads(rolloutThreads);
        Rollout r = collect(source);
        computeRewards(r);
        double explained = computeAdvantages(r);
        long t1 = System.nanoTime();
        double lrFactor = Schedule.learningRateFactor(config, envSteps);
        double entCoef = Schedule.entropyCoef(config, envSteps);
        threads(updateThreads);
        UpdateStats u = update(r);
        long t2 = System.nanoTime();
        envSteps += r.validSteps();
        iteration++;
        return new IterationStats(iteration, envSteps, r.meanReward(), explained, u, lrFactor, entCoef,
                (t1 - t0) / 1e9, (t2 - t1) / 1e9);
    }

    // ---------------------------------------------------------------- 1. rollout

    /** Runs every env from reset for {@code config.steps()} eye steps, sampling the current eye. */
    public Rollout collect(RolloutSource source) {
        return collect(source, episodeSeed(), rng, false);
    }

    /**
     * Measures the current policy on the episodes {@code source} gives for {@code seed}, without
     * learning and without touching the training random stream: the eye acts greedily or samples
     * from its own stream seeded by {@code seed}.
     */
    public Evaluation evaluate(RolloutSource source, long seed, boolean greedy) {
        Rollout r = collect(source, seed, new Rng(seed).fork(7), greedy);
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

    private Rollout collect(RolloutSource source, long seed, Rng sampler, boolean greedy) {
        int n = config.envs();
        int steps = config.steps();
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
                }
                obs = source.step(actions);
            }
        }
        return r;
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
        }
        return new TokenBatch(n, tokens, gaze, proprio, task);
    }

    private long episodeSeed() {
        return new Rng(config.seed()).fork(1_000_003L * (iteration + 1)).nextLong();
    }

    // ---------------------------------------------------------------- 2. rewards

    /**
     * Fills every step's reward. From the hand (BC-RL): its prediction is scored in batched passes,
     * for step t on the observation its action led to (slot t + 1) or, as the original, on the one it
     * was taken in. From the environment (visual search): the reward the step returned.
     */
    public void computeRewards(Rollout r) {
        int[] slots = new int[r.validSteps()];
        int[] acts = new int[slots.length];
        int k = 0;
        boolean next = config.rewardNextObservation() || config.rewardFrom() == BcRlConfig.RewardFrom.ENV;
        for (int e = 0; e < r.envs; e++) {
            for (int t = 0; t < r.length[e]; t++) {
                slots[k] = r.slot(e, next ? t + 1 : t);
                acts[k++] = r.act(e, t);
            }
        }
        if (config.rewardFrom() == BcRlConfig.RewardFrom.ENV) {
            for (int i = 0; i < slots.length; i++) {
                r.rewards[acts[i]] = r.envReward[slots[i]];
            }
            return;
        }
        int c = policy.chunk();
        int cj = policy.chunkFloats();
        int j = policy.joints();
        for (int from = 0; from < slots.length; from += REWARD_BATCH) {
            int m = Math.min(REWARD_BATCH, slots.length - from);
            int[] part = Arrays.copyOfRange(slots, from, from + m);
            float[] chunks = predictChunks(r, part);
            float[] absolute = new float[cj];
            for (int i = 0; i < m; i++) {
                int s = part[i];
                stats.absoluteChunk(chunks, i * cj, r.proprio, s * j, c, absolute, 0);
                boolean[] valid = new boolean[c];
                for (int f = 0; f < c; f++) {
                    valid[f] = r.chunkMask[s * c + f] > 0;
                }
                if (!valid[0]) {
                    continue; // nothing demonstrated from here: no reward signal
                }
                HandTarget target = new HandTarget(Arrays.copyOfRange(r.demoChunk, s * cj, (s + 1) * cj), valid,
                        Arrays.copyOfRange(r.proprio, s * j, (s + 1) * j));
                r.rewards[acts[from + i]] = (float) reward.score(target, absolute);
            }
        }
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
            float[] adv = Ppo.advantages(rew, val, len, r.ended[e], r.bootstrap[e], config.gamma(), config.gaeLambda());
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

    /** PPO for the eye and BC for the hand on the same rollout, one backward pass per minibatch. */
    public UpdateStats update(Rollout r) {
        int n = r.envs;
        int steps = r.steps;
        float[] adv = normalisedAdvantages(r);
        double lr = Schedule.learningRateFactor(config, envSteps);
        double entCoef = Schedule.entropyCoef(config, envSteps);
        Map<String, Double> lrs = Map.of(Fort.EYE, config.eyeLr() * lr, Fort.HAND, config.handLr() * lr);
        int perBatch = (n + config.minibatches() - 1) / config.minibatches();
        double[] sums = new double[6];
        int batches = 0;
        int epochsRun = 0;
        Map<String, Double> gradNorms = new LinkedHashMap<>();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        try (NDManager updateScope = manager.newSubManager()) {
            // The whole rollout's tokens live natively for the update; minibatches gather their rows.
            NDArray allTokens = updateScope.create(r.tokens, new Shape(n, steps + 1, policy.imageTokens(), policy.encoderDim()));
            for (int epoch = 0; epoch < config.epochs(); epoch++) {
                shuffle(order);
                double lastKl = 0;
                for (int from = 0; from < n; from += perBatch) {
                    int[] envs = Arrays.copyOfRange(order, from, Math.min(n, from + perBatch));
                    try (NDManager scope = updateScope.newSubManager()) {
                        allTokens.tempAttach(scope);
                        double[] s = minibatchStep(scope, r, allTokens, envs, adv, entCoef, lrs, gradNorms);
                        for (int i = 0; i < s.length; i++) {
                            sums[i] += s[i];
                        }
                        lastKl = s[4];
                        batches++;
                    }
                }
                epochsRun++;
                if (config.targetKl() > 0 && lastKl > config.targetKl()) {
                    break; // the original breaks the shared loop, so BC stops with RL
                }
            }
        }
        return new UpdateStats(sums[0] / batches, sums[1] / batches, sums[2] / batches, sums[3] / batches,
                sums[4] / batches, sums[5] / batches, epochsRun, gradNorms);
    }

    /** One gradient step on the rows {@code envs}; returns pg, value, entropy, bc, approx-KL, clip fraction. */
    private double[] minibatchStep(NDManager scope, Rollout r, NDArray allTokens, int[] envs, float[] adv,
                                   double entCoef, Map<String, Double> lrs, Map<String, Double> gradNorms) {
        int b = envs.length;
        int steps = r.steps;
        int a = policy.eyeActions();
        int c = policy.chunk();
        long[] rows = new long[b];
        int[] slots = new int[b * steps];
        float[] oneHot = new float[b * steps * a];
        float[] oldLogp = new float[b * steps];
        float[] advs = new float[b * steps];
        float[] returns = new float[b * steps];
        float[] mask = new float[b * steps];
        float[] bcTarget = new float[b * steps * policy.chunkFloats()];
        float[] bcMask = new float[b * steps * c];
        for (int i = 0; i < b; i++) {
            int e = envs[i];
            rows[i] = e;
            for (int t = 0; t < steps; t++) {
                int k = i * steps + t;
                int slot = r.slot(e, t);
                slots[k] = slot;
                if (!r.valid(e, t)) {
                    continue;
                }
                int act = r.act(e, t);
                oneHot[k * a + r.actions[act]] = 1f;
                oldLogp[k] = r.logProbs[act];
                advs[k] = adv[act];
                returns[k] = r.returns[act];
                mask[k] = 1f;
                stats.normaliseChunk(r.demoChunk, slot * policy.chunkFloats(), r.proprio, slot * policy.joints(), c,
                        bcTarget, k * policy.chunkFloats());
                for (int f = 0; f < c; f++) {
                    bcMask[k * c + f] = r.chunkMask[slot * c + f] * r.bcWeight[slot];
                }
            }
        }
        NDArray tokens = allTokens.get(scope.create(rows)).get(":, :{}", steps)
                .reshape((long) b * steps, policy.imageTokens(), policy.encoderDim());
        Inputs in = Inputs.withTokens(scope, tokens, hostBatch(r, slots, false), policy, stats);
        Shape seq = new Shape(b, steps);
        NDArray maskNd = scope.create(mask, seq);
        double[] out = new double[6];
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            Fort.EyeOut eye = model.eyeSequence(scope, in, b, steps);
            NDArray logp = eye.logits().logSoftmax(2);
            NDArray logRatio = logp.mul(scope.create(oneHot, new Shape(b, steps, a))).sum(new int[] {2})
                    .sub(scope.create(oldLogp, seq));
            NDArray pg = Ppo.policyLoss(logRatio, scope.create(advs, seq), maskNd, config.clip());
            NDArray v = Ppo.valueLoss(eye.values(), scope.create(returns, seq), maskNd);
            NDArray ent = Ppo.maskedMean(Ppo.entropy(logp), maskNd);
            NDArray chunk = model.handChunk(scope, in);
            NDArray bc = Bc.loss(chunk, scope.create(bcTarget, new Shape((long) b * steps, c, policy.joints())),
                    scope.create(bcMask, new Shape((long) b * steps, c)));
            NDArray loss = pg.sub(ent.mul((float) entCoef)).add(v.mul((float) config.valueCoef())).add(bc.mul((float) config.bcCoef()));
            gc.backward(loss);
            out[0] = pg.getFloat();
            out[1] = v.getFloat();
            out[2] = ent.getFloat();
            out[3] = bc.getFloat();
            NDArray detached = logRatio.stopGradient();
            out[4] = Ppo.approxKl(detached, maskNd).getFloat();
            out[5] = Ppo.maskedMean(detached.exp().sub(1f).abs().gt(config.clip()).toType(ai.djl.ndarray.types.DataType.FLOAT32, false), maskNd).getFloat();
        }
        gradNorms.putAll(optimizer.step(scope, lrs));
        return out;
    }

    /** Advantages of valid steps normalised over the whole rollout (when configured). */
    private float[] normalisedAdvantages(Rollout r) {
        float[] adv = r.advantages.clone();
        if (!config.normalizeAdvantages()) {
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

    /** True once the configured number of env steps is done. */
    public boolean finished() {
        return envSteps >= config.totalEnvSteps();
    }

    @Override
    public void close() {
        optimizer.close();
        model.close();
        manager.close();
        encoder.close();
    }
}
