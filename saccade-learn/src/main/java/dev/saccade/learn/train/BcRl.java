package dev.saccade.learn.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.saccade.core.Progress;
import dev.saccade.gym.reward.HandReward;
import dev.saccade.learn.encoder.TokenEncoder;
import dev.saccade.learn.nn.AdamW;
import dev.saccade.learn.nn.Rng;
import dev.saccade.learn.nn.Scalar;
import dev.saccade.learn.policy.ActionStats;
import dev.saccade.learn.policy.EyeLoss;
import dev.saccade.learn.policy.EyeMemory;
import dev.saccade.learn.policy.Fort;
import dev.saccade.learn.policy.HandLoss;
import dev.saccade.learn.policy.PolicyBundle;
import dev.saccade.learn.policy.PolicyConfig;
import dev.saccade.learn.policy.TokenBatch;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * BC-RL: the hand learns by behaviour cloning from what the eye shows it, the eye by PPO from how
 * well the hand then predicts the demonstration (reference/eyerobot.md §4–§5). One iteration, top
 * to bottom, as in {@link #iterate}:
 * <ol>
 *   <li>{@link #collect}: every env from reset, the frozen encoder's tokens once per step, the eye's
 *       actions sampled from the project's own random stream, some handed to the {@link Teacher};</li>
 *   <li>{@link #computeRewards}: one batched hand pass scores every step (the arm replays the
 *       demonstration, so the hand's predictions do not change the episode);</li>
 *   <li>{@link #computeAdvantages}: GAE per row;</li>
 *   <li>{@link #update}: epochs of env-split minibatches, each one backward pass of the eye's
 *       {@link EyeLoss} + the hand's {@link HandLoss} with two AdamW groups, the eye's epochs
 *       stopped early when approx-KL passes the target.</li>
 * </ol>
 * Every step opens its own native scope, so memory stays flat. The same seed, configuration and
 * source give the same weights; a run resumed from a {@link Checkpoint} continues exactly.
 */
public final class BcRl implements AutoCloseable {
    private BcRlConfig config;
    private final PolicyBundle policy;
    private final Teacher teacher;
    private final NDManager manager;
    private final Fort model;
    private final AdamW optimizer;
    private final HandScorer hand;
    private TorchThreads threads = TorchThreads.UNCHANGED;
    private Rng rng;
    private long iteration;
    private long envSteps;

    /**
     * A fresh trainer of {@code policy}'s shape. It takes ownership of the bundle's encoder (frozen:
     * only ever run without gradients) and closes it with itself. {@code reward} scores the hand's
     * chunks (the gym's {@link HandReward#CHAMFER} is the original's).
     */
    public BcRl(BcRlConfig config, PolicyBundle policy, HandReward reward, NDManager parent) {
        this.config = config;
        this.policy = policy;
        this.teacher = Teacher.of(config.teacher());
        this.manager = parent.newSubManager();
        this.model = new Fort(policy.config(), manager, config.run().seed());
        var o = config.optimiser();
        this.optimizer = new AdamW(model.params(), List.of(Fort.EYE, Fort.HAND),
                new AdamW.Settings(o.beta1(), o.beta2(), o.eps(), o.weightDecay(), o.maxGradNorm()));
        this.hand = new HandScorer(model, policy.config(), policy.stats(), reward, manager);
        this.rng = new Rng(config.run().seed()).fork(0x5AC);
    }

    /** A fresh trainer of the policy {@code config}, {@code stats} and {@code encoder} make ({@link PolicyBundle}). */
    public BcRl(BcRlConfig config, PolicyConfig policy, ActionStats stats, TokenEncoder encoder, HandReward reward, NDManager parent) {
        this(config, new PolicyBundle(policy, stats, encoder), reward, parent);
    }

    /**
     * Trains until {@code run.totalEnvSteps} are done (or, from a resumed trainer, the rest of them),
     * writing a checkpoint into {@code runDir} every {@code run.checkpointEvery} iterations, at the
     * end, and when {@code keepGoing} says no. {@code progress} (may be null) advances by env steps;
     * {@code listener} (may be null) sees every iteration's figures.
     */
    public void run(RolloutSource source, Path runDir, Progress progress, Consumer<IterationStats> listener,
                    BooleanSupplier keepGoing) throws IOException {
        while (!finished()) {
            long before = envSteps;
            IterationStats s = iterate(source);
            if (progress != null) {
                progress.advance(envSteps - before);
                progress.status(s.progressLine());
            }
            if (listener != null) {
                listener.accept(s);
            }
            int every = config.run().checkpointEvery();
            boolean stop = !keepGoing.getAsBoolean();
            if ((every > 0 && iteration % every == 0) || finished() || stop) {
                Checkpoint.save(this, runDir);
            }
            if (stop) {
                return;
            }
        }
    }

    /** Collects, scores and learns from one rollout. The iteration that ends the search stage restarts the critic. */
    public IterationStats iterate(RolloutSource source) {
        long t0 = System.nanoTime();
        threads.enterRollout();
        boolean searching = SearchStage.active(config, envSteps);
        Rollout r = collect(source);
        teacher.label(r, hand);
        double handError = computeRewards(r);
        double explained = config.trainEye() ? computeAdvantages(r) : Double.NaN;
        long t1 = System.nanoTime();
        threads.enterUpdate();
        UpdateStats u = update(r);
        long t2 = System.nanoTime();
        IterationStats s = new IterationStats(iteration + 1, envSteps + r.validSteps(), searching, r.meanReward(), handError,
                r.foveaHits(), explained, u, Schedule.learningRateFactor(config, envSteps), Schedule.entropyCoef(config, envSteps),
                (t1 - t0) / 1e9, (t2 - t1) / 1e9, r.expertAgreement(), teacher.weight(envSteps));
        envSteps += r.validSteps();
        iteration++;
        if (searching && !SearchStage.active(config, envSteps)) {
            SearchStage.restartCritic(model, optimizer, policy.config(), manager, config.run().seed());
        }
        return s;
    }

    // ---------------------------------------------------------------- 1. rollout

    /** Runs every env from reset for {@code run.steps} eye steps, sampling the current eye. */
    public Rollout collect(RolloutSource source) {
        return collect(source, new Rng(config.run().seed()).fork(1_000_003L * (iteration + 1)).nextLong(), rng, false, true);
    }

    /** {@code training}: a rollout to learn from, where the teacher may take over steps (never in evaluation). */
    Rollout collect(RolloutSource source, long seed, Rng sampler, boolean greedy, boolean training) {
        int n = config.run().envs();
        int steps = config.run().steps();
        if (source.envs() != n) {
            throw new IllegalArgumentException("source has " + source.envs() + " envs, config " + n);
        }
        Rollout r = new Rollout(policy.config(), n, steps);
        List<EnvStep> obs = source.reset(seed);
        boolean[] done = new boolean[n];
        try (EyeMemory memory = model.newMemory(n)) {
            EyeActor eye = config.trainEye() ? EyeActor.learned(model, policy.config(), policy.stats(), memory, sampler, greedy)
                    : EyeActor.SOURCE_DRIVEN;
            for (int t = 0; t <= steps; t++) {
                boolean anyActive = false;
                boolean anyCut = false;
                boolean[] cut = new boolean[n]; // rows that stop here without their episode ending: bootstrap from their value
                for (int e = 0; e < n; e++) {
                    EnvStep s = obs.get(e);
                    if (!done[e] && (s.done() || t == steps)) {
                        done[e] = true;
                        r.length[e] = t;
                        r.ended[e] = s.done() && s.terminal();
                        cut[e] = !r.ended[e];
                    }
                    anyActive |= !done[e];
                    anyCut |= cut[e];
                }
                int[] actions;
                try (NDManager scope = manager.newSubManager()) {
                    NDArray tokens = policy.encode(scope, obs.stream().map(s -> s.observation().pyramid()).toList());
                    TokenBatch batch = r.store(t, obs, tokens.toFloatArray());
                    r.storeCandidates(t, obs, pyramids -> policy.encode(scope, pyramids).toFloatArray()); // a scoring teacher's (CandidateViews)
                    if (!anyActive && !anyCut) {
                        break;
                    }
                    actions = eye.act(scope, tokens, batch, r, t, done, cut);
                    if (!anyActive) {
                        break;
                    }
                    if (training) {
                        teacher.rollIn(r, t, done, obs, actions, envSteps, rng);
                    }
                }
                obs = source.step(actions);
            }
        }
        return r;
    }

    // ---------------------------------------------------------------- 2. rewards

    /**
     * Fills every step's reward and returns the hand's mean tool0 Chamfer error (metres). From the hand
     * (BC-RL): its prediction is scored in batched passes, for step t on the observation its action
     * led to (slot t + 1) or, as the original, on the one it was taken in. In the search stage, or
     * visual search, the environment's ({@link SearchStage#environmentRewards}).
     */
    public double computeRewards(Rollout r) {
        if (SearchStage.rewardFrom(config, envSteps) == BcRlConfig.RewardFrom.ENV) {
            return SearchStage.environmentRewards(r, hand, config.bc().coef() > 0);
        }
        int[][] steps = r.realSteps(config.stages().rewardNextObservation());
        double[] errors = hand.errors(r, steps[0]);
        for (int i = 0; i < errors.length; i++) {
            r.rewards[steps[1][i]] = Double.isNaN(errors[i]) ? 0f : (float) -errors[i]; // nothing demonstrated: no signal
        }
        return HandScorer.meanOfFinite(errors);
    }

    // ---------------------------------------------------------------- 3. advantages

    /** GAE per row into the rollout's advantages and returns; the explained variance of the values. */
    public double computeAdvantages(Rollout r) {
        var ppo = config.ppo();
        for (int e = 0; e < r.envs; e++) {
            int from = e * r.steps;
            int len = r.length[e];
            float[] adv = Ppo.advantages(Arrays.copyOfRange(r.rewards, from, from + len), Arrays.copyOfRange(r.values, from, from + len),
                    len, r.ended[e], r.bootstrap[e], ppo.gamma(), ppo.gaeLambda());
            for (int t = 0; t < len; t++) {
                r.advantages[from + t] = adv[t];
                r.returns[from + t] = adv[t] + r.values[from + t];
            }
        }
        return Ppo.explainedVariance(r);
    }

    // ---------------------------------------------------------------- 4. update

    /**
     * PPO for the eye and BC for the hand on the same rollout. The eye's minibatches split the envs
     * (each holds whole episode sequences, which its memory needs); the hand's are
     * {@code bc.minibatch} observations drawn from all the rollout's BC-weighted ones (the hand sees
     * one step at a time, and independent samples make better minibatches). {@code epochs ×
     * minibatches} eye steps and {@code ⌈bc.epochs · samples / bc.minibatch⌉} hand steps are spread
     * evenly over the update; a step that has both takes one backward pass of their sum. Approx-KL
     * above its target ends the eye's epochs, not the hand's (the original stops both).
     */
    public UpdateStats update(Rollout r) {
        var ppo = config.ppo();
        float[] adv = ppo.normalizeAdvantages() ? Ppo.normalizedAdvantages(r) : r.advantages.clone();
        double lr = Schedule.learningRateFactor(config, envSteps);
        double imitation = teacher.weight(envSteps);
        EyeLoss.Weights weights = new EyeLoss.Weights(ppo.clip(), Schedule.entropyCoef(config, envSteps), ppo.valueCoef(), imitation);
        Map<String, Double> lrs = Map.of(Fort.EYE, config.optimiser().eyeLr() * lr, Fort.HAND, config.optimiser().handLr() * lr);
        UpdatePlan plan = new UpdatePlan(r.envs, config.trainEye(), ppo, config.bc().coef() > 0 ? r.bcSlots() : new int[0], config.bc(), rng);
        UpdateStats.EyeSums eyeSums = new UpdateStats.EyeSums();
        double bcSum = 0;
        Map<String, Double> gradNorms = new LinkedHashMap<>();
        try (NDManager updateScope = manager.newSubManager()) {
            // The whole rollout's tokens live natively for the update; minibatches gather their rows or slots.
            NDArray allTokens = updateScope.create(r.tokens,
                    new Shape(r.envs, r.steps + 1, policy.config().imageTokens(), policy.config().encoderDim()));
            for (UpdatePlan.Step step = plan.next(); step != null; step = plan.next()) {
                try (NDManager scope = updateScope.newSubManager()) {
                    allTokens.tempAttach(scope);
                    Map<String, Double> stepLrs = new LinkedHashMap<>();
                    NDArray loss = null;
                    EyeLoss.Result eyeLoss = null;
                    NDArray bcLoss = null;
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        if (step.envs() != null) {
                            Minibatches.EyeRows rows = Minibatches.eye(scope, r, allTokens, step.envs(), adv, imitation > 0,
                                    policy.config(), policy.stats());
                            Fort.EyeOut out = model.eyeSequence(scope, rows.inputs(), rows.rows(), rows.steps());
                            eyeLoss = EyeLoss.of(out.logits(), out.values(), rows.batch(), weights);
                            loss = eyeLoss.loss();
                            stepLrs.put(Fort.EYE, lrs.get(Fort.EYE));
                        }
                        if (step.slots() != null) {
                            Minibatches.HandSlots h = Minibatches.hand(scope, r, allTokens, step.slots(), policy.config(), policy.stats());
                            bcLoss = HandLoss.loss(model.handChunk(scope, h.inputs()), h.target(), h.mask());
                            NDArray weighted = Scalar.mul(bcLoss, config.bc().coef());
                            loss = loss == null ? weighted : loss.add(weighted);
                            stepLrs.put(Fort.HAND, lrs.get(Fort.HAND));
                        }
                        gc.backward(loss);
                    }
                    gradNorms.putAll(optimizer.step(scope, stepLrs));
                    if (eyeLoss != null) {
                        eyeSums.add(eyeLoss);
                        plan.eyeStepDone(eyeLoss.approxKl(), ppo.targetKl());
                    }
                    if (bcLoss != null) {
                        bcSum += bcLoss.getFloat();
                        plan.handStepDone();
                    }
                }
            }
        }
        int bcSteps = plan.handSteps();
        return eyeSums.stats(bcSteps == 0 ? Double.NaN : bcSum / bcSteps, plan.epochsRun(), bcSteps, gradNorms, imitation > 0);
    }

    // ---------------------------------------------------------------- state

    /** Sets PyTorch's intra-op threads while collecting and while updating (0: unchanged; {@link TorchThreads}). */
    public void setThreads(int rollout, int update) {
        this.threads = new TorchThreads(rollout, update);
    }

    /** Changes the run's length (schedules are its fractions), as a budget-sized run does once it knows its rate. */
    public void setTotalEnvSteps(long total) {
        if (total < envSteps) {
            throw new IllegalArgumentException("run length " + total + " is below the " + envSteps + " env steps already done");
        }
        config = config.withRun(r -> r.withTotalEnvSteps(total));
    }

    public BcRlConfig config() { return config; }

    /** The policy's configuration, action statistics and frozen encoder. */
    public PolicyBundle policy() { return policy; }

    public Fort model() { return model; }

    /** Scores the current hand's predictions on rollouts. */
    public HandScorer hand() { return hand; }

    AdamW optimizer() { return optimizer; }

    public long iteration() { return iteration; }

    public long envSteps() { return envSteps; }

    long rngState() { return rng.state(); }

    /** Restores counters and the random stream (from a checkpoint). */
    void restore(long iteration, long envSteps, long rngState) {
        this.iteration = iteration;
        this.envSteps = envSteps;
        this.rng = new Rng(rngState);
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
        policy.encoder().close();
    }
}
