package dev.saccade.data.lerobot;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.av_get_pix_fmt_name;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.data.Features;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avutil;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks every video of a dataset with FFmpeg's own probing (libavformat's stream analysis and
 * demuxer, called directly, not through Saccade's video classes) against the episode metadata:
 * frame counts, durations, offsets, codec, size and the keyframe interval.
 */
class VideoProbeTest {
    @TempDir
    static Path tmp;
    static Path packed;
    static Path spread;

    @BeforeAll
    static void write() throws Exception {
        packed = tmp.resolve("packed");
        // Four episodes of different lengths back to back in one video file.
        Demo.write(packed, Demo.spec(32), 30, 45, 16, 33);
        // Episodes of incompressible frames with 1 MB files: one file each, over two chunks.
        spread = tmp.resolve("spread");
        try (DatasetWriter w = DatasetWriter.create(spread, DatasetAppendTest.bigFramesSmallFiles())) {
            for (int e = 0; e < 3; e++) {
                Demo.noiseEpisode(w, dev.saccade.data.Task.TOWEL_BUCKET.instruction(), 38 + e, e);
            }
            w.finish();
        }
    }

    /** What FFmpeg says about one file. */
    record Probe(String codec, String pixFmt, int width, int height, long nbFrames, double streamDuration,
                 List<Double> packetTimes, List<Boolean> keyframes, double fps) {}

    static Probe probe(Path file) {
        avutil.av_log_set_level(avutil.AV_LOG_QUIET);
        AVFormatContext fmt = new AVFormatContext(null);
        assertEquals(0, avformat_open_input(fmt, file.toString(), (AVInputFormat) null, (AVDictionary) null), "open " + file);
        try {
            assertTrue(avformat_find_stream_info(fmt, (AVDictionary) null) >= 0);
            assertEquals(1, fmt.nb_streams(), "one stream, no audio");
            AVStream s = fmt.streams(0);
            AVRational tb = s.time_base();
            List<Double> times = new ArrayList<>();
            List<Boolean> keys = new ArrayList<>();
            AVPacket p = av_packet_alloc();
            while (av_read_frame(fmt, p) >= 0) {
                times.add(p.pts() * (double) tb.num() / tb.den());
                keys.add((p.flags() & AV_PKT_FLAG_KEY) != 0);
                av_packet_unref(p);
            }
            av_packet_free(p);
            return new Probe(avcodec_get_name(s.codecpar().codec_id()).getString(), av_get_pix_fmt_name(s.codecpar().format()).getString(),
                    s.codecpar().width(), s.codecpar().height(), s.nb_frames(), s.duration() * (double) tb.num() / tb.den(),
                    times, keys, s.avg_frame_rate().num() / (double) s.avg_frame_rate().den());
        } finally {
            avformat_close_input(fmt);
        }
    }

    @Test
    void everyVideoOfOneFileMatchesTheEpisodeMetadata() throws Exception {
        assertEquals(1, checkEveryVideo(packed, 64, 32));
    }

    @Test
    void everyVideoOfSeveralFilesAndChunksMatchesTheEpisodeMetadata() throws Exception {
        assertEquals(3, checkEveryVideo(spread, 256, 128));
    }

    /** Probes every MP4 of the dataset at {@code dir}, checks it, and returns how many there were. */
    static int checkEveryVideo(Path dir, int width, int height) throws Exception {
        List<Path> videos;
        try (Stream<Path> files = Files.walk(dir.resolve("videos"))) {
            videos = files.filter(f -> f.toString().endsWith(".mp4")).sorted().toList();
        }
        assertTrue(!videos.isEmpty());
        try (LeRobotDataset ds = LeRobotDataset.open(dir)) {
            int episodesSeen = 0;
            for (Path video : videos) {
                Probe p = probe(video);
                assertEquals("h264", p.codec());
                assertEquals("yuv420p", p.pixFmt());
                assertEquals(width, p.width());
                assertEquals(height, p.height());
                assertEquals(30.0, p.fps(), 1e-9);
                List<EpisodeMeta> in = ds.episodeMetas().stream().filter(m -> m.videoFile().equals(video)).toList();
                int rows = in.stream().mapToInt(EpisodeMeta::length).sum();
                assertEquals(rows, p.nbFrames(), video + ": nb_frames");
                assertEquals(rows, p.packetTimes().size(), video + ": packets");
                assertEquals(in.get(in.size() - 1).toSeconds(), p.streamDuration(), 1e-6, video + ": duration = last to_timestamp");
                for (EpisodeMeta m : in) {
                    for (int k = 0; k < m.length(); k++) {
                        double t = m.fromSeconds() + k / 30.0;
                        assertTrue(p.packetTimes().stream().anyMatch(x -> Math.abs(x - t) < 1e-4),
                                video + ": episode " + m.index() + " frame " + k + " at " + t);
                    }
                }
                // GOP 2: a keyframe at least every other frame, so a seek decodes at most one extra frame.
                for (int i = 0; i + 1 < p.keyframes().size(); i++) {
                    assertTrue(p.keyframes().get(i) || p.keyframes().get(i + 1), video + ": no keyframe at frames " + i + "-" + (i + 1));
                }
                episodesSeen += in.size();
            }
            assertEquals(ds.episodes(), episodesSeen);
            assertEquals(Features.PANO, ds.info().videoKeys().get(0));
        }
        return videos.size();
    }
}
