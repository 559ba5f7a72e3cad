package dev.saccade.cli;

import dev.saccade.core.AtomicFiles;
import dev.saccade.data.Features;
import dev.saccade.data.Task;
import dev.saccade.data.lerobot.DatasetSpec;
import dev.saccade.data.lerobot.DatasetWriter;
import dev.saccade.data.lerobot.EpisodeWriter;
import dev.saccade.data.lerobot.LeRobotDataset;
import dev.saccade.data.video.FrameCache;
import dev.saccade.data.video.FrameSource;
import dev.saccade.data.video.VideoDecoder;
import dev.saccade.data.video.VideoEncoder;
import dev.saccade.data.video.VideoSettings;
import dev.saccade.sphere.EquirectFrame;
import dev.saccade.sphere.TestPattern;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code saccade bench-decode}: encode and decode speed of dataset video. It writes a dataset of
 * moving 360° test frames (rendered before timing), then measures, each repeat on a cold cache:
 * encoding (the dataset writer, and a bare one-thread encoder as the baseline), decoding in order,
 * random access latency, and random access from two threads as a vector environment does.
 * Reports medians over the repeats and ratios to the baselines measured in the same run.
 */
@Command(name = "bench-decode", mixinStandardHelpOptions = true,
        description = {"Benchmark dataset video: encode fps, sequential decode fps, random-access latency p50/p99,",
            "two-thread random access. Medians over --repeats, ratios to baselines from the same run."})
final class DatasetBenchCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--dataset", paramLabel = "DIR",
            description = "Measure decoding on this dataset instead of a generated one (encoding is then skipped).")
    Path dataset;

    @Option(names = "--height", defaultValue = "512", description = "Frame height; width is twice that (default ${DEFAULT-VALUE}).")
    int height;

    @Option(names = "--episodes", defaultValue = "3", description = "Episodes in the benchmark dataset (default ${DEFAULT-VALUE}).")
    int episodes;

    @Option(names = "--frames", defaultValue = "150", description = "Frames per episode (default ${DEFAULT-VALUE}).")
    int frames;

    @Option(names = "--random", defaultValue = "300", description = "Random accesses per measurement (default ${DEFAULT-VALUE}).")
    int random;

    @Option(names = "--repeats", defaultValue = "3", description = "Repeats; medians are reported (default ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the random accesses (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        Flags.requireRange("--height", height, 16, 4096);
        if (height % 2 != 0) {
            throw new Flags.BadFlag("--height must be even, got " + height);
        }
        Flags.requireRange("--episodes", episodes, 1, 1000);
        Flags.requireRange("--frames", frames, 4, 100_000);
        Flags.requireRange("--random", random, 10, 1_000_000);
        Flags.requireRange("--repeats", repeats, 1, 100);
        PrintWriter out = spec.commandLine().getOut();
        if (dataset != null) {
            try (LeRobotDataset data = LeRobotDataset.open(dataset)) {
                height = data.info().height();
                episodes = data.episodes();
                frames = (int) (data.frames() / Math.max(1, data.episodes()));
            }
        }
        int width = 2 * height;
        List<int[]> pool = renderPool(dataset != null ? 16 : height, dataset != null ? 1 : 30);
        Path dir = Files.createTempDirectory("saccade-bench-decode");
        try {
            Map<String, List<Double>> results = new LinkedHashMap<>();
            if (dataset == null) {
                warmUp(dir, pool, width);
            }
            for (int r = 0; r < repeats; r++) {
                Path ds = dataset != null ? dataset : dir.resolve("ds" + r);
                if (dataset == null) {
                    add(results, "encode, bare encoder 1 thread (fps)", bareEncode(dir.resolve("bare.mp4"), pool, width, 1));
                    add(results, "encode, bare encoder all cores (fps)", bareEncode(dir.resolve("bare.mp4"), pool, width, 0));
                    add(results, "encode, dataset writer (fps)", writeDataset(ds, pool, width));
                }
                try (LeRobotDataset data = LeRobotDataset.open(ds)) {
                    add(results, "decode in order, 1 thread (fps)", inOrder(data, VideoDecoder.Mode.RANDOM_ACCESS));
                    add(results, "decode in order, frame threads (fps)", inOrder(data, VideoDecoder.Mode.SEQUENTIAL));
                    double[] lat = randomLatencies(data);
                    add(results, "random access p50 (ms)", percentile(lat, 0.50));
                    add(results, "random access p99 (ms)", percentile(lat, 0.99));
                    add(results, "random access, 1 thread (frames/s)", 1000.0 * lat.length / Arrays.stream(lat).sum());
                    add(results, "random access, 2 threads (frames/s)", twoThreads(data));
                }
                if (dataset == null) {
                    AtomicFiles.deleteRecursively(ds);
                }
            }
            List<Double> bare = results.get("encode, bare encoder 1 thread (fps)");
            List<Double> oneThread = results.get("decode in order, 1 thread (fps)");
            out.printf(Locale.ROOT, "bench-decode: %d×%d, %d episodes × %d frames, GOP %d, %d repeats, %d cores, %s%n",
                    width, height, episodes, frames, VideoSettings.DEFAULT.gop(), repeats,
                    Runtime.getRuntime().availableProcessors(), java.time.LocalDate.now());
            out.printf(Locale.ROOT, "ratios are medians of per-repeat ratios to the baseline measured in the same repeat%n");
            out.printf(Locale.ROOT, "| measurement | median | runs | ratio to baseline |%n|---|---|---|---|%n");
            for (Map.Entry<String, List<Double>> e : results.entrySet()) {
                List<Double> runs = e.getValue();
                List<Double> ratios = new ArrayList<>();
                String baseline;
                for (int r = 0; r < runs.size(); r++) {
                    if (e.getKey().startsWith("encode")) {
                        ratios.add(runs.get(r) / bare.get(r));
                    } else if (e.getKey().contains("(ms)")) {
                        ratios.add(runs.get(r) / (1000 / oneThread.get(r)));
                    } else if (e.getKey().startsWith("random access, 2")) {
                        ratios.add(runs.get(r) / results.get("random access, 1 thread (frames/s)").get(r));
                    } else {
                        ratios.add(runs.get(r) / oneThread.get(r));
                    }
                }
                if (e.getKey().startsWith("encode")) {
                    baseline = "bare encoder, 1 thread";
                } else if (e.getKey().contains("(ms)")) {
                    baseline = "one frame decoded in order";
                } else if (e.getKey().startsWith("random access, 2")) {
                    baseline = "random access, 1 thread";
                } else {
                    baseline = "in order, 1 thread";
                }
                out.printf(Locale.ROOT, "| %s | %.1f | %s | %.2f× %s |%n", e.getKey(), median(runs), format(runs), median(ratios), baseline);
            }
            out.flush();
        } finally {
            AtomicFiles.deleteRecursively(dir);
        }
        return 0;
    }

    /** Frames with markers moving around the sphere, rendered once so timing excludes rendering. */
    static List<int[]> renderPool(int height, int n) {
        List<int[]> pool = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double a = i * 2 * Math.PI / n;
            pool.add(TestPattern.withMarkers(height, new TestPattern.Marker[] {
                new TestPattern.Marker(a - Math.PI, 0.2 * Math.sin(a), 0.12, 0xE03020),
                new TestPattern.Marker(-a, -0.3, 0.08, 0x20C040),
                new TestPattern.Marker(0.5 * Math.sin(2 * a), 0.6, 0.15, 0x3040E0),
            }).pixels());
        }
        return pool;
    }

    /** Loads the native libraries and compiles the hot paths once, so the first repeat is not penalised. */
    private void warmUp(Path dir, List<int[]> pool, int width) throws Exception {
        int savedFrames = frames;
        int savedEpisodes = episodes;
        frames = 4;
        episodes = 1;
        try {
            bareEncode(dir.resolve("warm.mp4"), pool, width, 1);
            Path ds = dir.resolve("warm");
            writeDataset(ds, pool, width);
            try (LeRobotDataset data = LeRobotDataset.open(ds)) {
                inOrder(data, VideoDecoder.Mode.RANDOM_ACCESS);
            }
            AtomicFiles.deleteRecursively(ds);
        } finally {
            frames = savedFrames;
            episodes = savedEpisodes;
        }
    }

    /** One episode through a bare encoder with {@code threads} threads (0: all cores). */
    private double bareEncode(Path file, List<int[]> pool, int width, int threads) throws Exception {
        long t0 = System.nanoTime();
        try (VideoEncoder e = new VideoEncoder(file, width, height, 30, new VideoSettings(2, 1.0, threads))) {
            for (int f = 0; f < frames; f++) {
                e.write(pool.get(f % pool.size()), width, height);
            }
            e.finish();
        }
        double fps = frames / ((System.nanoTime() - t0) / 1e9);
        Files.deleteIfExists(file);
        return fps;
    }

    /** Writes the dataset with one episode per core in parallel, as a generator would; frames/s including finish(). */
    private double writeDataset(Path ds, List<int[]> pool, int width) throws Exception {
        DatasetSpec spec = DatasetSpec.saccade(30, width, height, false);
        long t0 = System.nanoTime();
        int threads = Runtime.getRuntime().availableProcessors();
        try (DatasetWriter w = DatasetWriter.create(ds, spec)) {
            ExecutorService exec = Executors.newFixedThreadPool(threads);
            List<Future<Void>> done = new ArrayList<>();
            for (int e = 0; e < episodes; e++) {
                int index = e;
                done.add(exec.submit(() -> {
                    try (EpisodeWriter ep = w.beginEpisode(index, Task.values()[index % 5].instruction())) {
                        float[] joints = new float[7];
                        for (int f = 0; f < frames; f++) {
                            joints[0] = f * 0.01f;
                            ep.addFrame(pool.get((f + index) % pool.size()), width, height,
                                    Map.of(Features.STATE, joints, Features.ACTION, joints));
                        }
                        ep.commit();
                    }
                    return null;
                }));
            }
            for (Future<Void> f : done) {
                f.get();
            }
            exec.shutdown();
            w.finish();
        }
        return (double) episodes * frames / ((System.nanoTime() - t0) / 1e9);
    }

    private double inOrder(LeRobotDataset data, VideoDecoder.Mode mode) {
        long t0 = System.nanoTime();
        long n = 0;
        for (int e = 0; e < data.episodes(); e++) {
            var m = data.episode(e);
            try (VideoDecoder d = VideoDecoder.open(m.videoFile(), mode)) {
                for (int k = 0; k < m.length(); k++) {
                    d.frameAt(m.fromSeconds() + (double) k / data.fps());
                    n++;
                }
            }
        }
        return n / ((System.nanoTime() - t0) / 1e9);
    }

    private double[] randomLatencies(LeRobotDataset data) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] ms = new double[random];
        try (FrameSource source = data.frames(new FrameCache(0))) {
            source.frame(0, 0); // opens a decoder, as a warm environment would have
            for (int i = 0; i < random; i++) {
                int e = rnd.nextInt(data.episodes());
                int k = rnd.nextInt(data.episode(e).length());
                long t0 = System.nanoTime();
                EquirectFrame f = source.frame(e, k);
                ms[i] = (System.nanoTime() - t0) / 1e6;
                if (f.width() != 2 * height) {
                    throw new IllegalStateException("wrong frame size");
                }
            }
        }
        return ms;
    }

    private double twoThreads(LeRobotDataset data) throws Exception {
        try (FrameSource source = data.frames(new FrameCache(0))) {
            ExecutorService exec = Executors.newFixedThreadPool(2);
            long t0 = System.nanoTime();
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                long s = seed + 17 * (t + 1);
                done.add(exec.submit(() -> {
                    SplittableRandom rnd = new SplittableRandom(s);
                    for (int i = 0; i < random; i++) {
                        int e = rnd.nextInt(data.episodes());
                        source.frame(e, rnd.nextInt(data.episode(e).length()));
                    }
                    return random;
                }));
            }
            int n = 0;
            for (Future<Integer> f : done) {
                n += f.get();
            }
            exec.shutdown();
            return n / ((System.nanoTime() - t0) / 1e9);
        }
    }

    private static void add(Map<String, List<Double>> results, String key, double value) {
        results.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }

    static double percentile(double[] values, double q) {
        double[] s = values.clone();
        Arrays.sort(s);
        return s[(int) Math.min(s.length - 1, Math.floor(q * s.length))];
    }

    static double median(List<Double> values) {
        double[] s = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    private static String format(List<Double> values) {
        return values.stream().map(v -> String.format(Locale.ROOT, "%.1f", v)).reduce((a, b) -> a + ", " + b).orElse("");
    }
}
