package dev.saccade.data.video;

/**
 * How dataset videos are encoded: H.264 through OpenH264, yuv420p, a keyframe every {@code gop}
 * frames, and a bit rate proportional to the pixel rate.
 *
 * <p>Why these: H.264 is the codec every LeRobot decoding backend (torchcodec, PyAV) and
 * FFmpeg's fast native decoder handle, and OpenH264 is the H.264 encoder in the LGPL FFmpeg
 * build Saccade ships (libx264 is GPL and absent). A GOP of 2, as LeRobot uses, bounds a random
 * access to at most one extra decoded frame.
 *
 * @param gop          keyframe interval in frames (LeRobot's {@code g}); 1 makes every frame a keyframe
 * @param bitsPerPixel target bits per pixel per frame; bit rate = bitsPerPixel·width·height·fps
 * @param threads      encoder threads; 0 lets the encoder use every core
 */
public record VideoSettings(int gop, double bitsPerPixel, int threads) {
    /** The encoder inside FFmpeg that writes the stream. */
    public static final String ENCODER = "libopenh264";
    /** The codec name LeRobot records in info.json ({@code video.codec}). */
    public static final String CODEC = "h264";
    /** The pixel format of every dataset video. */
    public static final String PIX_FMT = "yuv420p";

    /** Defaults: GOP 2, 1.0 bit per pixel (about 15.7 Mbit/s at 1024×512, 30 fps), all cores. */
    public static final VideoSettings DEFAULT = new VideoSettings(2, 1.0, 0);

    public VideoSettings {
        if (gop < 1) {
            throw new IllegalArgumentException("gop must be >= 1, got " + gop);
        }
        if (!(bitsPerPixel > 0 && bitsPerPixel <= 24)) {
            throw new IllegalArgumentException("bitsPerPixel must be in (0, 24], got " + bitsPerPixel);
        }
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0, got " + threads);
        }
    }

    /** Target bit rate in bits per second for a stream of this size and rate. */
    public long bitRate(int width, int height, int fps) {
        return Math.max(64_000L, Math.round(bitsPerPixel * width * height * fps));
    }
}
