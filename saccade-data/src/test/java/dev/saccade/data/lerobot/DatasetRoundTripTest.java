package dev.saccade.data.lerobot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.data.Features;
import dev.saccade.data.video.FrameCache;
import dev.saccade.data.video.FrameSource;
import dev.saccade.sphere.EquirectFrame;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetRoundTripTest {
    static final int HEIGHT = 64;
    /** Mean absolute error per channel, 0..255, allowed between written and decoded frames (H.264, yuv420p). */
    static final double CODEC_TOLERANCE = 4.0;

    @TempDir
    static Path tmp;
    static Path dir;
    static Demo.Written written;

    @BeforeAll
    static void write() throws Exception {
        dir = tmp.resolve("ds");
        written = Demo.write(dir, Demo.spec(HEIGHT), 25, 40, 31);
    }

    @Test
    void infoCountsEpisodesFramesAndTasks() {
        try (LeRobotDataset ds = LeRobotDataset.open(dir)) {
            assertEquals(3, ds.episodes());
            assertEquals(96, ds.frames());
            assertEquals(30, ds.fps());
            assertEquals(written.tasks, ds.tasks());
            assertEquals(List.of(25, 40, 31), ds.episodeMetas().stream().map(EpisodeMeta::length).toList());
            assertEquals(25, ds.episode(1).from());
            assertEquals(65, ds.episode(1).to());
        }
    }

    @Test
    void statesActionsAndAnnotationsRoundTripExactly() {
        try (LeRobotDataset ds = LeRobotDataset.open(dir)) {
            for (int e = 0; e < 3; e++) {
                Episode ep = ds.read(e);
                assertEquals(written.tasks.get(e), ep.task());
                assertEquals(written.values.get(e).size(), ep.length());
                for (int t = 0; t < ep.length(); t++) {
                    assertEquals((float) t / 30, ep.timestamps()[t]);
                    for (Map.Entry<String, float[]> v : written.values.get(e).get(t).entrySet()) {
                        assertArrayEquals(v.getValue(), ep.feature(v.getKey())[t], 0f, "episode " + e + " frame " + t + " " + v.getKey());
                    }
                }
                assertTrue(ep.has(Features.ANNOTATION_TOOL0));
            }
        }
    }

    @Test
    void decodedFramesAreWithinCodecToleranceOfWhatWasWritten() {
        try (LeRobotDataset ds = LeRobotDataset.open(dir)) {
            for (int e = 0; e < 3; e++) {
                try (LeRobotDataset.FrameStream s = ds.stream(e)) {
                    int t = 0;
                    while (s.hasNext()) {
                        double[] mae = meanAbsError(Demo.frame(HEIGHT, e, t), s.next());
                        for (int c = 0; c < 3; c++) {
                            assertTrue(mae[c] <= CODEC_TOLERANCE, "episode " + e + " frame " + t + " channel " + c + ": " + mae[c]);
                        }
                        t++;
                    }
                    assertEquals(ds.episode(e).length(), t);
                }
            }
        }
    }

    @Test
    void randomAccessEqualsSequentialDecode() {
        try (LeRobotDataset ds = LeRobotDataset.open(dir); FrameSource frames = ds.frames(new FrameCache(0))) {
            java.util.Random rnd = new java.util.Random(3);
            for (int e = 0; e < 3; e++) {
                java.util.List<int[]> sequential = new java.util.ArrayList<>();
                try (LeRobotDataset.FrameStream s = ds.stream(e)) {
                    s.forEachRemaining(f -> sequential.add(f.pixels()));
                }
                for (int k = 0; k < 40; k++) {
                    int t = rnd.nextInt(sequential.size());
                    assertArrayEquals(sequential.get(t), frames.frame(e, t).pixels(), "episode " + e + " frame " + t);
                }
            }
        }
    }

    @Test
    void manyThreadsSharingOneSourceAndASmallCacheGetTheRightFrames() throws Exception {
        try (LeRobotDataset ds = LeRobotDataset.open(dir)) {
            java.util.List<java.util.List<int[]>> sequential = new java.util.ArrayList<>();
            for (int e = 0; e < 3; e++) {
                java.util.List<int[]> frames = new java.util.ArrayList<>();
                try (LeRobotDataset.FrameStream s = ds.stream(e)) {
                    s.forEachRemaining(f -> frames.add(f.pixels()));
                }
                sequential.add(frames);
            }
            FrameCache cache = new FrameCache(5 * 4L * 128 * 64);
            try (FrameSource source = ds.frames(cache)) {
                java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
                java.util.List<java.util.concurrent.Future<Integer>> done = new java.util.ArrayList<>();
                for (int w = 0; w < 4; w++) {
                    int seed = w;
                    done.add(pool.submit(() -> {
                        java.util.Random rnd = new java.util.Random(seed);
                        int checked = 0;
                        for (int i = 0; i < 60; i++) {
                            int e = rnd.nextInt(3);
                            int t = rnd.nextInt(sequential.get(e).size());
                            assertArrayEquals(sequential.get(e).get(t), source.frame(e, t).pixels());
                            checked++;
                        }
                        return checked;
                    }));
                }
                for (var f : done) {
                    assertEquals(60, f.get());
                }
                pool.shutdown();
            }
            assertTrue(cache.stats().bytes() <= cache.capacityBytes());
            assertTrue(cache.stats().hits() > 0);
        }
    }

    static double[] meanAbsError(EquirectFrame a, EquirectFrame b) {
        double[] sum = new double[3];
        int[] pa = a.pixels();
        int[] pb = b.pixels();
        for (int i = 0; i < pa.length; i++) {
            for (int c = 0, s = 16; c < 3; c++, s -= 8) {
                sum[c] += Math.abs(((pa[i] >> s) & 255) - ((pb[i] >> s) & 255));
            }
        }
        for (int c = 0; c < 3; c++) {
            sum[c] /= pa.length;
        }
        return sum;
    }
}
