package dev.saccade.data.video;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avformat.av_guess_frame_rate;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_get_pix_fmt_name;

import dev.saccade.core.InputException;
import java.nio.file.Path;
import java.util.Arrays;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.BytePointer;

/**
 * What a video file holds, read by demuxing every packet of its video stream (no decoding): size,
 * codec, pixel format, nominal frame rate, and the presentation time of every frame, sorted.
 *
 * @param frameTimes     presentation time of each frame in seconds, ascending
 * @param durationSeconds end of the last frame minus start of the first, from packet durations
 * @param keyframes      number of frames flagged as keyframes
 */
public record VideoInfo(int width, int height, String codec, String pixelFormat, double fps,
                        double[] frameTimes, double durationSeconds, int keyframes) {

    /** Number of frames (video packets) in the file. */
    public int frames() {
        return frameTimes.length;
    }

    /** Number of frames whose time lies in {@code [from, to)}, with {@code tolerance} seconds of slack at both ends. */
    public int framesBetween(double from, double to, double tolerance) {
        int lo = lowerBound(from - tolerance);
        int hi = lowerBound(to - tolerance);
        return Math.max(0, hi - lo);
    }

    private int lowerBound(double t) {
        int i = Arrays.binarySearch(frameTimes, t);
        if (i < 0) {
            return -i - 1;
        }
        while (i > 0 && frameTimes[i - 1] == t) {
            i--;
        }
        return i;
    }

    /** Probes {@code file}; throws {@link InputException} naming it if it is not a readable video. */
    public static VideoInfo probe(Path file) {
        try (VideoInput in = VideoInput.open(file)) {
            AVCodecParameters par = in.stream.codecpar();
            AVRational rate = av_guess_frame_rate(in.format, in.stream, (AVFrame) null);
            double fps = Ffmpeg.toDouble(rate);
            BytePointer codecName = avcodec_get_name(par.codec_id());
            BytePointer pixName = av_get_pix_fmt_name(par.format());
            double[] times = new double[1024];
            int n = 0;
            int keys = 0;
            long end = Long.MIN_VALUE;
            AVPacket packet = av_packet_alloc();
            try {
                while (true) {
                    int ret = av_read_frame(in.format, packet);
                    if (ret == AVERROR_EOF) {
                        break;
                    }
                    Ffmpeg.checkInput(ret, file, "cannot read packet " + n);
                    if (packet.stream_index() == in.streamIndex) {
                        long pts = packet.pts() != AV_NOPTS_VALUE ? packet.pts() : packet.dts();
                        if (n == times.length) {
                            times = Arrays.copyOf(times, n * 2);
                        }
                        times[n++] = in.seconds(pts);
                        end = Math.max(end, pts + Math.max(0, packet.duration()));
                        if ((packet.flags() & org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY) != 0) {
                            keys++;
                        }
                    }
                    av_packet_unref(packet);
                }
            } finally {
                av_packet_free(packet);
            }
            // A cut-off file whose index is at the front (faststart) still opens and lists every frame, but
            // its packets end early: say so, rather than let the gap in the frame times pass for a variable rate.
            long listed = in.stream.nb_frames();
            if (listed > 0 && n < listed) {
                throw new InputException(file, "truncated: its index lists " + listed + " frames but the file holds only the first "
                        + n + " (an incomplete copy or download?)");
            }
            double[] sorted = Arrays.copyOf(times, n);
            Arrays.sort(sorted);
            double duration = n == 0 ? 0 : in.seconds(end) - sorted[0];
            return new VideoInfo(par.width(), par.height(),
                    codecName == null ? "unknown" : codecName.getString(),
                    pixName == null ? "unknown" : pixName.getString(),
                    fps, sorted, duration, keys);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VideoInfo v && width == v.width && height == v.height && codec.equals(v.codec)
                && pixelFormat.equals(v.pixelFormat) && fps == v.fps && Arrays.equals(frameTimes, v.frameTimes)
                && durationSeconds == v.durationSeconds && keyframes == v.keyframes;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(frameTimes) * 31 + width * 17 + height;
    }

    @Override
    public String toString() {
        return "VideoInfo[" + width + "×" + height + " " + codec + " " + pixelFormat + " " + fps + " fps, "
                + frames() + " frames, " + durationSeconds + " s, " + keyframes + " keyframes]";
    }
}
