package dev.saccade.learn.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
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
import dev.saccade.learn.train.Tool0Chamfer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Timings of the learning code at its default sizes, with no environment: the encoder's tokens/s,
 * one PPO+BC update step (one minibatch: eye over whole episodes, hand, backward, two AdamW groups),
 * the policy side of a rollout step, and batch-1 inference latency. Every figure is also given as a
 * ratio to a 512×512 matmul timed in the same run, so runs on a noisy machine compare.
 */
public final class TrainBenchmark {
    /** What to measure and how often. */
    public record Settings(PolicyConfig policy, BcRlConfig training, int threads, int repeats, int latencyCalls, long seed) {}

    /** One measured quantity: its median, 1st-99th percentiles where relevant, and unit. */
    public record Figure(String name, double median, double p99, String unit, double baselineRatio) {}

    /** All figures, in the order measured. */
    public record Result(int threads, double baselineMs, List<Figure> figures) {}

    private TrainBenchmark() {}

    public static Result run(Settings s) {
        ai.djl.engine.Engine.getInstance(); // loads libtorch before its threads are set
        JniUtils.setNumThreads(s.threads());
        List<Figure> figures = new ArrayList<>();
        PolicyConfig pc = s.policy();
        try (NDManager root = NDManager.newBaseManager()) {
            double baseline = median(time(s.repeats() * 4, i -> matmul(root)));
            ConvPatchEncoder.Config ec = new ConvPatchEncoder.Config(pc.imageSize(), pc.imageSize() / pc.grid(), pc.encoderDim());
            try (BcRl trainer = new BcRl(s.training(), pc, ActionStats.original(), new ConvPatchEncoder(ec, root, s.seed()),
                    new Tool0Chamfer(), root)) {
                int obs = s.training().envs();
                float[] pyramids = random(obs * pc.pyramidFloats(), s.seed());
                double[] enc = time(s.repeats(), i -> encode(trainer, root, pyramids, obs));
                double encMs = median(enc);
                figures.add(new Figure("encoder, " + obs + " observations (" + obs * pc.imageTokens() + " tokens)", encMs,
                        percentile(enc, 99), "ms", encMs / baseline));
                figures.add(new Figure("encoder throughput", obs * pc.imageTokens() / (encMs / 1000), Double.NaN, "tokens/s", Double.NaN));

                RandomSource source = new RandomSource(pc, obs, s.seed());
                double[] collect = time(Math.max(2, s.repeats() / 4), i -> {
                    source.reset(i);
                    trainer.collect(source);
                });
                double perStep = median(collect) / s.training().steps();
                figures.add(new Figure("rollout step, policy side (" + obs + " envs: encoder + eye + sampling)", perStep,
                        Double.NaN, "ms", perStep / baseline));
                figures.add(new Figure("policy-side env steps/s", obs / (perStep / 1000), Double.NaN, "steps/s", Double.NaN));

                BcRlConfig t = s.training();
                Rollout r = Rollout.synthetic(pc, t.envs(), t.steps(), s.seed());
                trainer.computeAdvantages(r);
                trainer.update(r); // warm-up
                int stepsPerUpdate = t.epochs() * t.minibatches();
                double[] upd = time(Math.max(2, s.repeats() / 4), i -> trainer.update(r));
                for (int i = 0; i < upd.length; i++) {
                    upd[i] /= stepsPerUpdate;
                }
                int perBatch = (t.envs() + t.minibatches() - 1) / t.minibatches();
                double updMs = median(upd);
                figures.add(new Figure("PPO+BC update step (" + perBatch + " episodes × " + t.steps() + " steps = "
                        + perBatch * t.steps() + " samples)", updMs, Double.NaN, "ms", updMs / baseline));
                figures.add(new Figure("update throughput", perBatch * t.steps() / (updMs / 1000), Double.NaN, "samples/s", Double.NaN));

                try (Policy p = new Policy(trainer.model(), trainer.encoder(), ActionStats.original(), s.seed(), false)) {
                    Observation o = new Observation(Arrays.copyOf(pyramids, pc.pyramidFloats()), 0.1, -0.05,
                            new float[pc.joints()], 0);
                    for (int i = 0; i < 20; i++) {
                        p.act(o, true);
                    }
                    double[] lat = time(s.latencyCalls(), i -> p.act(o, true));
                    figures.add(new Figure("batch-1 inference (encoder + eye + hand)", median(lat), percentile(lat, 99), "ms",
                            median(lat) / baseline));
                }
                return new Result(s.threads(), baseline, figures);
            }
        }
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

    /** Milliseconds of {@code n} calls, after two unmeasured ones. */
    private static double[] time(int n, IntConsumer body) {
        body.accept(-1);
        body.accept(-2);
        double[] ms = new double[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            body.accept(i);
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        return ms;
    }

    static double median(double[] v) {
        return percentile(v, 50);
    }

    static double percentile(double[] v, double p) {
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
                steps.add(new EnvStep(new Observation(pyramid, 0, 0, new float[c.joints()], e % c.tasks()), chunk, mask, 1f, false));
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
