package dev.saccade.data.video;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.core.InputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VideoCodecTest {
    static final VideoSettings FAST = new VideoSettings(2, 2, 1);

    @TempDir
    Path tmp;

    static int[] pattern(int w, int h, int t) {
        int[] px = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                px[y * w + x] = ((x * 255 / w) << 16) | ((y * 255 / h) << 8) | ((t * 9) & 255);
            }
        }
        return px;
    }

    Path encode(String name, int frames) throws IOException {
        Path f = tmp.resolve(name);
        try (VideoEncoder e = new VideoEncoder(f, 64, 32, 30, FAST)) {
            for (int t = 0; t < frames; t++) {
                e.write(pattern(64, 32, t), 64, 32);
            }
            e.finish();
        }
        return f;
    }

    static List<int[]> decodeAll(Path f) {
        List<int[]> out = new ArrayList<>();
        try (VideoDecoder d = VideoDecoder.open(f, VideoDecoder.Mode.SEQUENTIAL)) {
            VideoDecoder.Frame fr;
            while ((fr = d.next()) != null) {
                out.add(fr.rgb());
            }
        }
        return out;
    }

    @Test
    void probeSeesEveryFrameOnTheFpsGridWithAKeyframeEveryTwo() throws IOException {
        VideoInfo info = VideoInfo.probe(encode("a.mp4", 21));
        assertEquals(21, info.frames());
        assertEquals(21 / 30.0, info.durationSeconds(), 1e-9);
        assertEquals(11, info.keyframes());
        assertEquals("h264", info.codec());
        assertEquals("yuv420p", info.pixelFormat());
        for (int k = 0; k < 21; k++) {
            assertEquals(k / 30.0, info.frameTimes()[k], 1e-9);
        }
    }

    @Test
    void seekingToAnyFrameGivesTheSameFrameAsDecodingInOrder() throws IOException {
        Path f = encode("b.mp4", 25);
        List<int[]> all = decodeAll(f);
        assertEquals(25, all.size());
        Random rnd = new Random(7);
        try (VideoDecoder d = VideoDecoder.open(f, VideoDecoder.Mode.RANDOM_ACCESS)) {
            for (int i = 0; i < 60; i++) {
                int k = rnd.nextInt(25);
                assertArrayEquals(all.get(k), d.frameAt(k / 30.0), "frame " + k);
            }
            InputException past = assertThrows(InputException.class, () -> d.frameAt(2.0));
            assertEquals(f, past.file().orElse(null));
        }
    }

    @Test
    void concatenationKeepsEveryFrameAndReportsContiguousSpans() throws IOException {
        Path a = encode("a.mp4", 7);
        Path b = encode("b.mp4", 12);
        Path c = encode("c.mp4", 5);
        Path out = tmp.resolve("all.mp4");
        List<VideoConcat.Span> spans = VideoConcat.concat(List.of(a, b, c), out);
        assertEquals(List.of(new VideoConcat.Span(0, 7 / 30.0, 7), new VideoConcat.Span(7 / 30.0, 19 / 30.0, 12),
                new VideoConcat.Span(19 / 30.0, 24 / 30.0, 5)), spans);
        List<int[]> joined = decodeAll(out);
        List<int[]> parts = new ArrayList<>(decodeAll(a));
        parts.addAll(decodeAll(b));
        parts.addAll(decodeAll(c));
        assertEquals(parts.size(), joined.size());
        for (int i = 0; i < parts.size(); i++) {
            assertArrayEquals(parts.get(i), joined.get(i), "frame " + i + " is the same packet, not re-encoded");
        }
    }

    @Test
    void anUnfinishedEncoderLeavesNoFileAndWrongSizesAreRefused() throws IOException {
        Path f = tmp.resolve("x.mp4");
        try (VideoEncoder e = new VideoEncoder(f, 64, 32, 30, FAST)) {
            e.write(pattern(64, 32, 0), 64, 32);
            assertThrows(IllegalArgumentException.class, () -> e.write(new int[10], 5, 2));
        }
        assertFalse(Files.exists(f));
        assertThrows(IllegalArgumentException.class, () -> new VideoEncoder(f, 63, 32, 30, FAST));
    }

    @Test
    void decodingCanScaleDown() throws IOException {
        Path f = encode("s.mp4", 3);
        try (VideoDecoder d = VideoDecoder.open(f, VideoDecoder.Mode.SEQUENTIAL, 32, 16)) {
            VideoDecoder.Frame fr = d.next();
            assertEquals(32 * 16, fr.rgb().length);
            assertTrue(fr.seconds() >= 0);
            d.next();
            d.next();
            assertNull(d.next());
        }
    }
}
