package dev.saccade.data.video;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGRA;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVA420P;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.swscale.SWS_AREA;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCoefficients;
import static org.bytedeco.ffmpeg.global.swscale.sws_getContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale_frame;
import static org.bytedeco.ffmpeg.global.swscale.sws_setColorspaceDetails;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Turns decoded frames into packed {@code 0xRRGGBB} ints (the layout of {@code EquirectFrame}) with
 * libswscale, honouring the stream's colour matrix and range: BT.601 or BT.709, limited or full;
 * untagged video of 720 rows or more is read as BT.709, as players do.
 *
 * <p>Per frame: one libswscale pass into a native buffer made once, then one bulk copy into the
 * new array, nothing else allocated. On a little-endian machine the int {@code 0x00RRGGBB} is the
 * bytes B, G, R, 0: FFmpeg's BGRA with a zero alpha byte. libswscale writes 255 there unless the
 * source has alpha, so a yuv420p frame (all of Saccade's video) is handed to it as yuva420p with a
 * constant zero alpha plane: it then writes the zero itself (same speed, same colours), and no Java
 * pass over the pixels is needed to clear it. Other formats are converted as they are and masked.
 */
final class RgbPacker implements AutoCloseable {
    /** AVFrame begins with its plane pointers ({@code uint8_t *data[8]}). */
    private static final long DATA_OFFSET = Loader.offsetof(AVFrame.class, "data");

    private final int srcWidth;
    private final int srcHeight;
    private final int srcFormat;
    private final SwsContext sws;
    private final AVFrame rgb;
    private final int width;
    private final int height;
    private final IntPointer rgbPixels;
    /** Only for yuv420p sources: the zero alpha plane, and the plane tables handed to sws_scale. */
    private final BytePointer zeroAlpha;
    private final PointerPointer<Pointer> srcPlanes;
    private final IntPointer srcStrides;
    private final PointerPointer<Pointer> dstPlanes;
    private final IntPointer dstStrides;

    RgbPacker(int srcWidth, int srcHeight, int srcFormat, int colorspace, int colorRange, int width, int height,
              boolean zeroAlphaPlane) {
        Ffmpeg.init();
        this.srcWidth = srcWidth;
        this.srcHeight = srcHeight;
        this.srcFormat = srcFormat;
        this.width = width;
        this.height = height;
        zeroAlphaPlane &= srcFormat == AV_PIX_FMT_YUV420P && DATA_OFFSET == 0;
        // No accurate rounding: the default path is libswscale's SIMD one, about 2.5× faster, for
        // about +0.5 mean error per channel; decoding speed is what training waits for.
        int flags = srcWidth != width || srcHeight != height ? SWS_AREA : SWS_BILINEAR;
        sws = sws_getContext(srcWidth, srcHeight, zeroAlphaPlane ? AV_PIX_FMT_YUVA420P : srcFormat, width, height,
                AV_PIX_FMT_BGRA, flags, null, null, (DoublePointer) null);
        if (sws == null) {
            throw new IllegalStateException("libswscale cannot convert pixel format " + srcFormat + " to RGB");
        }
        int matrix = colorspace;
        if (matrix == avutil.AVCOL_SPC_UNSPECIFIED || matrix == avutil.AVCOL_SPC_RGB) {
            matrix = srcHeight >= 720 ? avutil.AVCOL_SPC_BT709 : avutil.AVCOL_SPC_SMPTE170M;
        }
        int fullRange = colorRange == avutil.AVCOL_RANGE_JPEG ? 1 : 0;
        IntPointer table = sws_getCoefficients(matrix);
        sws_setColorspaceDetails(sws, table, fullRange, table, 1, 0, 1 << 16, 1 << 16);

        rgb = Ffmpeg.bgraFrame(width, height);
        rgbPixels = new IntPointer(rgb.data(0));
        if (zeroAlphaPlane) {
            int stride = (srcWidth + 63) & ~63; // aligned rows keep libswscale on its SIMD path
            zeroAlpha = new BytePointer((long) stride * srcHeight);
            zeroAlpha.fill(0);
            srcPlanes = new PointerPointer<>(4);
            srcPlanes.put(3, zeroAlpha);
            srcStrides = new IntPointer(4);
            srcStrides.put(3, stride);
            dstPlanes = new PointerPointer<>(4);
            dstPlanes.put(0, rgb.data(0));
            dstStrides = new IntPointer(rgb.linesize(0), 0, 0, 0);
        } else {
            zeroAlpha = null;
            srcPlanes = null;
            srcStrides = null;
            dstPlanes = null;
            dstStrides = null;
        }
    }

    /**
     * A packer for frames of {@code in}'s size, format and colours to RGB ints of {@code outWidth ×
     * outHeight} (area averaging when shrinking); {@code zeroAlphaPlane} false forces the masked path.
     */
    static RgbPacker of(AVFrame in, int outWidth, int outHeight, boolean zeroAlphaPlane) {
        return new RgbPacker(in.width(), in.height(), in.format(), in.colorspace(), in.color_range(), outWidth, outHeight,
                zeroAlphaPlane);
    }

    /** Whether this packer takes frames like {@code in} (size and pixel format). */
    boolean accepts(AVFrame in) {
        return in.width() == srcWidth && in.height() == srcHeight && in.format() == srcFormat;
    }

    /** Whether pixels come out with a zero top byte straight from libswscale (no masking pass). */
    boolean writesZeroAlpha() {
        return zeroAlpha != null;
    }

    /** Converts {@code in} into the native RGB buffer; {@link #pack()} then copies it out. */
    void convert(AVFrame in) {
        int ret;
        if (zeroAlpha != null) {
            // copy the Y, U, V plane pointers out of the frame without making a Java object per plane
            Pointer.memcpy(srcPlanes, in, 3L * srcPlanes.sizeof());
            for (int i = 0; i < 3; i++) {
                srcStrides.put(i, in.linesize(i));
            }
            ret = sws_scale(sws, srcPlanes, srcStrides, 0, srcHeight, dstPlanes, dstStrides);
        } else {
            ret = sws_scale_frame(sws, rgb, in);
        }
        if (ret < 0) {
            throw new IllegalStateException("libswscale failed to convert a decoded frame to RGB");
        }
    }

    /** The frame converted last, as a new array of packed {@code 0xRRGGBB} pixels. */
    int[] pack() {
        int[] pixels = new int[width * height];
        int stride = rgb.linesize(0) / 4;
        if (stride == width) {
            rgbPixels.position(0).get(pixels, 0, pixels.length);
        } else {
            for (int y = 0; y < height; y++) {
                rgbPixels.position((long) y * stride).get(pixels, y * width, width);
            }
        }
        rgbPixels.position(0);
        if (zeroAlpha == null) {
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] &= 0xFFFFFF;
            }
        }
        return pixels;
    }

    /** {@link #convert} then {@link #pack}. */
    int[] toRgb(AVFrame in) {
        convert(in);
        return pack();
    }

    @Override
    public void close() {
        sws_freeContext(sws);
        av_frame_free(rgb);
        if (zeroAlpha != null) {
            zeroAlpha.close();
            srcPlanes.close();
            srcStrides.close();
            dstPlanes.close();
            dstStrides.close();
        }
    }
}
