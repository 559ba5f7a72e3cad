package dev.saccade.data.video;

import java.nio.file.Path;

/**
 * Where the time of one decoded frame goes, for {@code saccade bench decode}: reading and decoding
 * it (H.264), converting YUV to RGB (libswscale, into a reused native buffer), and packing that
 * into the {@code int[]} an {@code EquirectFrame} wraps.
 */
public final class DecodeProfile {
    /** Milliseconds per frame for each stage, one entry per frame, in decoding order. */
    public record Stages(double[] decodeMs, double[] convertMs, double[] packMs) {}

    private DecodeProfile() {}

    /**
     * Decodes the first {@code frames} frames of {@code file} (fewer if it is shorter) in order with
     * a single-threaded decoder. {@code zeroAlphaPlane} false converts with the plain libswscale
     * pass plus a Java pass clearing the alpha byte, as Saccade did before {@link RgbPacker}.
     */
    public static Stages run(Path file, int frames, boolean zeroAlphaPlane) {
        double[] decode = new double[frames];
        double[] convert = new double[frames];
        double[] pack = new double[frames];
        int n = 0;
        try (VideoDecoder d = VideoDecoder.open(file, VideoDecoder.Mode.RANDOM_ACCESS, 0, 0, zeroAlphaPlane)) {
            VideoDecoder.Stats before = d.stats();
            while (n < frames && d.next() != null) {
                VideoDecoder.Stats after = d.stats();
                VideoDecoder.Stats one = after.minus(before);
                decode[n] = one.decodeNanos() / 1e6;
                convert[n] = one.convertNanos() / 1e6;
                pack[n] = one.packNanos() / 1e6;
                before = after;
                n++;
            }
        }
        return new Stages(java.util.Arrays.copyOf(decode, n), java.util.Arrays.copyOf(convert, n), java.util.Arrays.copyOf(pack, n));
    }
}
