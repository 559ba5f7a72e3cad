package dev.saccade.data.video;

import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;

import dev.saccade.core.InputException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;

/** An opened video file and its best video stream; the demuxing half shared by probe and decoder. */
final class VideoInput implements AutoCloseable {
    final Path file;
    final AVFormatContext format;
    final AVStream stream;
    final int streamIndex;
    final AVRational timeBase;

    private VideoInput(Path file, AVFormatContext format, int streamIndex) {
        this.file = file;
        this.format = format;
        this.streamIndex = streamIndex;
        this.stream = format.streams(streamIndex);
        AVRational tb = stream.time_base();
        this.timeBase = Ffmpeg.rational(tb.num(), tb.den());
    }

    /** Opens {@code file}; throws {@link InputException} naming it if it is missing or has no video stream. */
    static VideoInput open(Path file) {
        Ffmpeg.init();
        if (!Files.isRegularFile(file)) {
            throw new InputException(file, Files.exists(file) ? "not a regular file" : "no such file");
        }
        AVFormatContext format = new AVFormatContext(null);
        Ffmpeg.checkInput(avformat_open_input(format, file.toString(), (AVInputFormat) null, (AVDictionary) null),
                file, "cannot open video");
        try {
            Ffmpeg.checkInput(avformat_find_stream_info(format, (AVDictionary) null), file, "cannot read stream info");
            int index = av_find_best_stream(format, AVMEDIA_TYPE_VIDEO, -1, -1, (AVCodec) null, 0);
            if (index < 0) {
                throw new InputException(file, "no video stream");
            }
            return new VideoInput(file, format, index);
        } catch (RuntimeException e) {
            avformat_close_input(format);
            throw e;
        }
    }

    /** Seconds of a timestamp in this stream's time base. */
    double seconds(long pts) {
        return pts * (double) timeBase.num() / timeBase.den();
    }

    /** The stream timestamp nearest to {@code seconds}. */
    long pts(double seconds) {
        return Math.round(seconds * timeBase.den() / timeBase.num());
    }

    @Override
    public void close() {
        avformat_close_input(format);
    }
}
