package dev.saccade.data.video;

import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_index_get_entries_count;
import static org.bytedeco.ffmpeg.global.avformat.avformat_index_get_entry;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;

import dev.saccade.core.InputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIndexEntry;
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
            VideoInput in = new VideoInput(file, format, index);
            in.requireComplete();
            return in;
        } catch (RuntimeException e) {
            avformat_close_input(format);
            throw e;
        }
    }

    /**
     * A cut-off file whose index is at the front (MP4 "faststart") opens fine and decodes its first
     * frames; its index then points past the end of the file. Say so on opening, whatever frame is
     * asked for, instead of failing later on a frame that happens to be missing (or not at all).
     */
    private void requireComplete() {
        int n = avformat_index_get_entries_count(stream);
        long needed = 0;
        for (int i = 0; i < n; i++) {
            AVIndexEntry entry = avformat_index_get_entry(stream, i);
            needed = Math.max(needed, entry.pos() + entry.size());
        }
        long size;
        try {
            size = Files.size(file);
        } catch (java.io.IOException e) {
            throw new InputException(file, "cannot read its size: " + e.getMessage(), e);
        }
        if (needed > size) {
            throw new InputException(file, "truncated: its index needs " + needed + " bytes but the file has " + size
                    + " (an incomplete copy or download?)");
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

    /**
     * The keyframes of a container's index: their timestamps, ascending, and the last timestamp the
     * index covers. The index is on the decoding timeline, which is the presentation timeline for
     * video without reordered frames (Saccade's H.264), and never later than it otherwise.
     */
    record KeyframeIndex(long[] keyframes, long lastEntry) {
        /** Whether the index knows the keyframes up to {@code ts} (MP4 indexes every frame on opening). */
        boolean covers(long ts) {
            return keyframes.length > 0 && ts <= lastEntry;
        }

        /** The last keyframe at or before {@code ts}, or {@code Long.MIN_VALUE} if there is none. */
        long lastAtOrBefore(long ts) {
            int i = Arrays.binarySearch(keyframes, ts);
            int last = i >= 0 ? i : -i - 2;
            return last < 0 ? Long.MIN_VALUE : keyframes[last];
        }
    }

    /** The keyframes of this stream's index as it is now; empty if the container has none. */
    KeyframeIndex keyframeIndex() {
        int n = avformat_index_get_entries_count(stream);
        long[] keys = new long[n];
        int k = 0;
        long last = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            AVIndexEntry entry = avformat_index_get_entry(stream, i);
            last = Math.max(last, entry.timestamp());
            if ((entry.flags() & AVIndexEntry.AVINDEX_KEYFRAME) != 0) {
                keys[k++] = entry.timestamp();
            }
        }
        keys = Arrays.copyOf(keys, k);
        Arrays.sort(keys);
        return new KeyframeIndex(keys, last);
    }

    @Override
    public void close() {
        avformat_close_input(format);
    }
}
