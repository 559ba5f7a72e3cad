package dev.saccade.cli;

import dev.saccade.core.Progress;
import dev.saccade.sphere.EquirectFrame;
import dev.saccade.sphere.Gaze;
import dev.saccade.sphere.render.Antialias;
import dev.saccade.sphere.render.BatchRenderer;
import dev.saccade.sphere.render.Kernel;
import dev.saccade.sphere.render.MipChain;
import dev.saccade.sphere.render.PyramidRenderer;
import dev.saccade.sphere.render.PyramidSpec;
import dev.saccade.sphere.render.ReferenceRenderer;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Times the pyramid renderer on random gazes and prints one line of {@code key=value} results:
 * {@code ns_per_pixel} and {@code pyramids_per_s} are wall-clock medians over {@code --repeats} runs.
 * With {@code --baseline} it also times {@link ReferenceRenderer} (double precision, {@link Math#atan2})
 * on the same gazes and threads in the same run, and prints the ratio.
 */
@Command(name = "render", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Time the foveated pyramid (3 levels of --size², 17.3°/62.3°/116°) on random gazes over a"
                + " --source × --source/2 frame of random pixels, and print one line:",
            "  ... ns_per_pixel=<x> pyramids_per_s=<y> ...  (wall-clock medians; output pixels = 3·size² per pyramid)",
        })
final class BenchRenderCommand implements Callable<Integer> {
    enum KernelChoice { auto, scalar, vector }

    @Option(names = "--size", defaultValue = "64", description = "Side of each pyramid level (default ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--threads", defaultValue = "2", description = "Threads rendering, the caller's included (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--source", defaultValue = "2048", paramLabel = "W", description = "Width of the equirect frame; height is half (default ${DEFAULT-VALUE}).")
    int source;

    @Option(names = "--antialias", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Mip-level anti-aliasing, the pyramid's default (--no-antialias: plain bilinear).")
    boolean antialias;

    @Option(names = "--kernel", defaultValue = "auto", description = "auto (fastest available), scalar or vector (default ${DEFAULT-VALUE}).")
    KernelChoice kernel;

    @Option(names = "--batch", defaultValue = "64", description = "Gazes rendered per batch (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--repeats", defaultValue = "5", description = "Timed runs; the median is reported (default ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--seconds", defaultValue = "1", description = "Length of each timed run (default ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--baseline", description = "Also time the straightforward reference renderer and print the speed-up.")
    boolean baseline;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the frame and the gazes (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        Flags.requireRange("--size", size, 1, 4096);
        Flags.requireRange("--threads", threads, 1, 256);
        Flags.requireRange("--source", source, 4, 32768);
        if (source % 2 != 0) {
            throw new Flags.BadFlag("--source must be even (the frame is source × source/2), got " + source);
        }
        Flags.requireRange("--batch", batch, 1, 4096);
        Flags.requireRange("--repeats", repeats, 1, 1000);
        Flags.requireFinite("--seconds", seconds);
        if (!(seconds > 0 && seconds <= 600)) {
            throw new Flags.BadFlag("--seconds must be in (0, 600], got " + seconds);
        }
        Kernel k = switch (kernel) {
            case auto -> Kernel.best();
            case scalar -> Kernel.SCALAR;
            case vector -> Kernel.VECTOR;
        };
        if (!k.isAvailable()) {
            throw new Flags.BadFlag("--kernel vector needs the JVM flag --add-modules jdk.incubator.vector (the saccade launcher passes it)");
        }
        Antialias aa = antialias ? Antialias.MIP : Antialias.OFF;
        PyramidSpec spec = PyramidSpec.defaults(size);
        SplittableRandom random = new SplittableRandom(seed);
        EquirectFrame frame = noiseFrame(source, random);
        long chainStart = System.nanoTime();
        MipChain chain = MipChain.of(frame, aa);
        double chainMs = (System.nanoTime() - chainStart) / 1e6;
        double[] yaws = new double[batch];
        double[] pitches = new double[batch];
        for (int g = 0; g < batch; g++) {
            yaws[g] = random.nextDouble(-Math.PI, Math.PI);
            pitches[g] = random.nextDouble(-Math.PI / 2, Math.PI / 2);
        }
        float[] out = new float[batch * spec.floatsPerPyramid()];
        long pixelsPerBatch = (long) batch * spec.pixelsPerPyramid();

        double[] ns = new double[repeats];
        double[] cpuNs = new double[repeats];
        double allocated;
        double warmUpSeconds;
        double reference = Double.NaN;
        try (Progress progress = new Progress("bench render", baseline ? 2L * repeats : repeats, "runs");
             BatchRenderer renderer = new BatchRenderer(new PyramidRenderer(spec, aa, k), threads)) {
            Runnable once = () -> renderer.render(chain, yaws, pitches, batch, out, 0);
            warmUpSeconds = warmUp(once, Math.min(2, 2 * seconds));
            ThreadCounters counters = ThreadCounters.ofRenderThreads();
            for (int r = 0; r < repeats; r++) {
                long cpuBefore = counters.cpuNanos();
                Timing t = time(once, seconds);
                ns[r] = t.nanosPerCall() / pixelsPerBatch;
                cpuNs[r] = (counters.cpuNanos() - cpuBefore) / ((double) t.calls() * pixelsPerBatch);
                progress.advance(1);
            }
            allocated = counters.allocatedBytesPerCall(once, 20) / batch;
            if (baseline) {
                reference = referenceNsPerPixel(spec, frame, yaws, pitches, progress);
            }
        }
        double median = median(ns);
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                "bench render: size=%d levels=%d threads=%d source=%dx%d antialias=%s kernel=%s batch=%d repeats=%d"
                        + " mip_chain_ms=%.1f warmup_s=%.1f ns_per_pixel=%.2f pyramids_per_s=%.0f cpu_ns_per_pixel=%.2f"
                        + " alloc_bytes_per_pyramid=%s",
                size, spec.levelCount(), threads, source, source / 2, aa.name().toLowerCase(Locale.ROOT),
                k.name().toLowerCase(Locale.ROOT), batch, repeats, chainMs, warmUpSeconds, median,
                1e9 / (median * spec.pixelsPerPyramid()), median(cpuNs),
                allocated < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f", allocated)));
        if (baseline) {
            line.append(String.format(Locale.ROOT, " baseline_ns_per_pixel=%.2f speedup=%.1f", reference, reference / median));
        }
        System.out.println(line);
        return 0;
    }

    /** The reference renderer on the same gazes and thread count, each thread rendering whole pyramids. */
    private double referenceNsPerPixel(PyramidSpec spec, EquirectFrame frame, double[] yaws, double[] pitches, Progress progress) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<ReferenceRenderer[]> perThread = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                perThread.add(spec.levels().stream().map(ReferenceRenderer::new).toArray(ReferenceRenderer[]::new));
            }
            int perLevel = spec.size() * spec.size();
            float[][] outs = new float[threads][3 * perLevel];
            // The reference is slow: a few pyramids per thread per round.
            int rounds = Math.max(1, Math.min(yaws.length, 4));
            Runnable once = () -> {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    done.add(pool.submit(() -> {
                        for (int r = 0; r < rounds; r++) {
                            int g = (thread * rounds + r) % yaws.length;
                            Gaze gaze = new Gaze(yaws[g], pitches[g]);
                            for (ReferenceRenderer level : perThread.get(thread)) {
                                level.render(frame, gaze, outs[thread], 0);
                            }
                        }
                    }));
                }
                for (Future<?> f : done) {
                    try {
                        f.get();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            };
            long pixels = (long) threads * rounds * spec.pixelsPerPyramid();
            time(once, Math.min(1, seconds));
            double[] ns = new double[repeats];
            for (int r = 0; r < repeats; r++) {
                ns[r] = time(once, seconds).nanosPerCall() / pixels;
                progress.advance(1);
            }
            return median(ns);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Runs {@code work} until the JIT has compiled it: at least {@code minSeconds}, then until a
     * half-second run is no more than 5% faster than the one before (at most a minute). The vector
     * kernel is slow until HotSpot's top tier compiles its stages. Returns the seconds spent.
     */
    private static double warmUp(Runnable work, double minSeconds) {
        long start = System.nanoTime();
        double previous = time(work, 0.5).nanosPerCall();
        while (true) {
            double now = time(work, 0.5).nanosPerCall();
            double elapsed = (System.nanoTime() - start) / 1e9;
            if (elapsed >= 60 || (elapsed >= minSeconds && now > 0.95 * previous)) {
                return elapsed;
            }
            previous = Math.min(previous, now);
        }
    }

    /** How many calls a timed run made in how many wall-clock nanoseconds. */
    private record Timing(long calls, long nanos) {
        double nanosPerCall() {
            return (double) nanos / calls;
        }
    }

    /** Runs {@code work} repeatedly for about {@code seconds} of wall-clock time. */
    private static Timing time(Runnable work, double seconds) {
        long budget = (long) (seconds * 1e9);
        long start = System.nanoTime();
        long calls = 0;
        long now;
        do {
            work.run();
            calls++;
            now = System.nanoTime();
        } while (now - start < budget);
        return new Timing(calls, now - start);
    }

    /**
     * CPU time and allocation of the rendering threads: the caller and the batch renderer's workers
     * ({@code saccade-render-*}). CPU time is what a busy machine cannot inflate by running others.
     */
    private record ThreadCounters(com.sun.management.ThreadMXBean bean, long[] ids) {
        static ThreadCounters ofRenderThreads() {
            java.lang.management.ThreadMXBean any = ManagementFactory.getThreadMXBean();
            long self = Thread.currentThread().getId();
            long[] ids = Arrays.stream(any.getThreadInfo(any.getAllThreadIds()))
                    .filter(t -> t != null && (t.getThreadId() == self || t.getThreadName().startsWith("saccade-render")))
                    .mapToLong(java.lang.management.ThreadInfo::getThreadId).toArray();
            return new ThreadCounters(any instanceof com.sun.management.ThreadMXBean b ? b : null, ids);
        }

        long cpuNanos() {
            long sum = 0;
            for (long id : ids) {
                sum += Math.max(0, ManagementFactory.getThreadMXBean().getThreadCpuTime(id));
            }
            return sum;
        }

        /** Bytes allocated per call over {@code calls} calls, or −1 where the JVM cannot tell. */
        double allocatedBytesPerCall(Runnable work, int calls) {
            if (bean == null || !bean.isThreadAllocatedMemorySupported()) {
                return -1;
            }
            allocated();   // once first, so loading what it uses is not counted
            long before = allocated();
            for (int i = 0; i < calls; i++) {
                work.run();
            }
            return (double) (allocated() - before) / calls;
        }

        private long allocated() {
            long sum = 0;
            for (long id : ids) {
                sum += Math.max(0, bean.getThreadAllocatedBytes(id));
            }
            return sum;
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static EquirectFrame noiseFrame(int width, SplittableRandom random) {
        int[] px = new int[width * (width / 2)];
        for (int i = 0; i < px.length; i++) {
            px[i] = random.nextInt(1 << 24);
        }
        return new EquirectFrame(width, width / 2, px);
    }
}
