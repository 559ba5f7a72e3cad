package dev.saccade.cli;

import dev.saccade.core.AtomicFiles;
import dev.saccade.data.video.VideoSettings;
import dev.saccade.gym.Env;
import dev.saccade.gym.Options;
import dev.saccade.gym.Reset;
import dev.saccade.gym.Step;
import dev.saccade.gym.demo.DatasetDemonstrations;
import dev.saccade.gym.demo.FrameSupply;
import dev.saccade.gym.demo.ToyDemonstrations;
import dev.saccade.gym.envs.DemoEyeGym;
import dev.saccade.gym.eye.EyeActions;
import dev.saccade.gym.eye.EyeCamera;
import dev.saccade.gym.eye.EyeObservation;
import dev.saccade.sphere.render.MipChain;
import dev.saccade.sphere.render.PyramidSpec;
import dev.saccade.gym.vector.VectorEnv;
import dev.saccade.gym.wrappers.Wrapper;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.LongAdder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Measures DemoEyeGym's steps per second with random eye actions: one environment on one thread
 * (the baseline), the same with a read-ahead decoding thread, and a vector environment on several
 * threads; each with the share of environment time spent waiting for frames (decoding and building
 * their mip chains), rendering, and the rest, and the cost of one decode and one mip chain. Every
 * repeat starts with an empty frame cache, so decoding is included.
 */
@Command(name = "gym", mixinStandardHelpOptions = true,
        description = {"Benchmark DemoEyeGym: steps/s for one env on one thread, with read-ahead, and a vector env,",
            "with the share of time in decode, render and the rest. Without --dataset a toy dataset is generated."})
final class BenchGymCommand implements Callable<Integer> {
    @Option(names = "--dataset", description = "A Saccade dataset to replay (default: a generated toy dataset).")
    Path dataset;

    @Option(names = "--toy-height", defaultValue = "256", description = "Height of the generated toy frames (default ${DEFAULT-VALUE}).")
    int toyHeight;

    @Option(names = "--toy-episodes", defaultValue = "4", description = "Episodes of the generated toy dataset (default ${DEFAULT-VALUE}).")
    int toyEpisodes;

    @Option(names = "--size", defaultValue = "64", description = "Pyramid level size in pixels (default ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--steps", defaultValue = "1300", description = "Environment steps per measurement (default ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--repeats", defaultValue = "3", description = "Measurements per configuration; the median is shown (default ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--envs", defaultValue = "4", description = "Environments in the vector env (default ${DEFAULT-VALUE}).")
    int envs;

    @Option(names = "--threads", defaultValue = "2", description = "Threads of the vector env (default ${DEFAULT-VALUE}).")
    int threads;

    @Spec
    CommandSpec spec;

    /** One measurement: steps per second and where environment time went. */
    record Sample(double stepsPerSecond, double decodeShare, double renderShare, double decodeMsPerFrame, double prepareMsPerFrame) {}

    @Override
    public Integer call() throws Exception {
        Flags.requireRange("--toy-height", toyHeight, 16, 4096);
        Flags.requireRange("--toy-episodes", toyEpisodes, 1, 1000);
        Flags.requireRange("--size", size, 4, 1024);
        Flags.requireRange("--steps", steps, 10, 10_000_000);
        Flags.requireRange("--repeats", repeats, 1, 100);
        Flags.requireRange("--envs", envs, 1, 256);
        Flags.requireRange("--threads", threads, 1, 256);
        if (toyHeight % 2 != 0) {
            throw new Flags.BadFlag("--toy-height must be even, got " + toyHeight);
        }
        PrintWriter out = spec.commandLine().getOut();
        Path toyDir = null;
        Path source = dataset;
        if (source == null) {
            toyDir = Files.createTempDirectory("saccade-bench-gym-");
            source = toyDir.resolve("toy");
            long t0 = System.nanoTime();
            ToyDemonstrations.generate(toyEpisodes, toyHeight, 1).writeDataset(source, VideoSettings.DEFAULT);
            out.printf(Locale.ROOT, "generated a toy dataset: %d episodes, %d×%d, in %.1f s%n",
                    toyEpisodes, 2 * toyHeight, toyHeight, (System.nanoTime() - t0) / 1e9);
        }
        try (DatasetDemonstrations demos = DatasetDemonstrations.open(source)) {
            DemoEyeGym.Config config = DemoEyeGym.Config.DEFAULT.withPyramid(
                    PyramidSpec.defaults(size));
            out.printf(Locale.ROOT, "DemoEyeGym, pyramid %s, random actions, %d steps per measurement, median of %d; %d cores%n",
                    EyeCamera.describe(config.pyramid()) + ", " + config.antialias().name().toLowerCase(Locale.ROOT) + " anti-aliasing"
                            + ", render kernel " + dev.saccade.sphere.render.Kernel.best().name().toLowerCase(Locale.ROOT), steps, repeats, Runtime.getRuntime().availableProcessors());
            out.printf(Locale.ROOT, "%-44s %10s %8s %8s %8s %10s %10s %8s%n", "configuration", "steps/s", "decode", "render", "rest",
                    "ms/decode", "ms/mipmap", "ratio");
            out.flush();
            measure(demos, config, 1, 1, 0); // warm-up: JIT and decoder start-up, not reported
            Sample base = report(out, "1 env, 1 thread, no read-ahead (baseline)", null,
                    () -> measure(demos, config, 1, 1, 0));
            report(out, "1 env, 1 thread + 1 read-ahead thread", base, () -> measure(demos, config, 1, 1, 1));
            report(out, envs + " envs, vector env on " + threads + " threads", base, () -> measure(demos, config, envs, threads, 0));
            report(out, envs + " envs, " + threads + " threads + 1 read-ahead", base, () -> measure(demos, config, envs, threads, 1));
        } finally {
            if (toyDir != null) {
                AtomicFiles.deleteRecursively(toyDir);
            }
        }
        return 0;
    }

    private interface Measurement {
        Sample run() throws Exception;
    }

    private Sample report(PrintWriter out, String name, Sample base, Measurement m) throws Exception {
        List<Sample> samples = new ArrayList<>();
        for (int r = 0; r < repeats; r++) {
            samples.add(m.run());
        }
        Sample med = new Sample(median(samples, Sample::stepsPerSecond), median(samples, Sample::decodeShare),
                median(samples, Sample::renderShare), median(samples, Sample::decodeMsPerFrame), median(samples, Sample::prepareMsPerFrame));
        out.printf(Locale.ROOT, "%-44s %10.0f %7.1f%% %7.1f%% %7.1f%% %10.2f %10.2f %8s%n", name, med.stepsPerSecond(),
                100 * med.decodeShare(), 100 * med.renderShare(), 100 * (1 - med.decodeShare() - med.renderShare()),
                med.decodeMsPerFrame(), med.prepareMsPerFrame(), base == null ? "1.00" : String.format(Locale.ROOT, "%.2f", med.stepsPerSecond() / base.stepsPerSecond()));
        out.flush();
        return med;
    }

    private static double median(List<Sample> samples, java.util.function.ToDoubleFunction<Sample> f) {
        double[] v = samples.stream().mapToDouble(f).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** Steps {@code n} gyms on {@code threads} threads for about {@code steps} steps in all, from an empty cache. */
    private Sample measure(DatasetDemonstrations demos, DemoEyeGym.Config config, int n, int threads, int readAhead) {
        LongAdder busy = new LongAdder();
        List<DemoEyeGym> gyms = new ArrayList<>();
        try (FrameSupply<MipChain> frames = EyeCamera.supply(demos, 4L << 30, readAhead);
             VectorEnv<EyeObservation, Integer> vector = VectorEnv.of(n, threads, i -> {
                 DemoEyeGym g = new DemoEyeGym(frames, config, Optional.empty());
                 gyms.add(g);
                 return new Timed(g, busy);
             })) {
            SplittableRandom rng = new SplittableRandom(steps);
            long start = System.nanoTime();
            vector.reset(rng.nextLong());
            int rounds = Math.max(1, steps / n);
            Integer[] actions = new Integer[n];
            for (int t = 0; t < rounds; t++) {
                for (int i = 0; i < n; i++) {
                    actions[i] = rng.nextInt(EyeActions.COUNT);
                }
                vector.step(Arrays.asList(actions));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            FrameSupply.Stats stats = frames.stats();
            double envNanos = busy.sum();
            long render = gyms.stream().mapToLong(DemoEyeGym::renderNanos).sum();
            double decodes = Math.max(1, stats.decodes());
            return new Sample(rounds * (double) n / seconds, stats.waitNanos() / envNanos, render / envNanos,
                    stats.decodeNanos() / 1e6 / decodes, stats.prepareNanos() / 1e6 / decodes);
        }
    }

    /** Adds the time spent inside the environment's reset and step to a counter. */
    private static final class Timed extends Wrapper<EyeObservation, Integer> {
        private final LongAdder busy;

        Timed(Env<EyeObservation, Integer> env, LongAdder busy) {
            super(env);
            this.busy = busy;
        }

        @Override
        public Reset<EyeObservation> reset(OptionalLong seed, Options options) {
            long t = System.nanoTime();
            try {
                return env.reset(seed, options);
            } finally {
                busy.add(System.nanoTime() - t);
            }
        }

        @Override
        public Step<EyeObservation> step(Integer action) {
            long t = System.nanoTime();
            try {
                return env.step(action);
            } finally {
                busy.add(System.nanoTime() - t);
            }
        }
    }
}
