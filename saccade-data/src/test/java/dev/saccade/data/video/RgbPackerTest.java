package dev.saccade.data.video;

import static org.bytedeco.ffmpeg.global.avutil.AVCOL_RANGE_JPEG;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_RANGE_MPEG;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_SPC_BT709;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_SPC_SMPTE170M;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.junit.jupiter.api.Test;

/** The zero-alpha fast path of {@link RgbPacker} gives exactly the pixels of the plain, masked conversion. */
class RgbPackerTest {

    /** A yuv420p frame with random planes (seeded), or with constant Y, U, V when {@code flat} is given. */
    static AVFrame yuv(int width, int height, long seed, int[] flat) {
        AVFrame f = av_frame_alloc();
        f.format(AV_PIX_FMT_YUV420P);
        f.width(width);
        f.height(height);
        assertTrue(av_frame_get_buffer(f, 0) >= 0);
        Random rnd = new Random(seed);
        for (int p = 0; p < 3; p++) {
            int w = p == 0 ? width : (width + 1) / 2;
            int h = p == 0 ? height : (height + 1) / 2;
            byte[] row = new byte[w];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    row[x] = (byte) (flat != null ? flat[p] : 16 + rnd.nextInt(225));
                }
                f.data(p).position((long) y * f.linesize(p)).put(row);
            }
            f.data(p).position(0);
        }
        return f;
    }

    static int[] convert(AVFrame in, int colorspace, int range, int outWidth, int outHeight, boolean zeroAlpha) {
        try (RgbPacker p = new RgbPacker(in.width(), in.height(), in.format(), colorspace, range, outWidth, outHeight, zeroAlpha)) {
            assertEquals(zeroAlpha, p.writesZeroAlpha());
            return p.toRgb(in);
        }
    }

    @Test
    void zeroAlphaPlaneGivesTheSamePixelsAsMaskingAtAnySizeAndMatrix() {
        int[][] sizes = {{96, 48, 96, 48}, {100, 50, 100, 50}, {96, 48, 48, 24}};
        int[][] matrices = {{AVCOL_SPC_SMPTE170M, AVCOL_RANGE_MPEG}, {AVCOL_SPC_BT709, AVCOL_RANGE_JPEG}};
        for (int[] s : sizes) {
            for (int[] m : matrices) {
                AVFrame in = yuv(s[0], s[1], s[0] * 31L + m[0], null);
                try {
                    int[] fast = convert(in, m[0], m[1], s[2], s[3], true);
                    int[] plain = convert(in, m[0], m[1], s[2], s[3], false);
                    assertArrayEquals(plain, fast, s[0] + "×" + s[1] + " to " + s[2] + "×" + s[3] + ", matrix " + m[0]);
                    for (int px : fast) {
                        assertEquals(0, px >>> 24, "nothing above 0xRRGGBB");
                    }
                    assertFalse(java.util.Arrays.stream(fast).allMatch(px -> px == fast[0]), "a real picture, not a constant");
                } finally {
                    av_frame_free(in);
                }
            }
        }
    }

    @Test
    void limitedRangeWhiteAndBlackComeOutAsFullRangeWhiteAndBlack() {
        int[][] cases = {{235, 128, 128, 0xFFFFFF}, {16, 128, 128, 0x000000}};
        for (int[] c : cases) {
            AVFrame in = yuv(64, 32, 0, new int[] {c[0], c[1], c[2]});
            try {
                for (int px : convert(in, AVCOL_SPC_SMPTE170M, AVCOL_RANGE_MPEG, 64, 32, true)) {
                    assertEquals(c[3], px, "Y " + c[0]);
                }
            } finally {
                av_frame_free(in);
            }
        }
    }

    @Test
    void aPackerRefusesFramesOfAnotherSize() {
        AVFrame a = yuv(64, 32, 1, null);
        AVFrame b = yuv(32, 16, 1, null);
        try (RgbPacker p = RgbPacker.of(a, 64, 32, true)) {
            assertTrue(p.accepts(a));
            assertFalse(p.accepts(b));
        } finally {
            av_frame_free(a);
            av_frame_free(b);
        }
    }
}
