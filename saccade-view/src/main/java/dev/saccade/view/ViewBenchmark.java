package dev.saccade.view;

import dev.saccade.data.lerobot.LeRobotDataset;
import dev.saccade.data.video.FrameCache;
import dev.saccade.data.video.FrameSource;
import dev.saccade.sphere.Gaze;
import dev.saccade.sphere.render.MipChain;
import dev.saccade.sphere.render.PyramidRenderer;
import dev.saccade.sphere.render.PyramidSpec;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;

/**
 * Measures the viewer as its page uses it, over loopback with the JDK's HTTP client, each case on
 * a fresh server (empty caches): frames served while scrubbing (random frames never asked before,
 * so each is decoded and encoded), frames one after another (a drag, playback; never asked before
 * while the dataset has {@code warmup + requests} frames), and the pyramid
 * for a new gaze on the frame shown. Baselines in the same run: the same frames decoded alone, and
 * the pyramid rendered alone.
 */
public final class ViewBenchmark {
    /**
     * @param requests measured requests per case, after {@code warmup} unmeasured ones
     * @param seed     picks the frames and gazes
     */
    public record Settings(int requests, int warmup, long seed) {}

    /** Latency of one case in milliseconds: median, 99th percentile (nearest rank) and maximum. */
    public record Case(String name, int samples, double p50, double p99, double max) {
        static Case of(String name, List<Double> ms) {
            double[] s = ms.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return new Case(name, s.length, percentile(s, 0.50), percentile(s, 0.99), s[s.length - 1]);
        }
    }

    private ViewBenchmark() {}

    /** Nearest-rank percentile of sorted values. */
    static double percentile(double[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** Runs every case on the dataset at {@code dir}. */
    public static List<Case> run(Path dir, Settings s) throws IOException {
        int n = s.warmup() + s.requests();
        SplittableRandom rnd = new SplittableRandom(s.seed());
        List<Case> cases = new ArrayList<>();
        int[][] scrub;
        int[] lengths;
        try (LeRobotDataset data = LeRobotDataset.open(dir); FrameSource frames = data.frames(new FrameCache(0))) {
            lengths = new int[data.episodes()];
            for (int e = 0; e < lengths.length; e++) {
                lengths[e] = data.episode(e).length();
            }
            scrub = distinctFrames(lengths, n, rnd);
            cases.add(measure("decode alone, random frame (baseline)", s, i -> frames.frame(scrub[i][0], scrub[i][1])));
            PyramidRenderer renderer = new PyramidRenderer(PyramidSpec.defaults());
            MipChain chain = MipChain.of(frames.frame(0, lengths[0] / 2));
            float[] out = new float[renderer.spec().floatsPerPyramid()];
            double[][] gazes = gazes(n, rnd);
            cases.add(measure("pyramid rendered alone, new gaze (baseline)", s,
                    i -> renderer.render(chain, new Gaze(Math.toRadians(gazes[i][0]), Math.toRadians(gazes[i][1])), out, 0)));
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        try (ViewServer server = serve(dir)) {
            cases.add(measure("frame served, random scrub", s,
                    i -> get(http, server, "api/frame?episode=" + scrub[i][0] + "&frame=" + scrub[i][1])));
        }
        int[][] inOrder = framesInOrder(lengths, n);
        try (ViewServer server = serve(dir)) {
            cases.add(measure("frame served, next frame (drag, playback)", s,
                    i -> get(http, server, "api/frame?episode=" + inOrder[i][0] + "&frame=" + inOrder[i][1])));
        }
        try (ViewServer server = serve(dir)) {
            int shown = lengths[0] / 2;
            get(http, server, "api/pyramid?episode=0&frame=" + shown + "&yaw=0&pitch=0"); // the frame's mip chain, built when first shown
            double[][] gazes = gazes(n, rnd);
            cases.add(measure("pyramid served, new gaze on the frame shown", s, i -> get(http, server,
                    String.format(Locale.ROOT, "api/pyramid?episode=0&frame=%d&yaw=%.3f&pitch=%.3f", shown, gazes[i][0], gazes[i][1]))));
        }
        try (ViewServer server = serve(dir)) {
            double[][] gazes = gazes(n, rnd);
            cases.add(measure("pyramid served, new gaze on a new frame (decode + mip chain + render)", s, i -> get(http, server,
                    String.format(Locale.ROOT, "api/pyramid?episode=%d&frame=%d&yaw=%.3f&pitch=%.3f", scrub[i][0], scrub[i][1],
                            gazes[i][0], gazes[i][1]))));
        }
        cases.add(liveSnapshot(dir, s));
        cases.addAll(liveRun(LIVE_RUN_WIDTH, Math.max(2, s.requests() / 60), s.seed()));
        return cases;
    }

    /** The 360° width of the closed-loop cases: the demo's policies were trained and are run at 512. */
    static final int LIVE_RUN_WIDTH = 512;
    /** Frames per closed-loop episode measured: 5 s, before the expert's towel lands (about 6.4 s). */
    static final int LIVE_RUN_FRAMES = 150;

    /**
     * What a {@code saccade run} pays for being watched ({@link LiveRun} at {@link LiveRun#DEFAULT_HZ}):
     * the loop's time per frame in the simulated world ({@code width} wide, towel-bucket, the
     * scripted expert's chunks), without and with the live snapshot, for an agent that looks (its
     * pyramid rendered every policy step, as a policy's is) and for the blind expert, not recorded
     * (as {@code saccade run --no-record}: its snapshots then hold no frame); and the time of {@code onFrame} itself
     * on the loop's thread. The four configurations take turns, one episode each, {@code episodes}
     * rounds after one unmeasured round, so that a changing load falls on all alike. The figure in
     * each name is frames a second over the measured episodes.
     */
    public static List<Case> liveRun(int width, int episodes, long seed) throws IOException {
        String[] names = {"looking agent, not watched", "looking agent, watched at 5 Hz", "blind expert, not watched",
            "blind expert, watched at 5 Hz"};
        List<List<Double>> frameMs = new ArrayList<>();
        List<List<Double>> callMs = new ArrayList<>();
        long[] frames = new long[4];
        double[] seconds = new double[4];
        for (int c = 0; c < 4; c++) {
            frameMs.add(new ArrayList<>());
            callMs.add(new ArrayList<>());
        }
        Path scratch = java.nio.file.Files.createTempDirectory("saccade-bench-live-run");
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        dev.saccade.runtime.loop.RuntimeLoop loop = new dev.saccade.runtime.loop.RuntimeLoop(
                dev.saccade.runtime.loop.LoopSettings.defaults().withMaxFrames(LIVE_RUN_FRAMES));
        try {
            for (int round = 0; round <= episodes; round++) {
                for (int c = 0; c < 4; c++) {
                    boolean looks = c < 2, watched = c % 2 == 1;
                    long scene = 1000 + seed + round;
                    Path dir = scratch.resolve("run-" + round + "-" + c);
                    try (dev.saccade.runtime.sim.SimWorld w = dev.saccade.runtime.sim.SimWorld.open(dev.saccade.data.Task.TOWEL_BUCKET, scene,
                            dev.saccade.runtime.sim.SimSettings.defaults().withWidth(width), PyramidSpec.defaults());
                         dev.saccade.runtime.loop.Agent expert = new dev.saccade.runtime.agent.ExpertAgent(w.scene().demonstration(), 30,
                                 dev.saccade.gym.eye.GazeLimits.DEFAULT);
                         dev.saccade.runtime.loop.Agent agent = looks ? new Looking(expert, w.eye().pyramid()) : expert;
                         LiveRun live = watched ? LiveRun.start(dir, new LiveRun.Settings(LiveRun.DEFAULT_HZ,
                                 java.util.Optional.of(dev.saccade.runtime.record.RunRecorder.camera()), false), "bench", quiet) : null) {
                        if (live != null) {
                            live.regime(0, 1, "bench", "oracle", "scripted expert", 1);
                            live.beginEpisode(dev.saccade.data.Task.TOWEL_BUCKET, scene);
                        }
                        boolean measured = round > 0;
                        int config = c;
                        long[] previous = {System.nanoTime()};
                        long start = previous[0];
                        dev.saccade.runtime.loop.EpisodeResult r = loop.run(w, agent, scene, (cell, record) -> {
                            if (live != null) {
                                long t0 = System.nanoTime();
                                live.onFrame(cell, record);
                                if (measured) {
                                    callMs.get(config).add((System.nanoTime() - t0) / 1e6);
                                }
                            }
                            long now = System.nanoTime();
                            if (measured && record.frame() > 0) {
                                frameMs.get(config).add((now - previous[0]) / 1e6);
                            }
                            previous[0] = now;
                        });
                        if (measured) {
                            frames[c] += r.frames();
                            seconds[c] += (System.nanoTime() - start) / 1e9;
                        }
                        if (live != null) {
                            live.endEpisode(r);
                            live.finish(java.nio.file.Files.createDirectories(dir.resolveSibling(dir.getFileName() + ".out")));
                        }
                    }
                }
            }
        } finally {
            dev.saccade.core.AtomicFiles.deleteRecursively(scratch);
        }
        List<Case> out = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            out.add(Case.of(String.format(Locale.ROOT, "closed-loop frame %d×%d, %s (%.0f frames/s)", width, width / 2, names[c],
                    frames[c] / seconds[c]), frameMs.get(c)));
        }
        out.add(Case.of("LiveRun.onFrame on the loop's thread, looking agent", callMs.get(1)));
        out.add(Case.of("LiveRun.onFrame on the loop's thread, blind expert", callMs.get(3)));
        return out;
    }

    /**
     * Runs only {@link #liveRun} and prints its cases: {@code java -cp CLASSPATH dev.saccade.view.ViewBenchmark WIDTH ROUNDS}
     * (the classpath of {@code saccade-cli/target}: its jar and {@code classpath.txt}).
     */
    public static void main(String[] args) throws IOException {
        int width = args.length > 0 ? Integer.parseInt(args[0]) : LIVE_RUN_WIDTH;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        System.out.printf(Locale.ROOT, "%-84s %8s %8s %8s%n", "case", "p50 ms", "p99 ms", "max ms");
        for (Case c : liveRun(width, rounds, 1)) {
            System.out.printf(Locale.ROOT, "%-84s %8.2f %8.2f %8.2f%n", c.name() + " ×" + c.samples(), c.p50(), c.p99(), c.max());
        }
    }

    /** The expert's chunks and eye, but it asks for the pyramid every policy step, as a policy does (and ignores it). */
    private record Looking(dev.saccade.runtime.loop.Agent expert, PyramidSpec spec) implements dev.saccade.runtime.loop.Agent {
        @Override
        public String name() {
            return "looking " + expert.name();
        }

        @Override
        public java.util.Optional<PyramidSpec> pyramid() {
            return java.util.Optional.of(spec);
        }

        @Override
        public void reset(dev.saccade.data.Task task, long seed) {
            expert.reset(task, seed);
        }

        @Override
        public dev.saccade.runtime.loop.AgentAction act(dev.saccade.runtime.loop.Percept percept) {
            return expert.act(percept);
        }
    }

    /**
     * What a running {@code saccade train} pays per live snapshot ({@link LiveEye}): the JSON with
     * the view as PNG, written aside and renamed, for a real observation of the dataset's gym.
     */
    private static Case liveSnapshot(Path dir, Settings s) throws IOException {
        try (dev.saccade.gym.demo.DatasetDemonstrations demos = dev.saccade.gym.demo.DatasetDemonstrations.open(dir);
             dev.saccade.gym.demo.FrameSupply<MipChain> frames = dev.saccade.gym.eye.EyeCamera.supply(demos, 64L << 20, 1);
             dev.saccade.gym.envs.DemoEyeGym gym = new dev.saccade.gym.envs.DemoEyeGym(frames, dev.saccade.gym.envs.DemoEyeGym.Config.DEFAULT,
                     java.util.Optional.empty())) {
            dev.saccade.gym.Reset<dev.saccade.gym.eye.EyeObservation> r = gym.reset(s.seed());
            Path scratch = java.nio.file.Files.createTempDirectory("saccade-bench-live");
            try {
                Path file = scratch.resolve(LiveEye.FILE);
                return measure("live snapshot written by train (gaze + 3×64² view as PNG, rename)", s, i -> {
                    try {
                        LiveEye.replace(file, LiveEye.snapshot(i, i, r.observation(), r.info()));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } finally {
                dev.saccade.core.AtomicFiles.deleteRecursively(scratch);
            }
        }
    }

    private static ViewServer serve(Path dir) {
        return ViewServer.start(ViewTarget.open(List.of(dir)), ViewServer.LOOPBACK, 0, new PrintStream(OutputStream.nullOutputStream()));
    }

    private static Case measure(String name, Settings s, IntConsumer op) {
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < s.warmup() + s.requests(); i++) {
            long t0 = System.nanoTime();
            op.accept(i);
            double elapsed = (System.nanoTime() - t0) / 1e6;
            if (i >= s.warmup()) {
                ms.add(elapsed);
            }
        }
        return Case.of(name, ms);
    }

    private static void get(HttpClient http, ViewServer server, String path) {
        try {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                throw new IOException(path + ": HTTP " + r.statusCode() + ": " + new String(r.body(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static double[][] gazes(int n, SplittableRandom rnd) {
        double[][] g = new double[n][];
        for (int i = 0; i < n; i++) {
            g[i] = new double[] {rnd.nextDouble(-180, 180), rnd.nextDouble(-60, 60)};
        }
        return g;
    }

    /** The first {@code n} (episode, frame) pairs in order, wrapping round if the dataset has fewer frames. */
    static int[][] framesInOrder(int[] lengths, int n) {
        List<int[]> all = new ArrayList<>();
        for (int e = 0; e < lengths.length; e++) {
            for (int f = 0; f < lengths[e]; f++) {
                all.add(new int[] {e, f});
            }
        }
        int[][] out = new int[n][];
        for (int i = 0; i < n; i++) {
            out[i] = all.get(i % all.size());
        }
        return out;
    }

    /** {@code n} (episode, frame) pairs in random order, all different while the dataset has that many frames. */
    static int[][] distinctFrames(int[] lengths, int n, SplittableRandom rnd) {
        List<int[]> all = new ArrayList<>();
        for (int e = 0; e < lengths.length; e++) {
            for (int f = 0; f < lengths[e]; f++) {
                all.add(new int[] {e, f});
            }
        }
        Collections.shuffle(all, new java.util.Random(rnd.nextLong()));
        int[][] out = new int[n][];
        for (int i = 0; i < n; i++) {
            out[i] = all.get(i % all.size());
        }
        return out;
    }
}
