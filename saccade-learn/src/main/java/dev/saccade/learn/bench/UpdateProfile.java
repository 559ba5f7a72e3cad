package dev.saccade.learn.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import dev.saccade.learn.nn.AdamW;
import dev.saccade.learn.nn.Rng;
import dev.saccade.learn.policy.Fort;
import dev.saccade.learn.policy.Inputs;
import dev.saccade.learn.policy.PolicyConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where the time of a learning step goes, against what the CPU can do: one eye minibatch (whole
 * episodes) and one hand minibatch are timed part by part (forward with a stand-in loss, backward,
 * the AdamW step of the agent's group), directly on the model, and each part's counted FLOPs
 * ({@link Flops}) over its time gives its achieved GFLOP/s. Beside them, on the same number of
 * intra-op threads, the machine's matrix-multiply rate: a product of two large square float32
 * matrices, the most favourable case for the CPU's kernels, taken as its attainable peak.
 *
 * <p>The stand-in losses are the shape of the real ones (log-softmax of the actions, a squared
 * value error; an L1 chunk error) and cost microseconds: the forward parts are the model's. What
 * the trainer does around these parts (gathering minibatches, copying them to native memory,
 * statistics) is the difference between its measured update and the parts' sum.
 */
public final class UpdateProfile {
    /** Side of the square matrices whose product gives the peak. */
    public static final int PEAK_SIZE = 2048;
    /** Products per repetition for the peak (their median is kept). */
    static final int PEAK_CALLS = 5;

    /** The parts of the step, in order. */
    public enum Part {
        EYE_FORWARD, EYE_BACKWARD, EYE_OPTIMISER, HAND_FORWARD, HAND_BACKWARD, HAND_OPTIMISER
    }

    /**
     * What to measure: the policy, an eye minibatch of {@code episodes} whole episodes of
     * {@code steps} steps, a hand minibatch of {@code handMinibatch} observations, the intra-op
     * thread counts, repetitions (after one warm-up).
     */
    public record Settings(PolicyConfig policy, int episodes, int steps, int handMinibatch, int[] threads, int repeats, long seed) {}

    /**
     * One thread setting's figures: per part and repetition the milliseconds ({@code [part][rep]}),
     * and per repetition the median peak product's GFLOP/s.
     */
    public record Result(int threads, double[][] millis, double[] peakGflops) {
        public double median(Part p) {
            return TrainBenchmark.percentile(millis[p.ordinal()], 50);
        }

        public double peak() {
            return TrainBenchmark.percentile(peakGflops, 50);
        }
    }

    private UpdateProfile() {}

    /** Forward FLOPs of the eye and hand minibatches of {@code s} (training: {@link Flops#TRAINING_FACTOR}×). */
    public static long eyeForwardFlops(Settings s) {
        return Flops.eyeForward(s.policy(), s.episodes(), s.steps());
    }

    public static long handForwardFlops(Settings s) {
        return Flops.handForward(s.policy(), s.handMinibatch());
    }

    /** Measures every thread setting, interleaved within each repetition. */
    public static List<Result> run(Settings s) {
        Engine.getInstance(); // loads libtorch before its threads are set
        int nt = s.threads().length;
        double[][][] ms = new double[nt][Part.values().length][s.repeats()];
        double[][] peak = new double[nt][s.repeats()];
        try (NDManager root = NDManager.newBaseManager();
             Fort model = new Fort(s.policy(), root, s.seed());
             AdamW adam = new AdamW(model.params(), List.of(Fort.EYE, Fort.HAND), new AdamW.Settings(0.9, 0.999, 1e-5, 0.01, 0.5))) {
            Rng rng = new Rng(s.seed());
            for (int rep = -1; rep < s.repeats(); rep++) { // repetition −1 warms up and is not kept
                for (int ti = 0; ti < nt; ti++) {
                    JniUtils.setNumThreads(s.threads()[ti]);
                    double[] m = measure(root, model, adam, s, rng);
                    double p = peakGflops(root);
                    if (rep >= 0) {
                        for (int k = 0; k < m.length; k++) {
                            ms[ti][k][rep] = m[k];
                        }
                        peak[ti][rep] = p;
                    }
                }
            }
        }
        List<Result> out = new ArrayList<>();
        for (int ti = 0; ti < nt; ti++) {
            out.add(new Result(s.threads()[ti], ms[ti], peak[ti]));
        }
        return out;
    }

    /** One repetition: milliseconds of each part, in {@link Part} order. */
    private static double[] measure(NDManager root, Fort model, AdamW adam, Settings s, Rng rng) {
        PolicyConfig c = model.config();
        double[] out = new double[Part.values().length];
        int n = s.episodes() * s.steps();
        try (NDManager scope = root.newSubManager()) {
            model.params().useIn(scope);
            Inputs in = inputs(scope, c, n, rng);
            NDArray actions = oneHot(scope, rng, n, c.eyeActions()).reshape(s.episodes(), s.steps(), c.eyeActions());
            NDArray returns = scope.create(random(rng, n), new Shape(s.episodes(), s.steps()));
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                long t0 = System.nanoTime();
                Fort.EyeOut eye = model.eyeSequence(scope, in, s.episodes(), s.steps());
                NDArray logp = eye.logits().logSoftmax(2);
                NDArray loss = logp.mul(actions).sum(new int[] {2}).mean().neg()
                        .add(eye.values().sub(returns).square().mean().mul(0.5f));
                loss.getFloat();
                long t1 = System.nanoTime();
                gc.backward(loss);
                out[Part.EYE_FORWARD.ordinal()] = (t1 - t0) / 1e6;
                out[Part.EYE_BACKWARD.ordinal()] = (System.nanoTime() - t1) / 1e6;
            }
            long t2 = System.nanoTime();
            adam.step(scope, Map.of(Fort.EYE, 1e-4));
            out[Part.EYE_OPTIMISER.ordinal()] = (System.nanoTime() - t2) / 1e6;
        }
        int m = s.handMinibatch();
        try (NDManager scope = root.newSubManager()) {
            model.params().useIn(scope);
            Inputs in = inputs(scope, c, m, rng);
            NDArray target = scope.create(random(rng, m * c.chunkFloats()), new Shape(m, c.chunk(), c.joints()));
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                long t0 = System.nanoTime();
                NDArray loss = model.handChunk(scope, in).sub(target).abs().mean();
                loss.getFloat();
                long t1 = System.nanoTime();
                gc.backward(loss);
                out[Part.HAND_FORWARD.ordinal()] = (t1 - t0) / 1e6;
                out[Part.HAND_BACKWARD.ordinal()] = (System.nanoTime() - t1) / 1e6;
            }
            long t2 = System.nanoTime();
            adam.step(scope, Map.of(Fort.HAND, 1e-4));
            out[Part.HAND_OPTIMISER.ordinal()] = (System.nanoTime() - t2) / 1e6;
        }
        return out;
    }

    /** The median over {@link #PEAK_CALLS} products of two {@value #PEAK_SIZE}² float32 matrices, in GFLOP/s. */
    static double peakGflops(NDManager root) {
        double[] rates = new double[PEAK_CALLS];
        try (NDManager scope = root.newSubManager()) {
            Shape square = new Shape(PEAK_SIZE, PEAK_SIZE);
            NDArray a = scope.randomUniform(-1, 1, square);
            NDArray b = scope.randomUniform(-1, 1, square);
            a.matMul(b).getFloat(0, 0); // first touch of the output and the kernel's buffers
            for (int i = 0; i < PEAK_CALLS; i++) {
                long t0 = System.nanoTime();
                try (NDArray p = a.matMul(b)) {
                    p.getFloat(0, 0);
                }
                rates[i] = Flops.linear(PEAK_SIZE, PEAK_SIZE, PEAK_SIZE) / ((System.nanoTime() - t0) / 1e9) / 1e9;
            }
        }
        return TrainBenchmark.percentile(rates, 50);
    }

    private static Inputs inputs(NDManager scope, PolicyConfig c, int n, Rng rng) {
        return new Inputs(
                scope.create(random(rng, n * c.imageTokens() * c.encoderDim()), new Shape(n, c.imageTokens(), c.encoderDim())),
                scope.create(random(rng, 3 * n), new Shape(n, 3)),
                scope.create(random(rng, c.joints() * n), new Shape(n, c.joints())),
                oneHot(scope, rng, n, c.tasks()));
    }

    private static NDArray oneHot(NDManager scope, Rng rng, int n, int classes) {
        float[] v = new float[n * classes];
        for (int i = 0; i < n; i++) {
            v[i * classes + rng.nextInt(classes)] = 1f;
        }
        return scope.create(v, new Shape(n, classes));
    }

    private static float[] random(Rng rng, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (2 * rng.nextDouble() - 1);
        }
        return v;
    }
}
