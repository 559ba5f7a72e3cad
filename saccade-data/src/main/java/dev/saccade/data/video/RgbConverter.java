package dev.saccade.data.video;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGRA;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.swscale.SWS_ACCURATE_RND;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCoefficients;
import static org.bytedeco.ffmpeg.global.swscale.sws_getContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale_frame;
import static org.bytedeco.ffmpeg.global.swscale.sws_setColorspaceDetails;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;

/**
 * Converts packed {@code 0xRRGGBB} int pixels to yuv420p frames for encoding with libswscale, with
 * an explicit colour matrix: Saccade writes BT.601 limited range ({@link RgbPacker} goes the other way).
 *
 * <p>On a little-endian machine an int {@code 0x00RRGGBB} is the bytes B, G, R, 0 in memory,
 * which is FFmpeg's BGRA layout; the alpha byte is ignored.
 */
final class RgbConverter implements AutoCloseable {
    private final SwsContext sws;
    private final AVFrame rgb;
    private final int rgbWidth;
    private final int rgbHeight;
    private final IntPointer rgbPixels;

    private RgbConverter(SwsContext sws, int rgbWidth, int rgbHeight) {
        this.sws = sws;
        this.rgbWidth = rgbWidth;
        this.rgbHeight = rgbHeight;
        rgb = Ffmpeg.bgraFrame(rgbWidth, rgbHeight);
        rgbPixels = new IntPointer(rgb.data(0));
    }

    /** RGB ints of {@code width × height} to yuv420p of the same size, BT.601 limited range. */
    static RgbConverter toYuv420(int width, int height) {
        Ffmpeg.init();
        SwsContext sws = sws_getContext(width, height, AV_PIX_FMT_BGRA, width, height, AV_PIX_FMT_YUV420P,
                SWS_BILINEAR | SWS_ACCURATE_RND, null, null, (DoublePointer) null);
        if (sws == null) {
            throw new IllegalStateException("libswscale cannot convert RGB to yuv420p at " + width + "×" + height);
        }
        IntPointer bt601 = sws_getCoefficients(avutil.AVCOL_SPC_SMPTE170M);
        sws_setColorspaceDetails(sws, bt601, 1, bt601, 0, 0, 1 << 16, 1 << 16);
        return new RgbConverter(sws, width, height);
    }

    /** Converts {@code pixels} (this converter's RGB size) into {@code out}, which must be allocated. */
    void rgbToFrame(int[] pixels, AVFrame out) {
        int stride = rgb.linesize(0) / 4;
        if (stride == rgbWidth) {
            rgbPixels.position(0).put(pixels, 0, rgbWidth * rgbHeight);
        } else {
            for (int y = 0; y < rgbHeight; y++) {
                rgbPixels.position((long) y * stride).put(pixels, y * rgbWidth, rgbWidth);
            }
        }
        rgbPixels.position(0);
        if (sws_scale_frame(sws, out, rgb) < 0) {
            throw new IllegalStateException("libswscale failed to convert RGB to YUV");
        }
    }

    @Override
    public void close() {
        sws_freeContext(sws);
        av_frame_free(rgb);
    }
}
