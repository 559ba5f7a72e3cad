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
import dev.saccade.learn.train.BcRlConfig;
import dev.saccade.learn.train.EnvStep;
import dev.saccade.learn.train.Rollout;
import dev.saccade.learn.train.RolloutSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Timings of the learning code with no environment: the encoder's tokens/s, the policy side of a
 * rollout step (encoder, eye, sampling), one PPO+BC update step (one minibatch: eye over whole
 * episodes, hand, one backward pass, two AdamW groups) and batch-1 inference latency.
 *
 * <p>The machine is shared and noisy, so each repetition measures every figure once per thread
 * setting, interleaved, together with a baseline (a 512×512 matmul on one thread) timed in the same
 * repetition; ratios are medians of the per-repetition ratios.
 */
public final class TrainBenchmark {
    /** What to measure: sizes, thread settings, repetitions and latency calls per repetition. */
    public record Settings(PolicyConfig policy, BcRlConfig training, int[] threads, int repeats, int latencyCalls, long seed) {}

    /** One figure at one thread setting: per-repetition values, ratios to the baseline, and for latency the pooled calls. */
    public record Figure(String name, int threads, String unit, double[] values, double[] ratios, double[] calls) {
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

    private TrainBenchmark() {}

    /** Runs every measurement; figures in a stable order (by figure, then thread setting). */
    public static List<Figure> run(Settings s) {
        Engine.getInstance(); // loads libtorch before its threads are set
        PolicyConfig pc = s.policy();
        BcRlConfig t = s.training();
        int n = t.envs();
        int perBatch = (n + t.minibatches() - 1) / t.minibatches();
        int k = s.threads().length;
        int reps = s.repeats();
        double[][] baseline = new double[k][reps];
        double[][] encoder = new double[k][reps];
        double[][] rollout = new double[k][reps];
        double[][] update = new double[k][reps];
        double[][] latency = new double[k][reps];
        double[][] calls = new double[k][reps * s.latencyCalls()];
        try (NDManager root = NDManager.newBaseManager()) {
            ConvPatchEncoder.Config ec = ConvPatchEncoder.Config.forGrid(pc.imageSize(), pc.grid(), pc.encoderDim());
            try (BcRl trainer = new BcRl(t, pc, ActionStats.original(), new ConvPatchEncoder(ec, root, s.seed()), HandReward.CHAMFER, root);
                 Policy policy = new Policy(trainer.model(), trainer.encoder(), ActionStats.original(), s.seed(), false)) {
                float[] pyramids = random(n * pc.pyramidFloats(), s.seed());
                RandomSource source = new RandomSource(pc, n, s.seed());
                Rollout experience = Rollout.synthetic(pc, n, t.steps(), s.seed());
                trainer.computeAdvantages(experience);
                Observation o = new Observation(Arrays.copyOf(pyramids, pc.pyramidFloats()), 0.1, -0.05, new float[pc.joints()], 0);
                for (int rep = -1; rep < reps; rep++) { // repetition −1 warms up and is not kept
                    for (int ti = 0; ti < k; ti++) {
                        int r = rep;
                        JniUtils.setNumThreads(1);
                        double base = millis(() -> matmul(root));
                        JniUtils.setNumThreads(s.threads()[ti]);
                        double enc = millis(() -> encode(trainer, root, pyramids, n));
                        double roll = millis(() -> trainer.collect(source)) / t.steps();
                        double upd = millis(() -> trainer.update(experience)) / (t.epochs() * Math.ceil((double) n / perBatch));
                        policy.reset();
                        double[] lat = new double[s.latencyCalls()];
                        for (int c = 0; c < lat.length; c++) {
                            lat[c] = millis(() -> policy.act(o, true));
                        }
                        if (r >= 0) {
                            baseline[ti][r] = base;
                            encoder[ti][r] = enc;
                            rollout[ti][r] = roll;
                            update[ti][r] = upd;
                            latency[ti][r] = percentile(lat, 50);
                            System.arraycopy(lat, 0, calls[ti], r * lat.length, lat.length);
                        }
                    }
                }
            }
        }
        List<Figure> out = new ArrayList<>();
        int tokens = n * pc.imageTokens();
        for (int ti = 0; ti < k; ti++) {
            int th = s.threads()[ti];
            out.add(new Figure("baseline: 512² matmul, 1 thread", th, "ms", baseline[ti], null, null));
        }
        for (int ti = 0; ti < k; ti++) {
            out.add(new Figure("encoder, " + n + " observations (" + tokens + " tokens)", s.threads()[ti], "ms",
                    encoder[ti], ratio(encoder[ti], baseline[ti]), null));
            out.add(new Figure("encoder throughput", s.threads()[ti], "tokens/s", per(tokens, encoder[ti]), null, null));
        }
        for (int ti = 0; ti < k; ti++) {
            out.add(new Figure("rollout step, policy side (" + n + " envs: encoder + eye + sampling)", s.threads()[ti], "ms",
                    rollout[ti], ratio(rollout[ti], baseline[ti]), null));
            out.add(new Figure("policy-side env steps/s", s.threads()[ti], "steps/s", per(n, rollout[ti]), null, null));
        }
        for (int ti = 0; ti < k; ti++) {
            out.add(new Figure("PPO+BC update step (" + perBatch + " episodes × " + t.steps() + " steps = " + perBatch * t.steps()
                    + " samples)", s.threads()[ti], "ms", update[ti], ratio(update[ti], baseline[ti]), null));
            out.add(new Figure("update throughput", s.threads()[ti], "samples/s", per(perBatch * t.steps(), update[ti]), null, null));
        }
        for (int ti = 0; ti < k; ti++) {
            out.add(new Figure("batch-1 inference (encoder + eye + hand)", s.threads()[ti], "ms", latency[ti],
                    ratio(latency[ti], baseline[ti]), calls[ti]));
        }
        return out;
    }

    private static double[] ratio(double[] a, double[] b) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i] / b[i];
        }
        return r;
    }

    /** Units per second from milliseconds per {@code units}. */
    private static double[] per(double units, double[] ms) {
        double[] r = new double[ms.length];
        for (int i = 0; i < ms.length; i++) {
            r[i] = units / (ms[i] / 1000);
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
        PolicyConfig pc = trainer.policyConfig();
        try (NDManager scope = root.newSubManager()) {
            int s = pc.imageSize();
            trainer.encoder().encode(scope.create(pyramids, new Shape((long) n * pc.levels(), 3, s, s))).getFloat(0, 0, 0);
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
