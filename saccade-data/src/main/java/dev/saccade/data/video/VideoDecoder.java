package dev.saccade.data.video;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_flush_buffers;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.AVSEEK_FLAG_BACKWARD;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_seek_frame;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PICTURE_TYPE_I;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;

import dev.saccade.core.InputException;
import java.nio.file.Path;
import java.util.Locale;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * Decodes one video file to packed {@code 0xRRGGBB} frames, sequentially ({@link #next()}) or at
 * a given time ({@link #frameAt(double)}), converting only the frames asked for.
 *
 * <p>{@code frameAt} decodes as few frames as it can: it decodes on from the frame it decoded last
 * unless a keyframe lies beyond the next frame and at or before the one asked for; then it seeks
 * to that keyframe, which skips the frames in between (with a keyframe every 2 frames, stepping 2
 * frames at a time from a keyframe decodes one frame per request, not two). Backward requests seek
 * too. Decoders in {@link Mode#SEQUENTIAL} mode keep their frame-threaded pipeline instead and
 * decode forward across gaps of up to 8 frames. {@link #stats()} counts the work.
 *
 * <p>Not thread-safe: use one decoder per thread (they are cheap: one open file and one codec).
 */
public final class VideoDecoder implements AutoCloseable {
    /** How the decoder is used; it picks the codec's threading. */
    public enum Mode {
        /** Single-threaded codec: lowest latency for a frame at a random position. */
        RANDOM_ACCESS,
        /** Frame-threaded codec on every core: highest throughput for reading in order. */
        SEQUENTIAL
    }

    /** A decoded frame and its presentation time. */
    public record Frame(double seconds, int[] rgb) {}

    /**
     * What a decoder has done since it was opened, for benchmarks and for tests that count work.
     *
     * @param decoded      frames the codec decoded (including those only decoded on the way to another)
     * @param converted    frames converted to RGB and returned (a repeated request returns the same array)
     * @param seeks        seeks in the file
     * @param decodeNanos  time reading packets and decoding them
     * @param convertNanos time converting YUV to RGB into a reused native buffer (libswscale)
     * @param packNanos    time copying that buffer into the returned {@code int[]}, allocation included
     */
    public record Stats(long decoded, long converted, long seeks, long decodeNanos, long convertNanos, long packNanos) {
        /** No work. */
        public static final Stats ZERO = new Stats(0, 0, 0, 0, 0, 0);

        /** The sum of both. */
        public Stats plus(Stats o) {
            return new Stats(decoded + o.decoded, converted + o.converted, seeks + o.seeks, decodeNanos + o.decodeNanos,
                    convertNanos + o.convertNanos, packNanos + o.packNanos);
        }

        /** The work done since {@code earlier}, a snapshot of the same decoder. */
        public Stats minus(Stats earlier) {
            return new Stats(decoded - earlier.decoded, converted - earlier.converted, seeks - earlier.seeks,
                    decodeNanos - earlier.decodeNanos, convertNanos - earlier.convertNanos, packNanos - earlier.packNanos);
        }
    }

    /**
     * Switches back to how Saccade decoded before, so benchmarks can measure the difference in the
     * same run: {@code zeroAlphaPlane} false converts with a Java pass clearing the alpha byte
     * ({@link RgbPacker}), {@code keyframeSeeks} false decodes forward across gaps of up to 8 frames
     * whatever the keyframes.
     */
    record Tuning(boolean zeroAlphaPlane, boolean keyframeSeeks) {
        static final Tuning DEFAULT = new Tuning(true, true);
    }

    /**
     * Without a keyframe index reaching the target, or in sequential mode, decode forward across at
     * most this many frames rather than seek.
     */
    private static final int MAX_FORWARD_FRAMES = 8;

    private final VideoInput input;
    private final Mode mode;
    private final VideoInput.KeyframeIndex keyframes;
    private final AVCodecContext codec;
    private final AVPacket packet;
    private final AVFrame frame;
    private final int outWidth;
    private final int outHeight;
    private final long frameTicks;
    private final Tuning tuning;
    private RgbPacker packer;
    private long lastPts = Long.MIN_VALUE;
    private int[] lastRgb;
    private boolean inputDone;
    private boolean codecDone;
    private long decoded;
    private long converted;
    private long seeks;
    private long decodeNanos;
    private long convertNanos;
    private long packNanos;

    private VideoDecoder(VideoInput input, Mode mode, int outWidth, int outHeight, Tuning tuning) {
        this.input = input;
        this.mode = mode;
        this.tuning = tuning;
        this.keyframes = input.keyframeIndex();
        AVCodec decoder = avcodec_find_decoder(input.stream.codecpar().codec_id());
        if (decoder == null) {
            throw new InputException(input.file, "no decoder for this video codec");
        }
        codec = avcodec_alloc_context3(decoder);
        Ffmpeg.checkInput(avcodec_parameters_to_context(codec, input.stream.codecpar()), input.file, "bad codec parameters");
        if (mode == Mode.SEQUENTIAL) {
            codec.thread_count(0);
            codec.thread_type(1 | 2); // FF_THREAD_FRAME | FF_THREAD_SLICE
        } else {
            codec.thread_count(1);
        }
        Ffmpeg.checkInput(avcodec_open2(codec, decoder, (AVDictionary) null), input.file, "cannot open the decoder");
        packet = av_packet_alloc();
        frame = av_frame_alloc();
        this.outWidth = outWidth > 0 ? outWidth : codec.width();
        this.outHeight = outHeight > 0 ? outHeight : codec.height();
        var rate = org.bytedeco.ffmpeg.global.avformat.av_guess_frame_rate(input.format, input.stream, (AVFrame) null);
        double fps = rate.den() == 0 || rate.num() == 0 ? 30 : Ffmpeg.toDouble(rate);
        frameTicks = Math.max(1, input.pts(1.0 / fps));
    }

    /** Opens {@code file} at its own size; throws {@link InputException} naming it if it cannot be decoded. */
    public static VideoDecoder open(Path file, Mode mode) {
        return open(file, mode, 0, 0);
    }

    /** Opens {@code file}, scaling frames to {@code width × height} (0 keeps the source size). */
    public static VideoDecoder open(Path file, Mode mode, int width, int height) {
        return open(file, mode, width, height, Tuning.DEFAULT);
    }

    /** As {@link #open(Path, Mode, int, int)}, tuned (for benchmarks). */
    static VideoDecoder open(Path file, Mode mode, int width, int height, Tuning tuning) {
        VideoInput input = VideoInput.open(file);
        try {
            return new VideoDecoder(input, mode, width, height, tuning);
        } catch (RuntimeException e) {
            input.close();
            throw e;
        }
    }

    /** Width of the decoded frames (after scaling). */
    public int width() {
        return outWidth;
    }

    /** Height of the decoded frames (after scaling). */
    public int height() {
        return outHeight;
    }

    /** Time in seconds of the frame decoded last, or NaN before the first one and after a seek. */
    public double position() {
        return lastPts == Long.MIN_VALUE ? Double.NaN : input.seconds(lastPts);
    }

    /** Duration of one frame at the stream's nominal rate, in seconds. */
    public double frameSeconds() {
        return input.seconds(frameTicks);
    }

    /** The file being decoded. */
    public Path file() {
        return input.file;
    }

    /** Whether the frame decoded last is intra-coded (a keyframe, decodable on its own). */
    boolean lastWasIntra() {
        return lastPts != Long.MIN_VALUE && frame.pict_type() == AV_PICTURE_TYPE_I;
    }

    /** What this decoder has done since it was opened. */
    public Stats stats() {
        return new Stats(decoded, converted, seeks, decodeNanos, convertNanos, packNanos);
    }

    /** The next frame in presentation order, or null at the end of the video. */
    public Frame next() {
        if (!decodeNext()) {
            return null;
        }
        return new Frame(input.seconds(lastPts), convert());
    }

    /**
     * The frame shown at {@code seconds}: the one whose presentation time is within half a frame
     * of it. Throws {@link InputException} naming the file if the video has no such frame.
     */
    public int[] frameAt(double seconds) {
        long target = input.pts(seconds);
        long half = frameTicks / 2;
        if (lastRgb != null && Math.abs(lastPts - target) <= half) {
            return lastRgb;
        }
        if (!decodeOnTo(target)) {
            // half a frame late: the keyframe at or before the frame itself, even if target rounds just below it
            seek(target + half);
        }
        while (decodeNext()) {
            if (lastPts >= target - half) {
                if (lastPts > target + half) {
                    throw new InputException(input.file, String.format(Locale.ROOT,
                            "no frame at %.4f s (next frame is at %.4f s)", seconds, input.seconds(lastPts)));
                }
                return convert();
            }
        }
        throw new InputException(input.file, String.format(Locale.ROOT,
                "no frame at %.4f s: the video ends before it", seconds));
    }

    /** Whether to reach {@code target} by decoding on from the last frame (true) rather than by seeking. */
    private boolean decodeOnTo(long target) {
        if (lastPts == Long.MIN_VALUE || target <= lastPts) {
            return false;
        }
        long half = frameTicks / 2;
        // (an index that does not reach the frame asked for, e.g. of a fragmented file, says nothing)
        if (mode == Mode.SEQUENTIAL || !tuning.keyframeSeeks() || !keyframes.covers(target - half)) {
            return target - lastPts <= MAX_FORWARD_FRAMES * frameTicks;
        }
        // A seek restarts at the last keyframe at or before the target; it saves decoding only if
        // that keyframe comes after the next frame (half a frame of slack for rounded timestamps).
        long key = keyframes.lastAtOrBefore(target + half);
        return key == Long.MIN_VALUE || key <= lastPts + frameTicks + half;
    }

    private void seek(long target) {
        Ffmpeg.checkInput(av_seek_frame(input.format, input.streamIndex, target, AVSEEK_FLAG_BACKWARD),
                input.file, "cannot seek");
        avcodec_flush_buffers(codec);
        seeks++;
        inputDone = false;
        codecDone = false;
        lastPts = Long.MIN_VALUE;
        lastRgb = null;
    }

    /** Decodes the next frame into {@code frame} and sets {@code lastPts}; false at the end. */
    private boolean decodeNext() {
        lastRgb = null;
        long start = System.nanoTime();
        try {
            return receive();
        } finally {
            decodeNanos += System.nanoTime() - start;
        }
    }

    private boolean receive() {
        while (true) {
            if (codecDone) {
                return false;
            }
            av_frame_unref(frame);
            int ret = avcodec_receive_frame(codec, frame);
            if (ret >= 0) {
                long pts = frame.best_effort_timestamp();
                lastPts = pts != AV_NOPTS_VALUE ? pts : frame.pkt_dts();
                decoded++;
                return true;
            }
            if (ret == AVERROR_EOF) {
                codecDone = true;
                return false;
            }
            if (ret != AVERROR_EAGAIN()) {
                Ffmpeg.checkInput(ret, input.file, "cannot decode");
            }
            feed();
        }
    }

    /** Sends the next packet of the video stream to the codec, or the end-of-stream signal. */
    private void feed() {
        if (inputDone) {
            return;
        }
        while (true) {
            int ret = av_read_frame(input.format, packet);
            if (ret == AVERROR_EOF) {
                inputDone = true;
                avcodec_send_packet(codec, null);
                return;
            }
            Ffmpeg.checkInput(ret, input.file, "cannot read");
            try {
                if (packet.stream_index() == input.streamIndex) {
                    int sent = avcodec_send_packet(codec, packet);
                    if (sent < 0 && sent != AVERROR_EAGAIN()) {
                        Ffmpeg.checkInput(sent, input.file, String.format(Locale.ROOT,
                                "corrupt frame near %.4f s", input.seconds(packet.pts())));
                    }
                    return;
                }
            } finally {
                av_packet_unref(packet);
            }
        }
    }

    private int[] convert() {
        if (packer == null || !packer.accepts(frame)) { // the first frame, or the stream changed size
            if (packer != null) {
                packer.close();
            }
            packer = RgbPacker.of(frame, outWidth, outHeight, tuning.zeroAlphaPlane());
        }
        long start = System.nanoTime();
        packer.convert(frame);
        long convertedAt = System.nanoTime();
        lastRgb = packer.pack();
        convertNanos += convertedAt - start;
        packNanos += System.nanoTime() - convertedAt;
        converted++;
        return lastRgb;
    }

    @Override
    public void close() {
        if (packer != null) {
            packer.close();
        }
        av_frame_free(frame);
        av_packet_free(packet);
        avcodec_free_context(codec);
        input.close();
    }
}
