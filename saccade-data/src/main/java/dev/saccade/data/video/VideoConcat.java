package dev.saccade.data.video;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_copy;
import static org.bytedeco.ffmpeg.global.avformat.AVFMT_NOFILE;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVRational;

/**
 * Joins MP4 files of the same stream format into one, by remuxing packets (no re-encoding), the
 * way LeRobot v3 packs many episodes into one video file. Each input's timestamps are shifted to
 * start where the previous one ended, so the output's time line is continuous.
 */
public final class VideoConcat {
    /** Where one input landed in the output, in seconds of the output's time line. */
    public record Span(double fromSeconds, double toSeconds, int frames) {}

    private VideoConcat() {}

    /**
     * Writes {@code output} (replacing it) from {@code inputs} in order and returns each input's
     * span. All inputs must share codec, size and pixel format.
     */
    public static List<Span> concat(List<Path> inputs, Path output) throws IOException {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("nothing to concatenate into " + output);
        }
        Ffmpeg.init();
        Files.createDirectories(output.toAbsolutePath().getParent());
        List<Span> spans = new ArrayList<>();
        AVFormatContext out = new AVFormatContext(null);
        AVPacket packet = av_packet_alloc();
        boolean ok = false;
        try {
            Ffmpeg.checkOutput(avformat_alloc_output_context2(out, null, "mp4", output.toString()), output, "cannot create MP4 container");
            AVStream outStream = avformat_new_stream(out, null);
            AVRational outTimeBase;
            AVCodecParameters reference;
            try (VideoInput first = VideoInput.open(inputs.get(0))) {
                Ffmpeg.checkOutput(avcodec_parameters_copy(outStream.codecpar(), first.stream.codecpar()), output, "cannot copy stream parameters");
                outStream.codecpar().codec_tag(0);
                outStream.time_base(first.timeBase);
                outStream.avg_frame_rate(first.stream.avg_frame_rate());
                reference = outStream.codecpar();
            }
            Ffmpeg.startMp4(out, output);
            outTimeBase = outStream.time_base();
            long offset = 0;
            for (Path input : inputs) {
                try (VideoInput in = VideoInput.open(input)) {
                    AVCodecParameters p = in.stream.codecpar();
                    if (p.codec_id() != reference.codec_id() || p.width() != reference.width()
                            || p.height() != reference.height() || p.format() != reference.format()) {
                        throw new IOException(input + ": stream format differs from " + inputs.get(0) + "; cannot concatenate");
                    }
                    long first = Long.MAX_VALUE;
                    long end = Long.MIN_VALUE;
                    int frames = 0;
                    while (true) {
                        int ret = av_read_frame(in.format, packet);
                        if (ret == AVERROR_EOF) {
                            break;
                        }
                        Ffmpeg.checkInput(ret, input, "cannot read packet");
                        if (packet.stream_index() != in.streamIndex) {
                            av_packet_unref(packet);
                            continue;
                        }
                        av_packet_rescale_ts(packet, in.timeBase, outTimeBase);
                        long pts = packet.pts() != AV_NOPTS_VALUE ? packet.pts() : packet.dts();
                        if (first == Long.MAX_VALUE) {
                            first = pts;
                        }
                        end = Math.max(end, pts + Math.max(0, packet.duration()));
                        long shift = offset - first;
                        packet.pts(pts + shift);
                        packet.dts((packet.dts() != AV_NOPTS_VALUE ? packet.dts() : pts) + shift);
                        packet.stream_index(0);
                        packet.pos(-1);
                        int written = av_interleaved_write_frame(out, packet);
                        av_packet_unref(packet);
                        Ffmpeg.checkOutput(written, output, "cannot write a packet");
                        frames++;
                    }
                    if (frames == 0) {
                        throw new IOException(input + ": no video frames to concatenate");
                    }
                    long length = end - first;
                    spans.add(new Span(seconds(offset, outTimeBase), seconds(offset + length, outTimeBase), frames));
                    offset += length;
                }
            }
            Ffmpeg.checkOutput(av_write_trailer(out), output, "cannot write the MP4 trailer");
            ok = true;
        } finally {
            av_packet_free(packet);
            if (out.pb() != null && out.oformat() != null && (out.oformat().flags() & AVFMT_NOFILE) == 0) {
                avio_closep(out.pb());
            }
            avformat_free_context(out);
            if (!ok) {
                Files.deleteIfExists(output);
            }
        }
        return spans;
    }

    private static double seconds(long ticks, AVRational tb) {
        return ticks * (double) tb.num() / tb.den();
    }
}
