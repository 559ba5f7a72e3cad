package dev.saccade.cli;

import dev.saccade.core.AtomicFiles;
import dev.saccade.data.Features;
import dev.saccade.data.Task;
import dev.saccade.data.lerobot.DatasetSpec;
import dev.saccade.data.lerobot.DatasetWriter;
import dev.saccade.data.lerobot.EpisodeWriter;
import dev.saccade.data.lerobot.LeRobotDataset;
import dev.saccade.data.video.DecodeProfile;
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
 * {@code saccade bench decode}: encode and decode speed of dataset video. It writes a dataset of
 * moving 360° test frames (rendered before timing), then measures, each repeat on a cold cache:
 * encoding (the dataset writer, and a bare one-thread encoder as the baseline), decoding in order,
 * every other frame (the gym's step), random access latency, random access from two threads as a
 * vector environment does, and where one frame's time goes (decode, YUV to RGB, packing into the
 * frame's {@code int[]}, against the older conversion with a masking pass). Reports medians over the
 * repeats and ratios to the baselines measured in the same run.
 */
@Command(name = "decode", mixinStandardHelpOptions = true,
        description = {"Benchmark dataset video: encode fps, sequential decode fps, every other frame as the gym reads,",
            "random-access latency p50/p99, two-thread random access, and the cost of one frame by stage.",
            "Medians over --repeats, ratios to baselines from the same run."})
final class BenchDecodeCommand implements Callable<Integer> {
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
            Map<Row, List<Double>> results = new LinkedHashMap<>();
            List<Double> decodesBefore = new ArrayList<>();
            List<Double> decodesNow = new ArrayList<>();
            List<Double> decodesSource = new ArrayList<>();
            if (dataset == null) {
                warmUp(dir, pool, width);
            }
            for (int r = 0; r < repeats; r++) {
                Path ds = dataset != null ? dataset : dir.resolve("ds" + r);
                if (dataset == null) {
                    add(results, ENCODE, bareEncode(dir.resolve("bare.mp4"), pool, width, 1));
                    add(results, ENCODE_ALL_CORES, bareEncode(dir.resolve("bare.mp4"), pool, width, 0));
                    add(results, ENCODE_DATASET, writeDataset(ds, pool, width));
                }
                try (LeRobotDataset data = LeRobotDataset.open(ds)) {
                    add(results, IN_ORDER, inOrder(data, VideoDecoder.Mode.RANDOM_ACCESS));
                    add(results, IN_ORDER_THREADS, inOrder(data, VideoDecoder.Mode.SEQUENTIAL));
                    DecodeProfile.Requests before = everyOtherFrame(data, false);
                    DecodeProfile.Requests now = everyOtherFrame(data, true);
                    add(results, EVERY_OTHER_BEFORE, before.perSecond());
                    add(results, EVERY_OTHER, now.perSecond());
                    decodesBefore.add(before.decodesPerRequest());
                    decodesNow.add(now.decodesPerRequest());
                    decodesSource.add(everyOtherFrameFromSource(data));
                    double[] lat = randomLatencies(data);
                    add(results, RANDOM_P50, percentile(lat, 0.50));
                    add(results, RANDOM_P99, percentile(lat, 0.99));
                    add(results, RANDOM, 1000.0 * lat.length / Arrays.stream(lat).sum());
                    add(results, RANDOM_TWO_THREADS, twoThreads(data));
                    profileStages(data, results);
                }
                if (dataset == null) {
                    AtomicFiles.deleteRecursively(ds);
                }
            }
            out.printf(Locale.ROOT, "bench decode: %d×%d, %d episodes × %d frames, GOP %d, %d repeats, %d cores, %s%n",
                    width, height, episodes, frames, VideoSettings.DEFAULT.gop(), repeats, cores(), java.time.LocalDate.now());
            out.printf(Locale.ROOT, "ratios are medians of per-repeat ratios to the baseline measured in the same repeat%n");
            out.printf(Locale.ROOT, "| measurement | median | runs | ratio to baseline |%n|---|---|---|---|%n");
            for (Map.Entry<Row, List<Double>> e : results.entrySet()) {
                Row row = e.getKey();
                List<Double> runs = e.getValue();
                String ratio = "";
                if (row.baseline() != null) {
                    List<Double> base = results.get(row.baseline());
                    List<Double> ratios = new ArrayList<>();
                    for (int r = 0; r < runs.size(); r++) {
                        // a latency in ms is compared with the time of one frame at the baseline's rate
                        ratios.add(runs.get(r) / (row.latency() ? 1000 / base.get(r) : base.get(r)));
                    }
                    ratio = String.format(Locale.ROOT, "%.2f× %s", median(ratios),
                            row.latency() ? "one frame decoded in order, 1 thread" : row.baseline().label());
                } else if (results.keySet().stream().anyMatch(other -> row.equals(other.baseline()))) {
                    ratio = "1.00× (baseline)";
                }
                out.printf(Locale.ROOT, "| %s | %s | %s | %s |%n", row.name(), number(median(runs)), format(runs), ratio);
            }
            out.printf(Locale.ROOT, "codec decodes per frame asked for, every other frame: %s decoding through, %s seeking to keyframes,"
                    + " %s through a FrameSource%n", number(median(decodesBefore)), number(median(decodesNow)), number(median(decodesSource)));
            out.flush();
        } finally {
            AtomicFiles.deleteRecursively(dir);
        }
        return 0;
    }

    /** A measured quantity, the row it is compared with (or null), and whether it is a latency compared with a rate. */
    private record Row(String name, Row baseline, boolean latency) {
        Row(String name, Row baseline) {
            this(name, baseline, false);
        }

        /** The name without its unit. */
        String label() {
            return name.replaceAll(" \\(.*\\)$", "");
        }
    }

    private static final Row ENCODE = new Row("encode, bare encoder 1 thread (fps)", null);
    private static final Row ENCODE_ALL_CORES = new Row("encode, bare encoder all cores (fps)", ENCODE);
    private static final Row ENCODE_DATASET = new Row("encode, dataset writer, one episode per core in parallel, incl. finish() (fps)", ENCODE);
    private static final Row IN_ORDER = new Row("decode in order, 1 thread (fps)", null);
    private static final Row IN_ORDER_THREADS = new Row("decode in order, frame threads (fps)", IN_ORDER);
    private static final Row EVERY_OTHER_BEFORE = new Row("every other frame, 1 thread, decoding through the frame between (frames/s)", null);
    private static final Row EVERY_OTHER = new Row("every other frame, 1 thread, seeking to keyframes (frames/s)", EVERY_OTHER_BEFORE);
    private static final Row RANDOM_P50 = new Row("random access p50 (ms)", IN_ORDER, true);
    private static final Row RANDOM_P99 = new Row("random access p99 (ms)", IN_ORDER, true);
    private static final Row RANDOM = new Row("random access, 1 thread (frames/s)", IN_ORDER);
    private static final Row RANDOM_TWO_THREADS = new Row("random access, 2 threads sharing one FrameSource (frames/s)", RANDOM);
    private static final Row STAGE_DECODE_INTRA = new Row("one frame: decode, keyframe (ms, p50)", null);
    private static final Row STAGE_DECODE_OTHER = new Row("one frame: decode, predicted frame (ms, p50)", null);
    private static final Row STAGE_CONVERT = new Row("one frame: YUV to RGB, libswscale into a reused buffer (ms, p50)", null);
    private static final Row STAGE_PACK = new Row("one frame: copy into the frame's int[], allocation included (ms, p50)", null);
    private static final Row CONVERT_PACK_MASKED = new Row("one frame: YUV to RGB + copy, with a masking pass (ms, p50)", null);
    private static final Row CONVERT_PACK = new Row("one frame: YUV to RGB + copy, zero alpha plane (ms, p50)", CONVERT_PACK_MASKED);

    private static int cores() {
        return Runtime.getRuntime().availableProcessors();
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

    /**
     * Frames 0, 2, 4, ... of every episode, as the gym asks for them once its search phase is over,
     * from one decoder per video file; {@code keyframeSeeks} false decodes through the frame between
     * as Saccade did before. Every episode starts with a keyframe, so with GOP 2 the frames asked
     * for are keyframes.
     */
    private static DecodeProfile.Requests everyOtherFrame(LeRobotDataset data, boolean keyframeSeeks) {
        Map<Path, List<Double>> times = new LinkedHashMap<>();
        for (int e = 0; e < data.episodes(); e++) {
            var m = data.episode(e);
            List<Double> file = times.computeIfAbsent(m.videoFile(), f -> new ArrayList<>());
            for (int k = 0; k < m.length(); k += 2) {
                file.add(m.fromSeconds() + (double) k / data.fps());
            }
        }
        int requests = 0;
        double seconds = 0;
        VideoDecoder.Stats work = VideoDecoder.Stats.ZERO;
        for (Map.Entry<Path, List<Double>> f : times.entrySet()) {
            double[] t = f.getValue().stream().mapToDouble(Double::doubleValue).toArray();
            DecodeProfile.Requests r = DecodeProfile.request(f.getKey(), t, keyframeSeeks);
            requests += r.requests();
            seconds += r.seconds();
            work = work.plus(r.work());
        }
        return new DecodeProfile.Requests(requests, seconds, work);
    }

    /** Codec decodes per frame asked for, asking for frames 0, 2, 4, ... of every episode through the dataset's {@link FrameSource}. */
    private static double everyOtherFrameFromSource(LeRobotDataset data) {
        int n = 0;
        try (FrameSource source = data.frames(new FrameCache(0))) {
            for (int e = 0; e < data.episodes(); e++) {
                for (int k = 0; k < data.episode(e).length(); k += 2) {
                    source.frame(e, k);
                    n++;
                }
            }
            return (double) source.decoderStats().decoded() / n;
        }
    }

    /**
     * Per-frame stage times (p50) decoding the first episode's video file in order on one thread,
     * converting with the zero alpha plane and, as the baseline, with the older masking pass.
     */
    private void profileStages(LeRobotDataset data, Map<Row, List<Double>> results) {
        Path file = data.episode(0).videoFile();
        int n = Math.min(300, episodes * frames);
        DecodeProfile.stages(file, Math.min(n, 30), false); // compile both paths before timing either
        DecodeProfile.stages(file, Math.min(n, 30), true);
        DecodeProfile.Stages masked = DecodeProfile.stages(file, n, false);
        DecodeProfile.Stages now = DecodeProfile.stages(file, n, true);
        add(results, STAGE_DECODE_INTRA, percentile(now.decodeMs(true), 0.5));
        add(results, STAGE_DECODE_OTHER, percentile(now.decodeMs(false), 0.5));
        add(results, STAGE_CONVERT, percentile(now.convertMs(), 0.5));
        add(results, STAGE_PACK, percentile(now.packMs(), 0.5));
        add(results, CONVERT_PACK_MASKED, percentile(sum(masked.convertMs(), masked.packMs()), 0.5));
        add(results, CONVERT_PACK, percentile(sum(now.convertMs(), now.packMs()), 0.5));
    }

    private static double[] sum(double[] a, double[] b) {
        double[] s = new double[a.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = a[i] + b[i];
        }
        return s;
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

    /** Adds a measurement; NaN (nothing to measure, e.g. no predicted frames in an all-keyframe video) leaves the row out. */
    private static void add(Map<Row, List<Double>> results, Row key, double value) {
        if (!Double.isNaN(value)) {
            results.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
    }

    /** The {@code q} quantile, NaN for no values. */
    static double percentile(double[] values, double q) {
        if (values.length == 0) {
            return Double.NaN;
        }
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
        return values.stream().map(BenchDecodeCommand::number).reduce((a, b) -> a + ", " + b).orElse("");
    }

    /** One decimal, or three below 10 (stage times are fractions of a millisecond). */
    private static String number(double v) {
        return String.format(Locale.ROOT, Math.abs(v) < 10 ? "%.3f" : "%.1f", v);
    }
}
