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
        return cases;
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
