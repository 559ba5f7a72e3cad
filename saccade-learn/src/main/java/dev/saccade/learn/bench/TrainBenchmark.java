package dev.saccade.learn.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import dev.saccade.gym.reward.HandReward;
import dev.saccade.learn.encoder.ConvPatchEncoder;
import dev.saccade.learn.nn.Rng;
import dev.saccade.learn.policy.ActionStats;
import dev.saccade.learn.policy.Observation;
import dev.saccade.learn.policy.Policy;
import dev.saccade.learn.policy.PolicyConfig;
import dev.saccade.learn.train.BcRl;
import dev.saccade.gym.rollout.GazeRegime;
import dev.saccade.learn.train.BcRlConfig;
import dev.saccade.learn.train.UpdateStats;
import dev.saccade.learn.train.EnvStep;
import dev.saccade.learn.train.Rollout;
import dev.saccade.learn.train.RolloutSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Timings of the learning code with no environment, per unit of work so that a training
 * configuration's cost can be added up: the encoder (ms per observation), the policy side of a
 * rollout step (encoder, eye and sampling, ms per env step), the hand's reward pass (ms per
 * observation), an eye PPO update (forward and backward of whole episodes, AdamW; ms per sample),
 * a hand BC update (ms per sample), and batch-1 inference latency. From these it derives the
 * policy-side cost of one env step under the training configuration and the env steps per second
 * it allows.
 *
 * <p>The machine is shared and noisy, so each repetition measures every figure once per policy
 * and thread setting, interleaved, together with a baseline (a 512×512 matmul on one thread) timed
 * in the same repetition; ratios are medians of the per-repetition ratios.
 */
public final class TrainBenchmark {
    /**
     * What to measure: policies (e.g. the default and a variant with more tokens), the training
     * configuration whose cost is derived, intra-op thread counts, repetitions, latency calls per
     * repetition.
     */
    public record Settings(List<PolicyConfig> policies, BcRlConfig training, int[] threads, int repeats, int latencyCalls, long seed) {}

    /** One figure for one policy at one thread setting: per-repetition values, ratios to the baseline, and for latency all calls. */
    public record Figure(String name, int policy, int threads, String unit, double[] values, double[] ratios, double[] calls) {
        public double median() {
            return percentile(values, 50);
        }

        public double medianRatio() {
            return ratios == null ? Double.NaN : percentile(ratios, 50);
        }

        /** p50 and p99 over all calls (latency), else NaN. */
        public double callPercentile(double p) {
            return calls == null ? Double.NaN : percentile(calls, p);
        }
    }

    /** Episodes of an eye minibatch in the measurement (4 × 130 = 520 samples, the default's). */
    static final int EYE_ROWS = 4;

    private TrainBenchmark() {}

    /** Runs every measurement; figures ordered by figure, then policy, then thread setting. */
    public static List<Figure> run(Settings s) {
        Engine.getInstance(); // loads libtorch before its threads are set
        BcRlConfig t = s.training();
        int steps = t.run().steps();
        int np = s.policies().size();
        int nt = s.threads().length;
        int reps = s.repeats();
        String[] names = {"baseline: 512² matmul, 1 thread", "encoder", "rollout step, policy side (" + t.run().envs() + " envs: encoder, eye, sampling)",
            "reward pass (hand forward)", "eye PPO update (" + EYE_ROWS + " episodes × " + steps + " steps)",
            "hand BC update (minibatch of " + t.bc().minibatch() + ")", "policy-side cost of one env step (derived)", "batch-1 inference (encoder + eye + hand)"};
        String[] units = {"ms", "ms/observation", "ms/env step", "ms/observation", "ms/sample", "ms/sample", "ms/env step", "ms"};
        double[][][][] v = new double[names.length][np][nt][reps];
        double[][][] calls = new double[np][nt][reps * s.latencyCalls()];
        try (NDManager root = NDManager.newBaseManager()) {
            for (int rep = -1; rep < reps; rep++) { // repetition −1 warms up and is not kept
                for (int pi = 0; pi < np; pi++) {
                    PolicyConfig pc = s.policies().get(pi);
                    for (int ti = 0; ti < nt; ti++) {
                        double[] m = measure(root, pc, t, s.threads()[ti], s.latencyCalls(), s.seed());
                        if (rep >= 0) {
                            for (int f = 0; f < names.length; f++) {
                                v[f][pi][ti][rep] = m[f];
                            }
                            System.arraycopy(m, names.length, calls[pi][ti], rep * s.latencyCalls(), s.latencyCalls());
                        }
                    }
                }
            }
        }
        List<Figure> out = new ArrayList<>();
        for (int f = 0; f < names.length; f++) {
            for (int pi = 0; pi < np; pi++) {
                for (int ti = 0; ti < nt; ti++) {
                    double[] ratios = f == 0 ? null : ratio(v[f][pi][ti], v[0][pi][ti]);
                    out.add(new Figure(names[f], pi, s.threads()[ti], units[f], v[f][pi][ti], ratios, f == names.length - 1 ? calls[pi][ti] : null));
                }
            }
        }
        return out;
    }

    /** One repetition's figures for one policy and thread count, in the order of the names, then the latency calls. */
    private static double[] measure(NDManager root, PolicyConfig pc, BcRlConfig t, int threads, int latencyCalls, long seed) {
        int n = t.run().envs();
        int steps = t.run().steps();
        JniUtils.setNumThreads(1);
        double base = millis(() -> matmul(root));
        JniUtils.setNumThreads(threads);
        // Eye alone (no BC), hand alone (a baseline gaze, so no PPO), each on a rollout of random experience.
        BcRlConfig endless = t.withRun(r -> r.withTotalEnvSteps(1_000_000_000L));
        BcRlConfig eyeOnly = endless.withPpo(p -> p.withMinibatches(1).withEpochs(1).withTargetKl(0)).withRun(r -> r.withEnvs(EYE_ROWS))
                .withBc(b -> b.withEpochs(0));
        BcRlConfig handOnly = endless.withPpo(p -> p.withMinibatches(1)).withRun(r -> r.withEnvs(EYE_ROWS))
                .withTeacher(BcRlConfig.TeacherSettings.NONE).withStages(g -> g.withSearchEnvSteps(0).withGaze(GazeRegime.FIXED))
                .withBc(b -> b.withEpochs((double) t.bc().minibatch() / (EYE_ROWS * (steps + 1))));
        ConvPatchEncoder.Config ec = ConvPatchEncoder.Config.forGrid(pc.imageSize(), pc.grid(), pc.encoderDim());
        double[] out = new double[8 + latencyCalls];
        try (BcRl roller = new BcRl(endless, pc, ActionStats.original(),
                new ConvPatchEncoder(ec, root, seed), HandReward.CHAMFER, root);
             BcRl eye = new BcRl(eyeOnly, pc, ActionStats.original(), new ConvPatchEncoder(ec, root, seed), HandReward.CHAMFER, root);
             BcRl hand = new BcRl(handOnly, pc, ActionStats.original(), new ConvPatchEncoder(ec, root, seed), HandReward.CHAMFER, root);
             Policy policy = new Policy(roller.model(), roller.policy().encoder(), ActionStats.original(), seed, false)) {
            float[] pyramids = random(n * pc.pyramidFloats(), seed);
            RandomSource source = new RandomSource(pc, n, seed);
            Rollout experience = Rollout.synthetic(pc, EYE_ROWS, steps, seed);
            eye.computeAdvantages(experience);
            out[0] = base;
            out[1] = millis(() -> encode(roller, root, pyramids, n)) / n;
            out[2] = millis(() -> roller.collect(source)) / (n * steps);
            out[3] = millis(() -> roller.computeRewards(experience)) / experience.validSteps();
            out[4] = millis(() -> eye.update(experience)) / (EYE_ROWS * steps);
            UpdateStats[] u = new UpdateStats[1];
            double handMs = millis(() -> u[0] = hand.update(experience));
            out[5] = handMs / (Math.max(1, u[0].bcSteps()) * Math.min(t.bc().minibatch(), EYE_ROWS * (steps + 1)));
            // Per env step: the rollout's policy side, the reward pass, the eye's epochs and the hand's share of BC
            // (its epochs over the steps it learns from: the advancing 100 of 130 by default, all with bcPausedSteps).
            double bcPerStep = t.bc().epochs() * (t.bc().pausedSteps() ? 1.0 : 100.0 / 130);
            out[6] = out[2] + (t.stages().rewardFrom() == BcRlConfig.RewardFrom.HAND ? out[3] : 0) + (t.trainEye() ? t.ppo().epochs() * out[4] : 0)
                    + (t.bc().coef() > 0 ? bcPerStep * out[5] : 0);
            Observation o = new Observation(Arrays.copyOf(pyramids, pc.pyramidFloats()), 0.1, -0.05, new float[pc.joints()], 0);
            policy.reset();
            double[] lat = new double[latencyCalls];
            for (int c = 0; c < lat.length; c++) {
                lat[c] = millis(() -> policy.act(o, true));
            }
            out[7] = percentile(lat, 50);
            System.arraycopy(lat, 0, out, 8, latencyCalls);
        }
        return out;
    }

    /**
     * The minibatches of one update under {@code t}, for counting its FLOPs: {@code epochs} passes of
     * env-split eye minibatches (whole episodes), and the hand's {@code ⌈bcEpochs · samples / bcMinibatch⌉}
     * minibatches over the steps it learns from (all {@code steps + 1} observations of each episode
     * with paused steps in BC, else the advancing 100 of 130, as the derived line above counts them).
     */
    public static Flops.Update updateShape(BcRlConfig t) {
        int envs = t.run().envs();
        int perBatch = (envs + t.ppo().minibatches() - 1) / t.ppo().minibatches();
        int eye = t.trainEye() ? t.ppo().epochs() * ((envs + perBatch - 1) / perBatch) : 0;
        double samples = envs * (t.run().steps() + 1.0) * (t.bc().pausedSteps() ? 1.0 : 100.0 / 130);
        int hand = t.bc().coef() > 0 ? (int) Math.ceil(t.bc().epochs() * samples / t.bc().minibatch()) : 0;
        return new Flops.Update(eye, perBatch, t.run().steps(), hand, t.bc().minibatch());
    }

    private static double[] ratio(double[] a, double[] b) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i] / b[i];
        }
        return r;
    }

    private static double millis(Runnable body) {
        long t0 = System.nanoTime();
        body.run();
        return (System.nanoTime() - t0) / 1e6;
    }

    private static void matmul(NDManager root) {
        try (NDManager scope = root.newSubManager()) {
            NDArray a = scope.ones(new Shape(512, 512));
            a.matMul(a).getFloat(0, 0);
        }
    }

    private static void encode(BcRl trainer, NDManager root, float[] pyramids, int n) {
        PolicyConfig pc = trainer.policy().config();
        try (NDManager scope = root.newSubManager()) {
            int s = pc.imageSize();
            trainer.policy().encoder().encode(scope.create(pyramids, new Shape((long) n * pc.levels(), 3, s, s))).getFloat(0, 0, 0);
        }
    }

    private static float[] random(int n, long seed) {
        Rng rng = new Rng(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) rng.nextDouble();
        }
        return v;
    }

    /** The p-th percentile (linear between order statistics). */
    public static double percentile(double[] v, double p) {
        double[] s = v.clone();
        Arrays.sort(s);
        double pos = p / 100 * (s.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = (int) Math.ceil(pos);
        return s[lo] + (s[hi] - s[lo]) * (pos - lo);
    }

    /** Episodes of random pyramids that never end early: the policy side of a rollout, without rendering. */
    private static final class RandomSource implements RolloutSource {
        private final List<EnvStep> steps = new ArrayList<>();

        RandomSource(PolicyConfig c, int envs, long seed) {
            Rng rng = new Rng(seed);
            for (int e = 0; e < envs; e++) {
                float[] pyramid = random(c.pyramidFloats(), rng.nextLong());
                float[] chunk = new float[c.chunkFloats()];
                float[] mask = new float[c.chunk()];
                Arrays.fill(mask, 1f);
                steps.add(new EnvStep(new Observation(pyramid, 0, 0, new float[c.joints()], e % c.tasks()), chunk, mask, 1f, 0f, false, false));
            }
        }

        @Override
        public int envs() {
            return steps.size();
        }

        @Override
        public List<EnvStep> reset(long seed) {
            return steps;
        }

        @Override
        public List<EnvStep> step(int[] actions) {
            return steps;
        }
    }
}
