package dev.saccade.cli;

import dev.saccade.data.Task;
import dev.saccade.data.synth.EpisodeGenerator;
import dev.saccade.data.synth.EpisodeRenderer;
import dev.saccade.data.synth.SceneOptions;
import dev.saccade.data.synth.SyntheticEpisode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Measures how fast the synthetic engine renders equirect frames: the moving-tiles renderer
 * against the naive one (every ray against every shape) as the baseline, with 1…N render threads,
 * each thread its own renderer and every thread's frames interleaved. Prints medians over repeats
 * of wall-clock frames/s and of frames per CPU-second of the render threads; the latter hardly
 * moves when other work shares the machine, so it is what to compare across runs.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark synthetic frame rendering (frames/s) against naive full ray casting.")
final class SynthBenchCommand implements Callable<Integer> {
    @Option(names = "--width", defaultValue = "1024", description = "Frame width (default ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--threads", defaultValue = "1,2", split = ",", description = "Render thread counts to try (default ${DEFAULT-VALUE}).")
    int[] threads;

    @Option(names = "--repeats", defaultValue = "3", description = "Repeats per measurement; medians are reported (default ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--naive-frames", defaultValue = "4", description = "Frames per episode rendered naively (default ${DEFAULT-VALUE}).")
    int naiveFrames;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the five episodes, one per task (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        Flags.requireRange("--width", width, 16, 8192);
        Flags.requireRange("--repeats", repeats, 1, 100);
        Flags.requireRange("--naive-frames", naiveFrames, 1, 1000);
        for (int t : threads) {
            Flags.requireRange("--threads", t, 1, 256);
        }
        List<SyntheticEpisode> episodes = new ArrayList<>();
        int frames = 0;
        for (Task t : Task.values()) {
            SyntheticEpisode e = EpisodeGenerator.generate(t, seed, new SceneOptions(width, SceneOptions.DEFAULT_DISTRACTORS));
            episodes.add(e);
            frames += e.frames();
        }
        System.out.printf(Locale.ROOT, "synthetic frames at %d×%d: 5 episodes (one per task, seed %d), %d frames; %d cores; medians of %d%n",
                width, width / 2, seed, frames, Runtime.getRuntime().availableProcessors(), repeats);
        // Warm the JIT on both paths before measuring.
        measure(episodes, 1, false, Math.min(40, naiveFrames));
        measure(episodes, 1, true, 1);

        double[] backdrops = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            for (SyntheticEpisode e : episodes) {
                EpisodeGenerator.generate(e.task(), e.seed(), e.options()).renderer();
            }
            backdrops[r] = (System.nanoTime() - t0) / 1e9 / episodes.size();
        }
        System.out.printf(Locale.ROOT, "static backdrop, once per episode (tiles on all cores): %.0f ms%n", 1000 * median(backdrops));
        System.out.printf(Locale.ROOT, "load average before: %.1f%n", load());
        System.out.println("threads  frames/s  incl. backdrop  naive frames/s  speed-up  frames/CPU-s  naive frames/CPU-s  speed-up");
        for (int t : threads) {
            double[] fast = new double[repeats], naive = new double[repeats], fastCpu = new double[repeats], naiveCpu = new double[repeats];
            for (int r = 0; r < repeats; r++) {
                double[] f = measure(episodes, t, false, 0);
                double[] n = measure(episodes, t, true, naiveFrames);
                fast[r] = f[0];
                fastCpu[r] = f[1];
                naive[r] = n[0];
                naiveCpu[r] = n[1];
            }
            double fps = median(fast), slow = median(naive);
            double withBackdrop = 1 / (1 / fps + median(backdrops) * episodes.size() / frames);
            System.out.printf(Locale.ROOT, "%7d  %8.1f  %14.1f  %14.2f  %7.1f×  %12.1f  %18.2f  %7.1f×%n", t, fps, withBackdrop, slow, fps / slow,
                    median(fastCpu), median(naiveCpu), median(fastCpu) / median(naiveCpu));
        }
        System.out.printf(Locale.ROOT, "load average after: %.1f%n", load());
        return 0;
    }

    private static double load() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /**
     * Frames per wall-clock second and per CPU-second of the render threads, rendering every frame
     * ({@code naive}: {@code perEpisode} evenly spaced frames) on {@code threads} threads.
     */
    private static double[] measure(List<SyntheticEpisode> episodes, int threads, boolean naive, int perEpisode) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (SyntheticEpisode e : episodes) {
                e.renderer(); // the backdrop is built once per episode, outside the timing
            }
            long t0 = System.nanoTime();
            java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
            java.util.concurrent.atomic.AtomicLong cpuNanos = new java.util.concurrent.atomic.AtomicLong();
            List<Future<Integer>> jobs = new ArrayList<>();
            for (int w = 0; w < threads; w++) {
                int worker = w;
                jobs.add(pool.submit(() -> {
                    long c0 = cpu.getCurrentThreadCpuTime();
                    int done = 0;
                    for (SyntheticEpisode e : episodes) {
                        EpisodeRenderer r = e.renderer();
                        int[] rgb = new int[e.width() * e.height()];
                        int count = naive ? perEpisode : e.frames();
                        for (int k = worker; k < count; k += threads) {
                            int frame = naive ? (int) ((long) k * (e.frames() - 1) / Math.max(1, count - 1)) : k;
                            if (naive) {
                                r.renderNaive(frame, rgb, null);
                            } else {
                                r.render(frame, rgb, null);
                            }
                            done++;
                        }
                    }
                    cpuNanos.addAndGet(cpu.getCurrentThreadCpuTime() - c0);
                    return done;
                }));
            }
            int done = 0;
            for (Future<Integer> j : jobs) {
                done += j.get();
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            return new double[] {done / wall, done / (cpuNanos.get() / 1e9)};
        } finally {
            pool.shutdown();
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
