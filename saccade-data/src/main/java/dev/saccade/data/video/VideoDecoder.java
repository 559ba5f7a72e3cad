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
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;

import dev.saccade.core.InputException;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * Decodes one video file to packed {@code 0xRRGGBB} frames, sequentially ({@link #next()}) or at
 * a given time ({@link #frameAt(double)}: seek to the keyframe before it, decode forward, convert
 * only the frame asked for). Requests a few frames ahead of the last one decode forward without
 * seeking, so stepping through a video in order never seeks.
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

    /** Forward decoding is preferred over a seek when the target is at most this many frames ahead. */
    private static final int MAX_FORWARD_FRAMES = 8;

    private final VideoInput input;
    private final AVCodecContext codec;
    private final AVPacket packet;
    private final AVFrame frame;
    private final int outWidth;
    private final int outHeight;
    private final long frameTicks;
    private RgbConverter converter;
    private long lastPts = Long.MIN_VALUE;
    private int[] lastRgb;
    private boolean inputDone;
    private boolean codecDone;

    private VideoDecoder(VideoInput input, Mode mode, int outWidth, int outHeight) {
        this.input = input;
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
        VideoInput input = VideoInput.open(file);
        try {
            return new VideoDecoder(input, mode, width, height);
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
        if (lastPts != Long.MIN_VALUE && Math.abs(lastPts - target) <= half && lastRgb != null) {
            return lastRgb;
        }
        boolean ahead = lastPts != Long.MIN_VALUE && target > lastPts && target - lastPts <= MAX_FORWARD_FRAMES * frameTicks;
        if (!ahead) {
            seek(target);
        }
        while (decodeNext()) {
            if (lastPts >= target - half) {
                if (lastPts > target + half) {
                    throw new InputException(input.file, String.format(java.util.Locale.ROOT,
                            "no frame at %.4f s (next frame is at %.4f s)", seconds, input.seconds(lastPts)));
                }
                return convert();
            }
        }
        throw new InputException(input.file, String.format(java.util.Locale.ROOT,
                "no frame at %.4f s: the video ends before it", seconds));
    }

    private void seek(long target) {
        Ffmpeg.checkInput(av_seek_frame(input.format, input.streamIndex, target, AVSEEK_FLAG_BACKWARD),
                input.file, "cannot seek");
        avcodec_flush_buffers(codec);
        inputDone = false;
        codecDone = false;
        lastPts = Long.MIN_VALUE;
        lastRgb = null;
    }

    /** Decodes the next frame into {@code frame} and sets {@code lastPts}; false at the end. */
    private boolean decodeNext() {
        lastRgb = null;
        while (true) {
            if (codecDone) {
                return false;
            }
            av_frame_unref(frame);
            int ret = avcodec_receive_frame(codec, frame);
            if (ret >= 0) {
                long pts = frame.best_effort_timestamp();
                lastPts = pts != AV_NOPTS_VALUE ? pts : frame.pkt_dts();
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
                        Ffmpeg.checkInput(sent, input.file, String.format(java.util.Locale.ROOT,
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
        if (converter == null) {
            converter = RgbConverter.toRgb(frame.width(), frame.height(), frame.format(), frame.colorspace(),
                    frame.color_range(), outWidth, outHeight);
        }
        lastRgb = converter.frameToRgb(frame);
        return lastRgb;
    }

    @Override
    public void close() {
        if (converter != null) {
            converter.close();
        }
        av_frame_free(frame);
        av_packet_free(packet);
        avcodec_free_context(codec);
        input.close();
    }
}
