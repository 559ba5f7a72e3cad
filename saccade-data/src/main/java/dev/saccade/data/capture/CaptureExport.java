package dev.saccade.data.capture;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.saccade.core.AtomicFiles;
import dev.saccade.core.InputException;
import dev.saccade.core.Progress;
import dev.saccade.data.Features;
import dev.saccade.data.Task;
import dev.saccade.data.lerobot.Episode;
import dev.saccade.data.lerobot.LeRobotDataset;
import dev.saccade.data.robot.CameraMount;
import dev.saccade.data.video.VideoEncoder;
import dev.saccade.data.video.VideoSettings;
import dev.saccade.sphere.EquirectFrame;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The inverse of {@link CaptureImport}: episodes of a dataset written as the raw captures a rig
 * records, an equirect 360° video and a joint log (CSV, the format {@link JointLog} reads) each, so
 * that a synthetic dataset can be brought back in exactly as a real capture would be.
 *
 * <p>Only what a rig records leaves: the frames, the measured joints and the commanded ones, with
 * timestamps on the log's own clock ({@code clockOffset} seconds after the video's). No annotation
 * is read. {@code captures.json} lists the files, each episode's task and the camera's calibration
 * (the one the dataset stores, as a rig's calibration would give it), which are the flags
 * {@code saccade import} needs.
 */
public final class CaptureExport {
    /**
     * What to export.
     *
     * @param dataset     the dataset to read
     * @param episodes    episode indices, in the order to write them
     * @param out         the directory to create (atomically: all captures or nothing)
     * @param replace     replace {@code out} if it holds earlier exported captures
     * @param clockOffset log time at video time 0, seconds (import with {@code --offset} equal to it)
     * @param settings    how the videos are encoded
     */
    public record Options(Path dataset, List<Integer> episodes, Path out, boolean replace, double clockOffset, VideoSettings settings) {
        public Options {
            episodes = List.copyOf(episodes);
            if (episodes.isEmpty()) {
                throw new IllegalArgumentException("no episodes to export");
            }
            if (!Double.isFinite(clockOffset)) {
                throw new IllegalArgumentException("clockOffset must be finite, got " + clockOffset);
            }
        }
    }

    /** One written capture. */
    public record Capture(int episode, String task, Path video, Path joints, int frames) {}

    /** What was written, and the calibration to import it with (empty if the dataset has none). */
    public record Result(List<Capture> captures, Optional<CameraMount> camera, int width, int height, int fps) {}

    /** The name of the index file of an export. */
    public static final String INDEX = "captures.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private CaptureExport() {}

    /** Writes the captures of {@code o.episodes()} into {@code o.out()}; on any problem nothing is written. */
    public static Result run(Options o) throws IOException {
        try (LeRobotDataset ds = LeRobotDataset.open(o.dataset())) {
            Path infoFile = ds.root().resolve("meta/info.json");
            ds.info().requireJointFeatures(infoFile);
            for (int e : o.episodes()) {
                if (e < 0 || e >= ds.episodes()) {
                    throw new InputException(o.dataset(), "has episodes 0 to " + (ds.episodes() - 1) + ", not " + e);
                }
            }
            Optional<CameraMount> camera = ds.info().camera();
            List<Capture> captures = new java.util.ArrayList<>();
            AtomicFiles.writeDirectory(o.out(), o.replace(), dir -> {
                try (Progress progress = new Progress("export", o.episodes().size(), "episodes")) {
                    for (int e : o.episodes()) {
                        captures.add(writeOne(ds, e, dir, o));
                        progress.advance(1);
                    }
                }
                AtomicFiles.writeString(dir.resolve(INDEX), index(captures, camera, ds.fps(), o.clockOffset()));
            });
            List<Capture> placed = captures.stream().map(c -> new Capture(c.episode(), c.task(),
                    o.out().resolve(c.video().getFileName()), o.out().resolve(c.joints().getFileName()), c.frames())).toList();
            return new Result(placed, camera, ds.info().width(), ds.info().height(), ds.fps());
        }
    }

    private static Capture writeOne(LeRobotDataset ds, int e, Path dir, Options o) throws IOException {
        Episode episode = ds.read(e);
        String name = String.format(Locale.ROOT, "episode_%06d", e);
        Path video = dir.resolve(name + ".mp4");
        Path joints = dir.resolve(name + ".csv");
        int n = episode.length();
        try (VideoEncoder encoder = new VideoEncoder(video, ds.info().width(), ds.info().height(), ds.fps(), o.settings());
             LeRobotDataset.FrameStream frames = ds.stream(e)) {
            for (int k = 0; k < n; k++) {
                EquirectFrame f = frames.next();
                encoder.write(f);
            }
            encoder.finish();
        }
        writeLog(joints, episode, o.clockOffset());
        String task = Task.byInstructionOrId(episode.task()).id();
        return new Capture(e, task, video, joints, n);
    }

    /** The joint log: measured joints and commanded targets at each frame's time on the log's clock. */
    private static void writeLog(Path file, Episode episode, double clockOffset) throws IOException {
        float[][] state = episode.state();
        float[][] action = episode.has(Features.ACTION) ? episode.action() : null;
        float[] times = episode.timestamps();
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            StringBuilder header = new StringBuilder("timestamp");
            for (String j : Features.JOINT_NAMES) {
                header.append(',').append(j);
            }
            if (action != null) {
                for (String j : Features.JOINT_NAMES) {
                    header.append(',').append(JointLog.ACTION_PREFIX).append(j);
                }
            }
            w.write(header.toString());
            w.newLine();
            for (int k = 0; k < times.length; k++) {
                StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%.6f", times[k] + clockOffset));
                appendFloats(row, state[k]);
                if (action != null) {
                    appendFloats(row, action[k]);
                }
                w.write(row.toString());
                w.newLine();
            }
        }
    }

    private static void appendFloats(StringBuilder row, float[] values) {
        for (float v : values) {
            row.append(',').append(Float.toString(v)); // shortest decimal that reads back to the same float
        }
    }

    private static String index(List<Capture> captures, Optional<CameraMount> camera, int fps, double clockOffset) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("fps", fps);
        root.put("clock_offset_s", clockOffset);
        if (camera.isPresent()) {
            ObjectNode c = root.putObject("camera");
            ArrayNode p = c.putArray("position_m");
            camera.get().positionList().forEach(p::add);
            ArrayNode a = c.putArray("orientation_deg");
            camera.get().orientationDegrees().forEach(a::add);
        }
        ArrayNode list = root.putArray("captures");
        for (Capture cap : captures) {
            ObjectNode n = list.addObject();
            n.put("episode", cap.episode());
            n.put("task", cap.task());
            n.put("video", cap.video().getFileName().toString());
            n.put("joints", cap.joints().getFileName().toString());
            n.put("frames", cap.frames());
        }
        return JSON.writeValueAsString(root) + "\n";
    }
}
