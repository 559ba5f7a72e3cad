package dev.saccade.cli;

import dev.saccade.data.lerobot.DatasetCheck;
import dev.saccade.data.lerobot.DatasetInfo;
import dev.saccade.data.lerobot.EpisodeMeta;
import dev.saccade.data.lerobot.LeRobotDataset;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code saccade dataset}: look into LeRobot v3 datasets. */
@Command(name = "dataset", mixinStandardHelpOptions = true,
        description = "Inspect and check LeRobot v3.0 datasets.",
        subcommands = {DatasetCommand.Info.class, DatasetCommand.Check.class, DatasetCommand.Frame.class, DatasetCommand.ExportCapture.class})
final class DatasetCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing subcommand: info, check, frame or export-capture");
    }

    /** {@code saccade dataset info DIR}. */
    @Command(name = "info", mixinStandardHelpOptions = true,
            description = "Print a dataset's episodes, frames, fps, tasks and features.")
    static final class Info implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Parameters(paramLabel = "DIR", description = "The dataset directory.")
        Path dir;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (LeRobotDataset ds = LeRobotDataset.open(dir)) {
                DatasetInfo info = ds.info();
                out.printf(Locale.ROOT, "dataset   %s (LeRobot %s, robot %s)%n", ds.root(), info.codebaseVersion(), info.robotType());
                out.printf(Locale.ROOT, "episodes  %d%n", ds.episodes());
                out.printf(Locale.ROOT, "frames    %d (%s at %d fps)%n", ds.frames(),
                        dev.saccade.core.Progress.clockTime((double) ds.frames() / ds.fps()), ds.fps());
                if (ds.episodes() > 0) {
                    int min = Integer.MAX_VALUE;
                    int max = 0;
                    for (EpisodeMeta m : ds.episodeMetas()) {
                        min = Math.min(min, m.length());
                        max = Math.max(max, m.length());
                    }
                    out.printf(Locale.ROOT, "lengths   %d to %d frames (%.1f to %.1f s)%n", min, max, (double) min / ds.fps(), (double) max / ds.fps());
                }
                Map<String, Integer> perTask = new LinkedHashMap<>();
                ds.tasks().forEach(t -> perTask.put(t, 0));
                for (EpisodeMeta m : ds.episodeMetas()) {
                    perTask.merge(m.task(), 1, Integer::sum);
                }
                out.printf(Locale.ROOT, "tasks     %d%n", ds.tasks().size());
                int i = 0;
                for (Map.Entry<String, Integer> t : perTask.entrySet()) {
                    out.printf(Locale.ROOT, "  %d  %-50s %d episodes%n", i++, t.getKey(), t.getValue());
                }
                out.println("features");
                for (Map.Entry<String, DatasetInfo.Feature> f : info.features().entrySet()) {
                    List<String> names = f.getValue().names();
                    out.printf(Locale.ROOT, "  %-32s %-8s %-14s %s%n", f.getKey(), f.getValue().dtype(), f.getValue().shape(),
                            names.isEmpty() ? "" : String.join(", ", names));
                }
                long videos = ds.episodeMetas().stream().map(EpisodeMeta::videoFile).distinct().count();
                long data = ds.episodeMetas().stream().map(EpisodeMeta::dataFile).distinct().count();
                out.printf(Locale.ROOT, "files     %d data, %d video (%d×%d, H.264)%n", data, videos, info.width(), info.height());
            }
            out.flush();
            return 0;
        }
    }

    /** {@code saccade dataset check DIR}. */
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Check a dataset: schema, counts, video frames against rows, monotonic timestamps,",
                "NaN/inf, shapes, statistics. Prints each problem with its file, episode and frame; exits 1 if any."})
    static final class Check implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Parameters(paramLabel = "DIR", description = "The dataset directory.")
        Path dir;

        @picocli.CommandLine.Option(names = "--decode-all",
                description = "Decode every video frame, not only each episode's first and last (slow).")
        boolean decodeAll;

        @Override
        public Integer call() {
            List<DatasetCheck.Problem> problems = DatasetCheck.check(dir, decodeAll);
            PrintWriter err = spec.commandLine().getErr();
            if (problems.isEmpty()) {
                spec.commandLine().getOut().println("ok: " + DatasetCheck.summary(dir));
                spec.commandLine().getOut().flush();
                return 0;
            }
            for (DatasetCheck.Problem p : problems) {
                err.println("saccade: " + p);
            }
            err.println("saccade: dataset check: " + problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + " in " + dir);
            err.flush();
            return Main.EXIT_DATA;
        }
    }

    /** {@code saccade dataset frame DIR --episode E --frame K --out F.png}. */
    @Command(name = "frame", mixinStandardHelpOptions = true,
            description = "Write one decoded 360° frame of a dataset as PNG (e.g. to check an import's sync).")
    static final class Frame implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Parameters(paramLabel = "DIR", description = "The dataset directory.")
        Path dir;

        @picocli.CommandLine.Option(names = "--episode", required = true, description = "Episode index.")
        int episode;

        @picocli.CommandLine.Option(names = "--frame", required = true, description = "Frame index within the episode.")
        int frame;

        @picocli.CommandLine.Option(names = "--out", required = true, description = "Output PNG or JPEG file.")
        Path out;

        @Override
        public Integer call() throws Exception {
            RenderCommand.requireImageName(out);
            Flags.requireOutputDirectory("--out", out);
            try (LeRobotDataset ds = LeRobotDataset.open(dir)) {
                ds.info().requireJointFeatures(ds.root().resolve("meta/info.json"));
                Flags.requireRange("--episode", episode, 0, ds.episodes() - 1);
                Flags.requireRange("--frame", frame, 0, ds.episode(episode).length() - 1);
                // Everything is read and checked before the image is written: a bad dataset leaves no file.
                dev.saccade.data.lerobot.Episode e = ds.read(episode);
                java.awt.image.BufferedImage image;
                try (dev.saccade.data.video.FrameSource frames = ds.frames(new dev.saccade.data.video.FrameCache(0))) {
                    image = frames.frame(episode, frame).toImage();
                }
                dev.saccade.sphere.Images.write(image, out);
                PrintWriter o = spec.commandLine().getOut();
                o.printf(Locale.ROOT, "%s  episode %d frame %d  t=%.3f s  state %s%n", out, episode, frame,
                        e.timestamps()[frame], java.util.Arrays.toString(e.state()[frame]));
                o.flush();
            }
            return 0;
        }
    }

    /** {@code saccade dataset export-capture DIR --episodes FROM:TO --out CAPTURES}. */
    @Command(name = "export-capture", mixinStandardHelpOptions = true,
            description = {"Write episodes as the raw captures a rig records: an equirect 360° mp4 and a joint log CSV each",
                "(measured and commanded joints on the log's clock), plus captures.json with the camera calibration.",
                "No annotation is written. Bring them back with 'saccade import' (the printed commands) to test the",
                "real-capture path on data whose ground truth is known."})
    static final class ExportCapture implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Parameters(paramLabel = "DIR", description = "The dataset directory.")
        Path dir;

        @picocli.CommandLine.Option(names = "--episodes", required = true, paramLabel = "N|FROM:TO",
                description = "Episodes to export: one index, or FROM:TO (TO excluded).")
        String episodes;

        @picocli.CommandLine.Option(names = "--out", required = true, description = "Directory to create for the captures.")
        Path out;

        @picocli.CommandLine.Option(names = "--clock-offset", defaultValue = "100", paramLabel = "SECONDS",
                description = "The joint log's clock at video time 0, as a rig's clocks differ (default ${DEFAULT-VALUE}; import with --offset).")
        double clockOffset;

        @picocli.CommandLine.Option(names = "--force", description = "Replace --out if it holds captures exported earlier.")
        boolean force;

        @Override
        public Integer call() throws Exception {
            Flags.requireFinite("--clock-offset", clockOffset);
            List<Integer> list = episodeList(episodes);
            dev.saccade.data.capture.CaptureExport.Result r = dev.saccade.data.capture.CaptureExport.run(
                    new dev.saccade.data.capture.CaptureExport.Options(dir, list, out, force, clockOffset,
                            dev.saccade.data.video.VideoSettings.DEFAULT));
            PrintWriter o = spec.commandLine().getOut();
            o.printf(Locale.ROOT, "%d captures (%d×%d at %d fps) in %s; bring one back with:%n", r.captures().size(), r.width(), r.height(),
                    r.fps(), out);
            dev.saccade.data.capture.CaptureExport.Capture first = r.captures().get(0);
            String calibration = r.camera().map(c -> " --camera-position " + join(c.positionList())
                    + (c.referenceOrientation() ? "" : " --camera-orientation " + join(c.orientationDegrees()))).orElse("");
            o.printf(Locale.ROOT, "  saccade import --video %s --joints %s --task %s --offset %s%s --out DATASET%n", first.video(), first.joints(),
                    first.task(), Double.toString(clockOffset), calibration);
            if (r.camera().isEmpty()) {
                o.println("(the dataset stores no camera calibration, so the imports will have none)");
            }
            o.flush();
            return 0;
        }

        private static String join(List<Double> values) {
            return String.join(",", values.stream().map(v -> Double.toString(v)).toList());
        }

        /** "N" or "FROM:TO" (TO excluded) as a list; anything else is a usage error naming the flag. */
        static List<Integer> episodeList(String text) {
            dev.saccade.gym.demo.EpisodeRange.Bounds r = dev.saccade.gym.demo.EpisodeRange.parse(text.contains(":") ? text : text + ":" + nextOf(text));
            if (r == null) {
                throw new Flags.BadFlag("--episodes must be N or FROM:TO with 0 <= FROM < TO, got '" + text + "'");
            }
            return java.util.stream.IntStream.range(r.from(), r.to()).boxed().toList();
        }

        private static String nextOf(String n) {
            try {
                return Integer.toString(Math.addExact(Integer.parseInt(n.strip()), 1));
            } catch (NumberFormatException | ArithmeticException e) {
                return "x"; // not a number: parse reports it
            }
        }
    }
}
