package dev.saccade.learn.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import dev.saccade.learn.nn.AdamW;
import dev.saccade.learn.nn.Rng;
import dev.saccade.learn.nn.Scalar;
import dev.saccade.learn.policy.Fort;
import dev.saccade.learn.policy.Inputs;
import dev.saccade.learn.policy.PolicyConfig;
import dev.saccade.core.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
    public static final int PEAK_CALLS = 5;
    /** Eye and hand minibatches in a trace. */
    public static final int TRACED = 3;
    /** FLOPs of one peak product. */
    public static final long PEAK_FLOPS = Flops.linear(PEAK_SIZE, PEAK_SIZE, PEAK_SIZE);

    /** The parts of the step, in order, after the peak product they are compared with. */
    public enum Part {
        PEAK, EYE_FORWARD, EYE_BACKWARD, EYE_OPTIMISER, HAND_FORWARD, HAND_BACKWARD, HAND_OPTIMISER
    }

    /**
     * What to measure: the policy, an eye minibatch of {@code episodes} whole episodes of
     * {@code steps} steps, a hand minibatch of {@code handMinibatch} observations, the intra-op
     * thread counts, repetitions (after one warm-up).
     */
    public record Settings(PolicyConfig policy, int episodes, int steps, int handMinibatch, int[] threads, int repeats, long seed) {}

    /**
     * One thread setting's figures per part and repetition ({@code [part][rep]}): wall-clock
     * milliseconds, and the process's CPU milliseconds over the same span (all its threads: with
     * {@code threads} intra-op threads and the cores to itself, about {@code threads ×} the wall
     * time; less when other processes take the cores).
     */
    public record Result(int threads, double[][] millis, double[][] cpuMillis) {
        public double median(Part p) {
            return TrainBenchmark.percentile(millis[p.ordinal()], 50);
        }

        /** The median over repetitions of CPU time over wall time. */
        public double cpuPerWall(Part p) {
            double[] r = new double[millis[p.ordinal()].length];
            for (int i = 0; i < r.length; i++) {
                r[i] = cpuMillis[p.ordinal()][i] / millis[p.ordinal()][i];
            }
            return TrainBenchmark.percentile(r, 50);
        }

        /**
         * The median over repetitions of the part's rate, {@code flops} in its wall time, as a share of
         * the peak product's rate in the same repetition.
         */
        public double shareOfPeak(Part p, long flops) {
            return share(millis, p, flops);
        }

        /**
         * As {@link #shareOfPeak}, per second of the process's CPU time: what the cycles the step got
         * achieved, whatever share of the cores other processes took (on a busy machine the wall-time
         * share mixes both).
         */
        public double shareOfPeakPerCpuSecond(Part p, long flops) {
            return share(cpuMillis, p, flops);
        }

        private static double share(double[][] time, Part p, long flops) {
            double[] r = new double[time[p.ordinal()].length];
            for (int i = 0; i < r.length; i++) {
                r[i] = (flops / time[p.ordinal()][i]) / ((double) PEAK_FLOPS / time[Part.PEAK.ordinal()][i]);
            }
            return TrainBenchmark.percentile(r, 50);
        }
    }

    private UpdateProfile() {}

    /** The counted FLOPs of a part under {@code s} (backward: twice the forward), 0 for the optimiser steps (not counted). */
    public static long flops(Part p, Settings s) {
        long eye = Flops.eyeForward(s.policy(), s.episodes(), s.steps());
        long hand = Flops.handForward(s.policy(), s.handMinibatch());
        return switch (p) {
            case PEAK -> PEAK_FLOPS;
            case EYE_FORWARD -> eye;
            case EYE_BACKWARD -> (Flops.TRAINING_FACTOR - 1) * eye;
            case HAND_FORWARD -> hand;
            case HAND_BACKWARD -> (Flops.TRAINING_FACTOR - 1) * hand;
            case EYE_OPTIMISER, HAND_OPTIMISER -> 0;
        };
    }

    /** Measures every thread setting, interleaved within each repetition. */
    public static List<Result> run(Settings s) {
        Engine.getInstance(); // loads libtorch before its threads are set
        int nt = s.threads().length;
        double[][][] ms = new double[nt][Part.values().length][s.repeats()];
        double[][][] cpu = new double[nt][Part.values().length][s.repeats()];
        try (NDManager root = NDManager.newBaseManager();
             Fort model = new Fort(s.policy(), root, s.seed());
             AdamW adam = new AdamW(model.params(), List.of(Fort.EYE, Fort.HAND), new AdamW.Settings(0.9, 0.999, 1e-5, 0.01, 0.5))) {
            Rng rng = new Rng(s.seed());
            for (int rep = -1; rep < s.repeats(); rep++) { // repetition −1 warms up and is not kept
                for (int ti = 0; ti < nt; ti++) {
                    JniUtils.setNumThreads(s.threads()[ti]);
                    double[][] m = new double[2][Part.values().length];
                    peak(root, m);
                    measure(root, model, adam, s, rng, m);
                    if (rep >= 0) {
                        for (int k = 0; k < m[0].length; k++) {
                            ms[ti][k][rep] = m[0][k];
                            cpu[ti][k][rep] = m[1][k];
                        }
                    }
                }
            }
        }
        List<Result> out = new ArrayList<>();
        for (int ti = 0; ti < nt; ti++) {
            out.add(new Result(s.threads()[ti], ms[ti], cpu[ti]));
        }
        return out;
    }

    /**
     * Records PyTorch's profiler trace (Chrome trace JSON, one event per ATen op with its input
     * shapes) of {@value #TRACED} eye and hand minibatches after a warm-up one, on {@code threads}
     * intra-op threads, and writes it to {@code out} (whole or not at all).
     */
    public static void trace(Settings s, int threads, Path out) throws IOException {
        Engine.getInstance();
        JniUtils.setNumThreads(threads);
        Path tmp = Files.createTempFile("saccade-ops-", ".json");
        try (NDManager root = NDManager.newBaseManager();
             Fort model = new Fort(s.policy(), root, s.seed());
             AdamW adam = new AdamW(model.params(), List.of(Fort.EYE, Fort.HAND), new AdamW.Settings(0.9, 0.999, 1e-5, 0.01, 0.5))) {
            Rng rng = new Rng(s.seed());
            double[][] times = new double[2][Part.values().length];
            measure(root, model, adam, s, rng, times); // warm-up
            JniUtils.startProfile(false, true, false);
            try {
                for (int i = 0; i < TRACED; i++) {
                    measure(root, model, adam, s, rng, times);
                }
            } finally {
                JniUtils.stopProfile(tmp.toString());
            }
            AtomicFiles.write(out, o -> Files.copy(tmp, o));
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Wall and process CPU time of a span, into {@code out[0][part]} and {@code out[1][part]} (milliseconds). */
    private static final class Span {
        private final long cpu = processCpuNanos();
        private final long wall = System.nanoTime();

        void end(double[][] out, Part p) {
            out[0][p.ordinal()] = (System.nanoTime() - wall) / 1e6;
            out[1][p.ordinal()] = (processCpuNanos() - cpu) / 1e6;
        }
    }

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    /**
     * CPU time of all the process's threads, Java and native (OpenMP) alike: on Linux the sum of each
     * thread's nanoseconds on a CPU ({@code /proc/self/task/}*{@code /schedstat}); elsewhere the JVM's
     * process CPU time, which Linux counts in 10 ms ticks, too coarse for the optimiser's steps.
     */
    static long processCpuNanos() {
        try (java.nio.file.DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            long sum = 0;
            for (Path t : tasks) {
                try {
                    String line = Files.readString(t.resolve("schedstat"));
                    sum += Long.parseLong(line.substring(0, line.indexOf(' ')));
                } catch (IOException | RuntimeException gone) {
                    // a thread that ended meanwhile
                }
            }
            return sum;
        } catch (IOException | RuntimeException e) {
            return OS.getProcessCpuTime();
        }
    }

    /** One repetition: wall and CPU milliseconds of each part of the step into {@code out}. */
    private static void measure(NDManager root, Fort model, AdamW adam, Settings s, Rng rng, double[][] out) {
        PolicyConfig c = model.config();
        int n = s.episodes() * s.steps();
        try (NDManager scope = root.newSubManager()) {
            model.params().useIn(scope);
            Inputs in = inputs(scope, c, n, rng);
            NDArray actions = oneHot(scope, rng, n, c.eyeActions()).reshape(s.episodes(), s.steps(), c.eyeActions());
            NDArray returns = scope.create(random(rng, n), new Shape(s.episodes(), s.steps()));
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                Span forward = new Span();
                Fort.EyeOut eye = model.eyeSequence(scope, in, s.episodes(), s.steps());
                NDArray logp = eye.logits().logSoftmax(2);
                NDArray loss = logp.mul(actions).sum(new int[] {2}).mean().neg()
                        .add(Scalar.mul(eye.values().sub(returns).square().mean(), 0.5));
                loss.getFloat();
                forward.end(out, Part.EYE_FORWARD);
                Span backward = new Span();
                gc.backward(loss);
                backward.end(out, Part.EYE_BACKWARD);
            }
            Span step = new Span();
            adam.step(scope, Map.of(Fort.EYE, 1e-4));
            step.end(out, Part.EYE_OPTIMISER);
        }
        int m = s.handMinibatch();
        try (NDManager scope = root.newSubManager()) {
            model.params().useIn(scope);
            Inputs in = inputs(scope, c, m, rng);
            NDArray target = scope.create(random(rng, m * c.chunkFloats()), new Shape(m, c.chunk(), c.joints()));
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                Span forward = new Span();
                NDArray loss = model.handChunk(scope, in).sub(target).abs().mean();
                loss.getFloat();
                forward.end(out, Part.HAND_FORWARD);
                Span backward = new Span();
                gc.backward(loss);
                backward.end(out, Part.HAND_BACKWARD);
            }
            Span step = new Span();
            adam.step(scope, Map.of(Fort.HAND, 1e-4));
            step.end(out, Part.HAND_OPTIMISER);
        }
    }

    /**
     * The peak: the median of {@link #PEAK_CALLS} products of two {@value #PEAK_SIZE}² float32
     * matrices, into {@code out} as {@link Part#PEAK} (its CPU time is the calls' mean).
     */
    private static void peak(NDManager root, double[][] out) {
        double[][] calls = new double[2][PEAK_CALLS];
        try (NDManager scope = root.newSubManager()) {
            Shape square = new Shape(PEAK_SIZE, PEAK_SIZE);
            NDArray a = scope.randomUniform(-1, 1, square);
            NDArray b = scope.randomUniform(-1, 1, square);
            a.matMul(b).getFloat(0, 0); // first touch of the output and the kernel's buffers
            double[][] one = new double[2][Part.values().length];
            for (int i = 0; i < PEAK_CALLS; i++) {
                Span span = new Span();
                try (NDArray p = a.matMul(b)) {
                    p.getFloat(0, 0);
                }
                span.end(one, Part.PEAK);
                calls[0][i] = one[0][Part.PEAK.ordinal()];
                calls[1][i] = one[1][Part.PEAK.ordinal()];
            }
        }
        out[0][Part.PEAK.ordinal()] = TrainBenchmark.percentile(calls[0], 50);
        out[1][Part.PEAK.ordinal()] = java.util.Arrays.stream(calls[1]).average().orElse(Double.NaN);
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
