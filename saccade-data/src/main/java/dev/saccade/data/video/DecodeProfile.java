package dev.saccade.data.video;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Measurements inside the decoder for {@code saccade bench decode}: where the time of one decoded
 * frame goes (reading and decoding it, converting YUV to RGB with libswscale into a reused native
 * buffer, packing that into the {@code int[]} an {@code EquirectFrame} wraps), and what a pattern of
 * requests costs. Each can run the way Saccade decoded before, to measure the difference in one run.
 */
public final class DecodeProfile {
    /**
     * Milliseconds per frame for each stage, one entry per frame, in decoding order, and whether
     * each frame was intra-coded (a keyframe: it costs several times a predicted frame).
     */
    public record Stages(double[] decodeMs, double[] convertMs, double[] packMs, boolean[] intra) {
        /** The decode times of the intra-coded frames ({@code true}) or of the others. */
        public double[] decodeMs(boolean ofIntra) {
            return IntStream.range(0, decodeMs.length).filter(i -> intra[i] == ofIntra).mapToDouble(i -> decodeMs[i]).toArray();
        }
    }

    /** What a sequence of requests cost: wall time, and the decoder's work. */
    public record Requests(int requests, double seconds, VideoDecoder.Stats work) {
        /** Requests served per second. */
        public double perSecond() {
            return requests / seconds;
        }

        /** Frames the codec decoded per request. */
        public double decodesPerRequest() {
            return (double) work.decoded() / requests;
        }
    }

    private DecodeProfile() {}

    /**
     * Decodes the first {@code frames} frames of {@code file} (fewer if it is shorter) in order with
     * a single-threaded decoder. {@code zeroAlphaPlane} false converts with the plain libswscale
     * pass plus a Java pass clearing the alpha byte, as Saccade did before {@link RgbPacker}.
     */
    public static Stages stages(Path file, int frames, boolean zeroAlphaPlane) {
        double[] decode = new double[frames];
        double[] convert = new double[frames];
        double[] pack = new double[frames];
        boolean[] intra = new boolean[frames];
        int n = 0;
        VideoDecoder.Tuning tuning = new VideoDecoder.Tuning(zeroAlphaPlane, true);
        try (VideoDecoder d = VideoDecoder.open(file, VideoDecoder.Mode.RANDOM_ACCESS, 0, 0, tuning)) {
            VideoDecoder.Stats before = d.stats();
            while (n < frames && d.next() != null) {
                VideoDecoder.Stats after = d.stats();
                VideoDecoder.Stats one = after.minus(before);
                decode[n] = one.decodeNanos() / 1e6;
                convert[n] = one.convertNanos() / 1e6;
                pack[n] = one.packNanos() / 1e6;
                intra[n] = d.lastWasIntra();
                before = after;
                n++;
            }
        }
        return new Stages(Arrays.copyOf(decode, n), Arrays.copyOf(convert, n), Arrays.copyOf(pack, n), Arrays.copyOf(intra, n));
    }

    /**
     * Requests the frames at {@code seconds}, in that order, from one single-threaded decoder of
     * {@code file}. {@code keyframeSeeks} false decodes forward across gaps of up to 8 frames
     * whatever the keyframes, as Saccade did before.
     */
    public static Requests request(Path file, double[] seconds, boolean keyframeSeeks) {
        VideoDecoder.Tuning tuning = new VideoDecoder.Tuning(true, keyframeSeeks);
        try (VideoDecoder d = VideoDecoder.open(file, VideoDecoder.Mode.RANDOM_ACCESS, 0, 0, tuning)) {
            long t0 = System.nanoTime();
            for (double t : seconds) {
                d.frameAt(t);
            }
            return new Requests(seconds.length, (System.nanoTime() - t0) / 1e9, d.stats());
        }
    }
}
