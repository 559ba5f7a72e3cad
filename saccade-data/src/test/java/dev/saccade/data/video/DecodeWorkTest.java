package dev.saccade.data.video;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link VideoDecoder#frameAt} decodes only what it must, and still returns the frames of an in-order decode. */
class DecodeWorkTest {
    static final int FRAMES = 40;

    @TempDir
    static Path tmp;
    /** GOP 2 as in datasets: every even frame is a keyframe. */
    static Path gop2;
    static List<int[]> gop2Frames;
    /** GOP 12: long runs without a keyframe. */
    static Path gop12;
    static List<int[]> gop12Frames;

    @BeforeAll
    static void encode() throws IOException {
        gop2 = encode("gop2.mp4", 2);
        gop2Frames = VideoCodecTest.decodeAll(gop2);
        gop12 = encode("gop12.mp4", 12);
        gop12Frames = VideoCodecTest.decodeAll(gop12);
        assertEquals(FRAMES, gop2Frames.size());
        assertEquals(FRAMES, gop12Frames.size());
    }

    static Path encode(String name, int gop) throws IOException {
        Path f = tmp.resolve(name);
        try (VideoEncoder e = new VideoEncoder(f, 64, 32, 30, new VideoSettings(gop, 2, 1))) {
            for (int t = 0; t < FRAMES; t++) {
                e.write(VideoCodecTest.pattern(64, 32, t), 64, 32);
            }
            e.finish();
        }
        return f;
    }

    /** Requests {@code frame} and returns how many frames the codec decoded for it, checking the pixels. */
    static long request(VideoDecoder d, List<int[]> reference, int frame) {
        long before = d.stats().decoded();
        assertArrayEquals(reference.get(frame), d.frameAt(frame / 30.0), "frame " + frame);
        return d.stats().decoded() - before;
    }

    @Test
    void steppingTwoFramesFromAKeyframeDecodesOneFramePerStep() {
        try (VideoDecoder d = VideoDecoder.open(gop2, VideoDecoder.Mode.RANDOM_ACCESS)) {
            for (int k = 0; k < FRAMES; k += 2) {
                assertEquals(1, request(d, gop2Frames, k), "frame " + k + " is a keyframe: one decode");
            }
            VideoDecoder.Stats s = d.stats();
            assertEquals(FRAMES / 2, s.decoded());
            assertEquals(FRAMES / 2, s.converted());
        }
    }

    @Test
    void steppingTwoFramesFromAnOddFrameDecodesOnWithoutSeeking() {
        try (VideoDecoder d = VideoDecoder.open(gop2, VideoDecoder.Mode.RANDOM_ACCESS)) {
            for (int k = 1; k < FRAMES; k += 2) {
                assertEquals(2, request(d, gop2Frames, k), "frame " + k + " needs the keyframe before it");
            }
            assertEquals(1, d.stats().seeks(), "only the first request seeks: the keyframe in between is the next frame anyway");
            assertEquals(FRAMES / 2, d.stats().converted());
        }
    }

    @Test
    void withAKeyframeEveryTwoFramesNoRequestDecodesMoreThanTwo() {
        Random rnd = new Random(11);
        try (VideoDecoder d = VideoDecoder.open(gop2, VideoDecoder.Mode.RANDOM_ACCESS)) {
            int k = 0;
            for (int i = 0; i < 400; i++) {
                int jump = switch (rnd.nextInt(4)) {
                    case 0 -> rnd.nextInt(13);          // forward, within and beyond the old 8-frame window
                    case 1 -> -1 - rnd.nextInt(6);       // backward
                    case 2 -> 0;                         // the same frame again
                    default -> 2;                        // the gym's step
                };
                int next = Math.floorMod(k + jump, FRAMES);
                long decoded = request(d, gop2Frames, next);
                assertTrue(decoded <= 2, "frame " + k + " then " + next + ": " + decoded + " decodes");
                if (next == k && i > 0) {
                    assertEquals(0, decoded, "a repeated request reuses the frame");
                }
                k = next;
            }
        }
    }

    @Test
    void withoutAKeyframeInBetweenItDecodesOnRatherThanSeekBack() {
        try (VideoDecoder d = VideoDecoder.open(gop12, VideoDecoder.Mode.RANDOM_ACCESS)) {
            assertEquals(2, request(d, gop12Frames, 1));
            assertEquals(10, request(d, gop12Frames, 11), "frames 2..11; seeking to keyframe 0 would decode 12");
            assertEquals(1, d.stats().seeks());
            assertEquals(3, request(d, gop12Frames, 14), "keyframe 12 is the next frame: decoding on costs what a seek would");
            assertEquals(1, d.stats().seeks());
            assertEquals(7, request(d, gop12Frames, 30), "seeks to keyframe 24, skipping frames 15..23");
            assertEquals(2, d.stats().seeks());
            assertEquals(11, request(d, gop12Frames, 10), "backward: from keyframe 0");
            assertEquals(3, d.stats().seeks());
        }
    }

    @Test
    void sequentialModeKeepsDecodingForwardAndGivesTheSameFrames() {
        try (VideoDecoder d = VideoDecoder.open(gop2, VideoDecoder.Mode.SEQUENTIAL)) {
            for (int k = 0; k < FRAMES; k += 3) {
                request(d, gop2Frames, k);
            }
            assertEquals(1, d.stats().seeks(), "frame-threaded decoding keeps its pipeline");
        }
    }

    @Test
    void theProfileTimesEveryStageOfEveryFrameItDecodes() {
        for (boolean zeroAlpha : new boolean[] {true, false}) {
            DecodeProfile.Stages s = DecodeProfile.stages(gop2, 100, zeroAlpha);
            assertEquals(FRAMES, s.decodeMs().length, "the video has only " + FRAMES + " frames");
            assertEquals(FRAMES, s.convertMs().length);
            assertEquals(FRAMES, s.packMs().length);
            for (int i = 0; i < FRAMES; i++) {
                assertTrue(s.decodeMs()[i] > 0 && s.convertMs()[i] > 0 && s.packMs()[i] > 0, "frame " + i);
                assertEquals(i % 2 == 0, s.intra()[i], "GOP 2: frame " + i);
            }
            assertEquals(FRAMES / 2, s.decodeMs(true).length);
        }
        assertEquals(5, DecodeProfile.stages(gop2, 5, true).decodeMs().length);
    }

    @Test
    void aProfiledRequestPatternCountsTheWorkOfBothWays() {
        double[] everyOther = new double[FRAMES / 2];
        for (int i = 0; i < everyOther.length; i++) {
            everyOther[i] = 2 * i / 30.0;
        }
        DecodeProfile.Requests now = DecodeProfile.request(gop2, everyOther, true);
        DecodeProfile.Requests before = DecodeProfile.request(gop2, everyOther, false);
        assertEquals(FRAMES / 2, now.requests());
        assertEquals(1.0, now.decodesPerRequest());
        assertEquals((1 + 2.0 * (FRAMES / 2 - 1)) / (FRAMES / 2), before.decodesPerRequest(), 1e-12, "frame 0, then 2 per step");
        assertEquals(1, before.work().seeks());
        assertTrue(now.perSecond() > 0);
    }

    @Test
    void theKeyframeIndexFindsTheLastKeyframeAtOrBeforeATimeWithinItsReach() {
        VideoInput.KeyframeIndex index = new VideoInput.KeyframeIndex(new long[] {0, 1024, 2048}, 2560);
        assertEquals(1024, index.lastAtOrBefore(2047));
        assertEquals(2048, index.lastAtOrBefore(2048));
        assertEquals(Long.MIN_VALUE, index.lastAtOrBefore(-1));
        assertTrue(index.covers(2560), "the last frame in the index");
        assertTrue(!index.covers(2561), "past the index: unknown keyframes");
        assertTrue(!new VideoInput.KeyframeIndex(new long[0], Long.MIN_VALUE).covers(0));
        try (VideoInput in = VideoInput.open(gop2)) {
            VideoInput.KeyframeIndex real = in.keyframeIndex();
            assertEquals(FRAMES / 2, real.keyframes().length, "every even frame");
            assertEquals(in.pts(39 / 30.0), real.lastEntry(), "the last frame");
        }
    }
}
