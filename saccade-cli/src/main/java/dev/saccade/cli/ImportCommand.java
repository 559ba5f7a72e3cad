package dev.saccade.cli;

import dev.saccade.core.InputException;
import dev.saccade.data.Task;
import dev.saccade.data.capture.CaptureImport;
import dev.saccade.data.capture.JointLog;
import dev.saccade.data.video.VideoSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import dev.saccade.data.robot.CameraMount;
import dev.saccade.sphere.Vec3;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code saccade import}: a real 360° video and joint log become one episode of a dataset. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Append a real capture to a dataset (created if absent): an equirectangular 360° video and a",
            "timestamped joint log, resampled onto the video's frames. Nothing is written if anything is wrong.",
            "Log format and how to get the sync right: docs/DATASET.md."})
final class ImportCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--video", required = true, paramLabel = "PANO.mp4", description = "Equirectangular 360° video (2:1), any codec FFmpeg reads.")
    Path video;

    @Option(names = "--joints", required = true, paramLabel = "LOG.csv",
            description = "Joint log: header timestamp,shoulder_pan,shoulder_lift,elbow,wrist_1,wrist_2,wrist_3,gripper (seconds, radians, gripper 0..1).")
    Path joints;

    @Option(names = "--task", required = true, paramLabel = "NAME", description = "Task id: ${COMPLETION-CANDIDATES}.",
            completionCandidates = TaskIds.class)
    String task;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Dataset directory to append to (created if absent).")
    Path out;

    @Option(names = "--offset", defaultValue = "0", paramLabel = "SECONDS",
            description = "Log time at video time 0: log time = video time + offset (default ${DEFAULT-VALUE}).")
    double offset;

    @Option(names = "--start", defaultValue = "0", paramLabel = "SECONDS", description = "Import video from this time on (default ${DEFAULT-VALUE}).")
    double start;

    @Option(names = "--end", paramLabel = "SECONDS", description = "Import video up to this time (default: the end).")
    Double end;

    @Option(names = "--height", defaultValue = "0", paramLabel = "PIXELS",
            description = "Frame height in the dataset, width is twice that (default: the dataset's; for a new one the video's, at most 512).")
    int height;

    @Option(names = "--interpolation", defaultValue = "linear", paramLabel = "linear|cubic",
            description = "How joints are resampled onto frame times (default ${DEFAULT-VALUE}).")
    String interpolation;

    @Option(names = "--camera-position", paramLabel = "X,Y,Z",
            description = {"The 360 camera's centre in the robot base frame, metres (a rig's calibration; stored in meta/info.json).",
                "Training may use it with the arm's kinematics to know where the gripper is seen. Default: the dataset's, else none."})
    String cameraPosition;

    @Option(names = "--camera-orientation", paramLabel = "YAW,PITCH,ROLL",
            description = {"The camera's orientation in degrees relative to the reference mounting of docs/DATASET.md",
                "(the panorama's centre along the base's +x, its up along +z); needs --camera-position (default 0,0,0)."})
    String cameraOrientation;

    /** Task ids for picocli's completion and help. */
    static final class TaskIds implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return java.util.Arrays.stream(Task.values()).map(Task::id).iterator();
        }
    }

    @Override
    public Integer call() throws Exception {
        Flags.requireFinite("--offset", offset);
        Flags.requireFinite("--start", start);
        if (start < 0) {
            throw new Flags.BadFlag("--start must be >= 0, got " + start);
        }
        if (end != null && !(end > start)) {
            throw new Flags.BadFlag("--end must be after --start, got " + end);
        }
        if (height != 0) {
            Flags.requireRange("--height", height, 2, 8192);
            if (height % 2 != 0) {
                throw new Flags.BadFlag("--height must be even, got " + height);
            }
        }
        try {
            Task.byId(task);
        } catch (InputException e) {
            throw new Flags.BadFlag("--task: " + e.getMessage());
        }
        JointLog.Interpolation how = switch (interpolation.toLowerCase(Locale.ROOT)) {
            case "linear" -> JointLog.Interpolation.LINEAR;
            case "cubic" -> JointLog.Interpolation.CUBIC;
            default -> throw new Flags.BadFlag("--interpolation must be linear or cubic, got " + interpolation);
        };
        Optional<CameraMount> camera = camera(cameraPosition, cameraOrientation);
        CaptureImport.Result r = CaptureImport.run(new CaptureImport.Options(video, joints, task, out, offset, start,
                end == null ? Double.POSITIVE_INFINITY : end, height, how, VideoSettings.DEFAULT, camera));
        PrintWriter o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "episode %d: %d frames at %d fps, %d×%d, joints from log %.3f to %.3f s -> %s (%d episodes)%n",
                r.episode(), r.frames(), r.fps(), r.width(), r.height(), r.logFrom(), r.logTo(), out, r.dataset().totalEpisodes());
        r.dataset().camera().ifPresent(c -> o.printf(Locale.ROOT, "camera at %s m, orientation %s° (meta/info.json)%n",
                c.positionList(), c.orientationDegrees()));
        o.flush();
        return 0;
    }

    /** The calibration flags as a camera mount (empty if not given); a bad value is a usage error naming its flag. */
    static Optional<CameraMount> camera(String position, String orientation) {
        if (position == null) {
            if (orientation != null) {
                throw new Flags.BadFlag("--camera-orientation needs --camera-position (a calibration is a position and an orientation)");
            }
            return Optional.empty();
        }
        double[] p = triple("--camera-position", position, "x,y,z in metres");
        double[] a = orientation == null ? new double[3] : triple("--camera-orientation", orientation, "yaw,pitch,roll in degrees");
        return Optional.of(new CameraMount(new Vec3(p[0], p[1], p[2]), Math.toRadians(a[0]), Math.toRadians(a[1]), Math.toRadians(a[2])));
    }

    private static double[] triple(String flag, String value, String what) {
        String[] parts = value.split(",", -1);
        if (parts.length != 3) {
            throw new Flags.BadFlag(flag + " must be three numbers " + what + ", got '" + value + "' (" + parts.length
                    + (parts.length == 1 ? " value)" : " values)"));
        }
        double[] out = new double[3];
        for (int i = 0; i < 3; i++) {
            try {
                out[i] = Double.parseDouble(parts[i].strip());
            } catch (NumberFormatException e) {
                throw new Flags.BadFlag(flag + ": '" + parts[i].strip() + "' is not a number (expected " + what + ")");
            }
            Flags.requireFinite(flag, out[i]);
        }
        return out;
    }
}
