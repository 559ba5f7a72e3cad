package dev.saccade.data.video;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_GLOBAL_HEADER;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_from_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avformat.AVFMT_GLOBALHEADER;
import static org.bytedeco.ffmpeg.global.avformat.AVFMT_NOFILE;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_OPT_SEARCH_CHILDREN;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.avutil.av_opt_set;

import dev.saccade.sphere.EquirectFrame;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avutil;

/**
 * Streams RGB frames into an H.264 MP4 file ({@link VideoSettings}): one frame at a time, so an
 * episode of any length needs memory for a few frames only.
 *
 * <p>{@link #write} copies the frame and hands it to an encoding thread, so the caller (a
 * renderer, a decoder) works while the previous frame is converted to YUV and encoded; OpenH264
 * itself uses {@link VideoSettings#threads()} threads. {@link #finish()} completes the file;
 * closing an unfinished encoder deletes the partial file. One thread at a time may call it.
 */
public final class VideoEncoder implements AutoCloseable {
    private static final int QUEUE = 2;
    private static final int[] POISON = new int[0];

    private final Path file;
    private final int width;
    private final int height;
    private final int fps;
    private final BlockingQueue<int[]> pending = new ArrayBlockingQueue<>(QUEUE);
    private final BlockingQueue<int[]> spare = new ArrayBlockingQueue<>(QUEUE + 2);
    private final Thread worker;
    private volatile Throwable failure;

    private AVFormatContext format;
    private AVCodecContext codec;
    private AVStream stream;
    private AVFrame yuv;
    private AVPacket packet;
    private RgbConverter converter;
    private long frames;
    private long nextPts;
    private boolean finished;
    private boolean closed;

    /**
     * Opens {@code file} for writing (replacing it) and starts the encoding thread.
     *
     * @throws IOException if the file cannot be created or the encoder refuses the settings
     */
    public VideoEncoder(Path file, int width, int height, int fps, VideoSettings settings) throws IOException {
        if (width <= 0 || height <= 0 || width % 2 != 0 || height % 2 != 0) {
            throw new IllegalArgumentException("yuv420p needs an even, positive size, got " + width + "×" + height);
        }
        if (fps <= 0) {
            throw new IllegalArgumentException("fps must be positive, got " + fps);
        }
        Ffmpeg.init();
        this.file = file;
        this.width = width;
        this.height = height;
        this.fps = fps;
        try {
            open(settings);
        } catch (IOException | RuntimeException e) {
            release();
            Files.deleteIfExists(file);
            throw e;
        }
        worker = new Thread(this::encodeLoop, "video-encoder-" + file.getFileName());
        worker.setDaemon(true);
        worker.start();
    }

    private void open(VideoSettings settings) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        format = new AVFormatContext(null);
        Ffmpeg.checkOutput(avformat_alloc_output_context2(format, null, "mp4", file.toString()), file, "cannot create MP4 container");
        AVCodec encoder = avcodec_find_encoder_by_name(VideoSettings.ENCODER);
        if (encoder == null) {
            throw new IOException("this FFmpeg build has no " + VideoSettings.ENCODER + " encoder");
        }
        stream = avformat_new_stream(format, null);
        codec = avcodec_alloc_context3(encoder);
        codec.width(width);
        codec.height(height);
        codec.pix_fmt(AV_PIX_FMT_YUV420P);
        codec.time_base(Ffmpeg.rational(1, fps));
        codec.framerate(Ffmpeg.rational(fps, 1));
        codec.gop_size(settings.gop());
        codec.keyint_min(settings.gop());
        codec.max_b_frames(0);
        codec.bit_rate(settings.bitRate(width, height, fps));
        int threads = settings.threads() == 0 ? Runtime.getRuntime().availableProcessors() : settings.threads();
        codec.thread_count(threads);
        codec.slices(threads); // OpenH264 parallelises over slices
        // BT.601 limited range, as RgbConverter writes it; tagged so every decoder converts back the same way.
        codec.color_range(avutil.AVCOL_RANGE_MPEG);
        codec.colorspace(avutil.AVCOL_SPC_SMPTE170M);
        codec.color_primaries(avutil.AVCOL_PRI_BT709);
        codec.color_trc(avutil.AVCOL_TRC_IEC61966_2_1);
        if ((format.oformat().flags() & AVFMT_GLOBALHEADER) != 0) {
            codec.flags(codec.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
        }
        // Bit-rate control without frame skipping: a skipped frame would break "one row, one frame".
        av_opt_set(codec.priv_data(), "rc_mode", "bitrate", AV_OPT_SEARCH_CHILDREN);
        av_opt_set(codec.priv_data(), "allow_skip_frames", "0", AV_OPT_SEARCH_CHILDREN);
        Ffmpeg.checkOutput(avcodec_open2(codec, encoder, (AVDictionary) null), file, "cannot open the H.264 encoder");
        Ffmpeg.checkOutput(avcodec_parameters_from_context(stream.codecpar(), codec), file, "cannot set stream parameters");
        stream.time_base(codec.time_base());
        stream.avg_frame_rate(Ffmpeg.rational(fps, 1));
        Ffmpeg.startMp4(format, file);
        yuv = av_frame_alloc();
        yuv.format(AV_PIX_FMT_YUV420P);
        yuv.width(width);
        yuv.height(height);
        Ffmpeg.checkOutput(av_frame_get_buffer(yuv, 0), file, "cannot allocate a frame");
        packet = av_packet_alloc();
        converter = RgbConverter.toYuv420(width, height);
    }

    /** The file being written. */
    public Path file() {
        return file;
    }

    /** Frames accepted so far. */
    public long frames() {
        return frames;
    }

    /** Queues an equirect frame; it must have this encoder's size. */
    public void write(EquirectFrame frame) {
        write(frame.pixels(), frame.width(), frame.height());
    }

    /**
     * Queues a frame of packed {@code 0xRRGGBB} pixels, row-major. The array is copied, so the
     * caller may reuse it at once. Blocks while the encoder is {@value #QUEUE} frames behind.
     *
     * @throws UncheckedIOException if encoding failed
     */
    public void write(int[] rgb, int frameWidth, int frameHeight) {
        if (finished || closed) {
            throw new IllegalStateException("encoder for " + file + " is already finished");
        }
        if (frameWidth != width || frameHeight != height || rgb.length != width * height) {
            throw new IllegalArgumentException("frame is " + frameWidth + "×" + frameHeight + " (" + rgb.length
                    + " pixels) but the video is " + width + "×" + height);
        }
        rethrow();
        int[] copy = spare.poll();
        if (copy == null) {
            copy = new int[rgb.length];
        }
        System.arraycopy(rgb, 0, copy, 0, rgb.length);
        try {
            while (!pending.offer(copy, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                rethrow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing " + file, e);
        }
        frames++;
    }

    /** Encodes what is queued, flushes the encoder and completes the MP4 file. */
    public void finish() throws IOException {
        if (finished) {
            return;
        }
        if (closed) {
            throw new IllegalStateException("encoder for " + file + " is closed");
        }
        stopWorker();
        rethrowChecked();
        try {
            drain(null);
            Ffmpeg.checkOutput(av_write_trailer(format), file, "cannot write the MP4 trailer");
        } finally {
            release();
        }
        finished = true;
    }

    /** Completes nothing: releases the encoder and deletes the file unless {@link #finish()} was called. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!finished) {
            stopWorker();
            release();
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private void encodeLoop() {
        try {
            while (true) {
                int[] rgb = pending.take();
                if (rgb == POISON) {
                    return;
                }
                Ffmpeg.checkOutput(av_frame_make_writable(yuv), file, "frame not writable");
                converter.rgbToFrame(rgb, yuv);
                spare.offer(rgb);
                yuv.pts(nextPts++);
                drain(yuv);
            }
        } catch (Throwable t) {
            failure = t;
            pending.clear();
        }
    }

    private void drain(AVFrame frame) throws IOException {
        Ffmpeg.checkOutput(avcodec_send_frame(codec, frame), file, "encoder refused a frame");
        while (true) {
            int ret = avcodec_receive_packet(codec, packet);
            if (ret == AVERROR_EAGAIN() || ret == AVERROR_EOF) {
                return;
            }
            Ffmpeg.checkOutput(ret, file, "encoding failed");
            if (packet.duration() == 0) {
                packet.duration(1);
            }
            av_packet_rescale_ts(packet, codec.time_base(), stream.time_base());
            packet.stream_index(stream.index());
            int written = av_interleaved_write_frame(format, packet);
            av_packet_unref(packet);
            Ffmpeg.checkOutput(written, file, "cannot write a packet");
        }
    }

    private void stopWorker() {
        if (worker == null || !worker.isAlive()) {
            return;
        }
        try {
            while (!pending.offer(POISON, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                if (!worker.isAlive()) {
                    break;
                }
            }
            worker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while finishing " + file, e);
        }
    }

    private void rethrow() {
        Throwable t = failure;
        if (t instanceof IOException io) {
            throw new UncheckedIOException(io);
        }
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t != null) {
            throw new IllegalStateException("encoding " + file + " failed", t);
        }
    }

    private void rethrowChecked() throws IOException {
        if (failure instanceof IOException io) {
            throw io;
        }
        rethrow();
    }

    private void release() {
        if (converter != null) {
            converter.close();
            converter = null;
        }
        if (codec != null) {
            avcodec_free_context(codec);
            codec = null;
        }
        if (yuv != null) {
            av_frame_free(yuv);
            yuv = null;
        }
        if (packet != null) {
            av_packet_free(packet);
            packet = null;
        }
        if (format != null) {
            if (format.pb() != null && (format.oformat().flags() & AVFMT_NOFILE) == 0) {
                avio_closep(format.pb());
            }
            avformat_free_context(format);
            format = null;
        }
    }
}
