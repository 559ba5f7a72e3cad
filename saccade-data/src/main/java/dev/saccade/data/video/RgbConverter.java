package dev.saccade.data.video;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGRA;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.swscale.SWS_ACCURATE_RND;
import static org.bytedeco.ffmpeg.global.swscale.SWS_AREA;
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
 * Converts between packed {@code 0xRRGGBB} int pixels and FFmpeg frames with libswscale, with
 * explicit colour matrices: Saccade writes BT.601 limited range, and reads whatever a video is
 * tagged with (BT.601 or BT.709; untagged HD video is read as BT.709, as players do).
 *
 * <p>On a little-endian machine an int {@code 0x00RRGGBB} is the bytes B, G, R, 0 in memory,
 * which is FFmpeg's BGRA layout; the alpha byte is ignored on the way in and masked on the way out.
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
        rgb = av_frame_alloc();
        rgb.format(AV_PIX_FMT_BGRA);
        rgb.width(rgbWidth);
        rgb.height(rgbHeight);
        if (av_frame_get_buffer(rgb, 0) < 0) {
            throw new IllegalStateException("cannot allocate a " + rgbWidth + "×" + rgbHeight + " RGB frame");
        }
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

    /**
     * A decoded frame of any pixel format and size to RGB ints of {@code outWidth × outHeight}
     * (area averaging when shrinking), honouring the stream's colour matrix and range.
     */
    static RgbConverter toRgb(int width, int height, int pixelFormat, int colorspace, int colorRange,
                              int outWidth, int outHeight) {
        Ffmpeg.init();
        boolean scaling = width != outWidth || height != outHeight;
        // No accurate rounding here: the default path is libswscale's SIMD one, about 2.5× faster, for
        // about +0.5 mean error per channel; decoding speed is what training waits for.
        int flags = scaling ? SWS_AREA : SWS_BILINEAR;
        SwsContext sws = sws_getContext(width, height, pixelFormat, outWidth, outHeight, AV_PIX_FMT_BGRA,
                flags, null, null, (DoublePointer) null);
        if (sws == null) {
            throw new IllegalStateException("libswscale cannot convert pixel format " + pixelFormat + " to RGB");
        }
        int matrix = colorspace;
        if (matrix == avutil.AVCOL_SPC_UNSPECIFIED || matrix == avutil.AVCOL_SPC_RGB) {
            matrix = height >= 720 ? avutil.AVCOL_SPC_BT709 : avutil.AVCOL_SPC_SMPTE170M;
        }
        int fullRange = colorRange == avutil.AVCOL_RANGE_JPEG ? 1 : 0;
        IntPointer table = sws_getCoefficients(matrix);
        sws_setColorspaceDetails(sws, table, fullRange, table, 1, 0, 1 << 16, 1 << 16);
        return new RgbConverter(sws, outWidth, outHeight);
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

    /** Converts a decoded frame into a new array of packed {@code 0xRRGGBB} pixels. */
    int[] frameToRgb(AVFrame in) {
        if (sws_scale_frame(sws, rgb, in) < 0) {
            throw new IllegalStateException("libswscale failed to convert a decoded frame to RGB");
        }
        int[] pixels = new int[rgbWidth * rgbHeight];
        int stride = rgb.linesize(0) / 4;
        if (stride == rgbWidth) {
            rgbPixels.position(0).get(pixels, 0, pixels.length);
        } else {
            for (int y = 0; y < rgbHeight; y++) {
                rgbPixels.position((long) y * stride).get(pixels, y * rgbWidth, rgbWidth);
            }
        }
        rgbPixels.position(0);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] &= 0xFFFFFF;
        }
        return pixels;
    }

    @Override
    public void close() {
        sws_freeContext(sws);
        av_frame_free(rgb);
    }
}
