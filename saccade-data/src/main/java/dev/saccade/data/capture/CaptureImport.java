package dev.saccade.data.capture;

import dev.saccade.core.InputException;
import dev.saccade.core.Progress;
import dev.saccade.data.Features;
import dev.saccade.data.lerobot.DatasetInfo;
import dev.saccade.data.lerobot.DatasetSpec;
import dev.saccade.data.lerobot.DatasetWriter;
import dev.saccade.data.lerobot.EpisodeWriter;
import dev.saccade.data.video.VideoDecoder;
import dev.saccade.data.video.VideoInfo;
import dev.saccade.data.video.VideoSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a real capture, an equirect 360° video and a timestamped joint log, into one episode
 * appended to a dataset (created if absent), atomically: on any problem nothing is written.
 *
 * <p>Each video frame at presentation time {@code t} gets the joints the log holds at
 * {@code t + offset} (interpolated), so the log's clock only has to be related to the video's by
 * one offset. The action of a frame is the log's commanded joints if it has them, otherwise the
 * measured joints one frame later (the next target the arm reached), as is usual for teleoperated
 * demonstrations.
 */
public final class CaptureImport {
    /**
     * What to import.
     *
     * @param offset       log time of video time 0, seconds (log time = video time + offset)
     * @param start        first video time to import, seconds (inclusive)
     * @param end          last video time to import, seconds (exclusive); infinity for the end
     * @param height       output height (width = 2·height); 0 keeps the dataset's, or the video's for a new dataset
     * @param camera       the 360 camera's calibrated pose relative to the robot base, stored in info.json; empty
     *                     keeps the dataset's (a new dataset then has none, and the gripper's direction is unknown)
     */
    public record Options(Path video, Path joints, String task, Path out, double offset, double start, double end,
                          int height, JointLog.Interpolation interpolation, VideoSettings settings,
                          java.util.Optional<dev.saccade.data.robot.CameraMount> camera) {
        /** Options without a calibration. */
        public Options(Path video, Path joints, String task, Path out, double offset, double start, double end,
                       int height, JointLog.Interpolation interpolation, VideoSettings settings) {
            this(video, joints, task, out, offset, start, end, height, interpolation, settings, java.util.Optional.empty());
        }
    }

    /** What was imported. */
    public record Result(int episode, int frames, int fps, int width, int height, double logFrom, double logTo, DatasetInfo dataset) {}

    /** Largest equirect height a new dataset gets from a video by default (1024×512, the project default). */
    static final int DEFAULT_MAX_HEIGHT = 512;

    private CaptureImport() {}

    /** Validates everything first, then writes; throws {@link InputException} naming the file and place. */
    public static Result run(Options o) throws IOException {
        if (!(o.end() > o.start()) || o.start() < 0) {
            throw new InputException("--start/--end: need 0 <= start < end, got " + o.start() + " and " + o.end());
        }
        VideoInfo video = VideoInfo.probe(o.video());
        if (video.width() != 2 * video.height()) {
            throw new InputException(o.video(), "an equirect 360° video must be 2:1 (width = 2 × height), got "
                    + video.width() + "×" + video.height());
        }
        if (video.frames() < 2) {
            throw new InputException(o.video(), "has " + video.frames() + " frames; an episode needs at least 2");
        }
        int fps = (int) Math.round(video.fps());
        if (fps <= 0 || Math.abs(video.fps() - fps) > 0.01) {
            throw new InputException(o.video(), String.format(Locale.ROOT,
                    "frame rate %.3f fps is not a whole number; LeRobot datasets need an integer fps (re-encode at e.g. 30 fps)", video.fps()));
        }
        double[] times = framesInRange(video, o);
        checkRegular(o.video(), times, fps);
        JointLog log = JointLog.read(o.joints());
        double needFrom = times[0] + o.offset();
        double needTo = times[times.length - 1] + o.offset() + (log.action() == null ? 1.0 / fps : 0);
        double[] lt = log.times();
        if (!log.covers(needFrom, needTo)) {
            throw new InputException(o.joints(), String.format(Locale.ROOT,
                    "covers %.3f to %.3f s but the video frames need %.3f to %.3f s of log time (video %.3f to %.3f s, --offset %s); "
                            + "check the offset or trim with --start/--end",
                    lt[0], lt[lt.length - 1], needFrom, needTo, times[0], times[times.length - 1], Double.toString(o.offset())));
        }
        String instruction = dev.saccade.data.Task.byId(o.task()).instruction();

        boolean exists = Files.isDirectory(o.out()) && Files.exists(o.out().resolve("meta/info.json"));
        int height;
        if (exists) {
            DatasetInfo base = DatasetInfo.read(o.out());
            if (base.fps() != fps) {
                throw new InputException(o.out().resolve("meta/info.json"), "fps: the dataset has " + base.fps()
                        + " fps but " + o.video().getFileName() + " has " + fps);
            }
            if (o.height() != 0 && o.height() != base.height()) {
                throw new InputException("--height " + o.height() + ": the dataset's frames are " + base.height() + " high");
            }
            height = base.height();
        } else {
            height = o.height() != 0 ? o.height() : Math.min(video.height(), DEFAULT_MAX_HEIGHT);
        }
        if (height % 2 != 0 || height < 2) {
            throw new InputException("--height must be even and >= 2, got " + height);
        }
        DatasetSpec spec = DatasetSpec.saccade(fps, 2 * height, height, false).withVideo(o.settings());
        if (o.camera().isPresent()) {
            spec = spec.withCamera(o.camera().get());
        }
        try (DatasetWriter writer = DatasetWriter.open(o.out(), spec, DatasetWriter.Mode.APPEND, false)) {
            try {
                int episode;
                try (EpisodeWriter ep = writer.beginEpisode(instruction);
                     VideoDecoder decoder = VideoDecoder.open(o.video(), VideoDecoder.Mode.SEQUENTIAL, 2 * height, height);
                     Progress progress = new Progress("import", times.length, "frames")) {
                    episode = ep.index();
                    for (int k = 0; k < times.length; k++) {
                        int[] rgb;
                        double videoTime;
                        if (k == 0) {
                            rgb = decoder.frameAt(times[0]); // seeks past anything before --start
                            videoTime = decoder.position();
                        } else {
                            VideoDecoder.Frame f = decoder.next();
                            if (f == null) {
                                throw new InputException(o.video(), "decoded " + k + " frames but the container lists " + times.length
                                        + " in the imported range (truncated or corrupt video?)");
                            }
                            rgb = f.rgb();
                            videoTime = f.seconds();
                        }
                        double t = videoTime + o.offset();
                        float[] state = log.stateAt(t, o.interpolation());
                        float[] action = log.action() != null ? log.actionAt(t, o.interpolation())
                                : log.stateAt(t + 1.0 / fps, o.interpolation());
                        Map<String, float[]> values = new LinkedHashMap<>();
                        values.put(Features.STATE, state);
                        values.put(Features.ACTION, action);
                        ep.addFrame(rgb, decoder.width(), decoder.height(), values);
                        progress.advance(1);
                    }
                    ep.commit();
                }
                DatasetInfo info = writer.finish();
                return new Result(episode, times.length, fps, 2 * height, height, needFrom, needTo, info);
            } catch (IOException | RuntimeException e) {
                writer.abort();
                throw e;
            }
        }
    }

    private static double[] framesInRange(VideoInfo video, Options o) {
        double[] all = video.frameTimes();
        int from = 0;
        while (from < all.length && all[from] < o.start() - 1e-9) {
            from++;
        }
        int to = from;
        while (to < all.length && all[to] < o.end() - 1e-9) {
            to++;
        }
        if (to - from < 2) {
            throw new InputException(o.video(), String.format(Locale.ROOT,
                    "fewer than 2 frames between --start %s and --end %s (the video spans %.3f to %.3f s)",
                    Double.toString(o.start()), Double.toString(o.end()), all[0], all[all.length - 1]));
        }
        return java.util.Arrays.copyOfRange(all, from, to);
    }

    /** A dataset stores frames on a fixed fps grid: reject videos with dropped or duplicated frames. */
    private static void checkRegular(Path file, double[] times, int fps) {
        double step = 1.0 / fps;
        for (int i = 1; i < times.length; i++) {
            double gap = times[i] - times[i - 1];
            if (gap < 0.5 * step || gap > 1.5 * step) {
                throw new InputException(file, String.format(Locale.ROOT,
                        "frame %d at %.4f s comes %.4f s after the previous one, not 1/%d s: variable frame rate or dropped frames; "
                                + "re-encode at a constant frame rate first", i, times[i], gap, fps));
            }
        }
    }
}
