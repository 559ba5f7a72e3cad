package dev.saccade.cli;

import ai.djl.ndarray.NDManager;
import dev.saccade.core.AtomicFiles;
import dev.saccade.core.InputException;
import dev.saccade.data.Task;
import dev.saccade.eval.play.LoadedRun;
import dev.saccade.eval.report.ClosedLoopSection;
import dev.saccade.eval.report.HtmlReport;
import dev.saccade.eval.results.MetricFiles;
import dev.saccade.eval.results.MetricRow;
import dev.saccade.gym.eye.GazeLimits;
import dev.saccade.learn.policy.Policy;
import dev.saccade.learn.train.Checkpoint;
import dev.saccade.runtime.eval.ClosedLoopEvaluation;
import dev.saccade.runtime.eval.Regimes;
import dev.saccade.runtime.loop.Aggregation;
import dev.saccade.runtime.loop.Agent;
import dev.saccade.runtime.loop.EpisodeResult;
import dev.saccade.runtime.loop.FrameListener;
import dev.saccade.runtime.loop.FrameRecord;
import dev.saccade.runtime.loop.LoopSettings;
import dev.saccade.runtime.loop.RuntimeLoop;
import dev.saccade.runtime.record.RunRecorder;
import dev.saccade.runtime.sim.SimSettings;
import dev.saccade.runtime.sim.SimWorld;
import dev.saccade.robot.ur.UrDriverException;
import dev.saccade.runtime.bridge.BridgeEndpoint;
import dev.saccade.runtime.bridge.ZmqEye;
import dev.saccade.runtime.ur.UrCell;
import dev.saccade.sphere.render.PyramidSpec;
import dev.saccade.sphere.EquirectFrame;
import dev.saccade.view.LiveRun;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code saccade run}: a trained policy (or a baseline eye over its hand, or the scripted expert)
 * drives the closed-loop synthetic world, episode after episode on held-out scenes, with a live
 * status line; every run is recorded as a LeRobot v3.0 dataset and scored in {@code metrics.json}.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a trained policy in the closed loop on a simulated robot (or a UR5e over RTDE) and record it.",
            "Episode e of a task plays the generator's scene of seed --first-seed + e (held out from a dataset",
            "generated from seed 0 with fewer episodes). DIR gets the recording (a LeRobot v3.0 dataset),",
            "metrics.json (success rates with 95 %% Wilson intervals, time to success), episodes.csv and report.html;",
            "while it runs, DIR/live/run.json is a live snapshot that `saccade view DIR` follows."})
final class RunCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--run", paramLabel = "RUN", description = "Trained run (or checkpoint) directory; not needed for --gaze expert.")
    Path run;

    @Option(names = "--robot", required = true, paramLabel = "sim:TASK|sim:all|ur-rtde://HOST[:PORT]",
            description = {"The robot: the simulated world doing TASK (or every task in turn), in process; or a UR5e over RTDE",
                "(port 30004 unless given), such as `saccade sim-robot --task T` serving the same world; then give --task."})
    String robot;

    @Option(names = "--task", paramLabel = "T", description = "With ur-rtde://: the task (for sim-robot, the one it serves).")
    String urTask;

    @Option(names = "--eye", defaultValue = "sim", paramLabel = "sim[:PORT]|zmq://HOST:PORT",
            description = {"With ur-rtde://: the eye. sim (default): the robot is `saccade sim-robot --task`: its scenes are opened by seed and",
                "its 360° camera read from its eye bridge (zmq://ROBOT-HOST:PORT, " + BridgeEndpoint.DEFAULT_PORT + " unless given);",
                "zmq://HOST:PORT: an external eye process (then nothing tells the loop the task is done)."})
    String eyeSpec;

    @Option(names = "--script-port", defaultValue = "30002", paramLabel = "PORT",
            description = "With ur-rtde://: the controller's URScript port (default ${DEFAULT-VALUE}).")
    int scriptPort;

    @Option(names = "--rtde-hz", defaultValue = "125", description = "With ur-rtde://: RTDE output rate, Hz (default ${DEFAULT-VALUE}).")
    double rtdeHz;

    @Option(names = "--episodes", defaultValue = "1", description = "Episodes per task and regime (default ${DEFAULT-VALUE}).")
    int episodes;

    @Option(names = "--first-seed", defaultValue = "1000", description = "Scene seed of each task's first episode (default ${DEFAULT-VALUE}).")
    long firstSeed;

    @Option(names = "--aggregate", defaultValue = "ensemble", description = "How overlapping chunks combine: ensemble (ACT), latest or average (default ${DEFAULT-VALUE}).")
    String aggregate;

    @Option(names = "--gaze", split = ",", defaultValue = "learned",
            description = {"Regimes, comma-separated: learned, random, fixed, best-fixed, oracle (baseline eyes over the run's hand), expert",
                "(default ${DEFAULT-VALUE}). best-fixed's direction per task is searched before the run on generator seeds 0-23, never the played ones."})
    List<String> regimes;

    @Option(names = "--hand", defaultValue = "co-trained", paramLabel = "LABEL",
            description = {"How the rows label the run's hand (default ${DEFAULT-VALUE}); `own` when --run was trained with the",
                "baseline eye it is run with (the demo's runs/hand-random with --gaze random), as the open-loop rows do."})
    String handLabel;

    @Option(names = "--gripper-threshold", paramLabel = "T",
            description = "Send the gripper as closed at or above T and open below (the hand learned from binary labels); default: as predicted.")
    Double gripperThreshold;

    @Option(names = "--search-steps", defaultValue = "0", paramLabel = "N",
            description = {"Policy steps at an episode's start in which a looking agent only moves its eye and the arm holds",
                "(default ${DEFAULT-VALUE}; training pauses the video for its first 30 steps while the eye searches: 30 matches it)."})
    int searchSteps;

    @Option(names = "--frames-per-step", defaultValue = "2",
            description = "Control frames (1/30 s) per policy step (default ${DEFAULT-VALUE}: 15 Hz, as the eye stepped in training).")
    int framesPerStep;

    @Option(names = "--width", defaultValue = "256", description = "360° frame width (default ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--max-seconds", defaultValue = "20", description = "Episode length if the task is not done (default ${DEFAULT-VALUE}).")
    double maxSeconds;

    @Option(names = "--no-record", description = "Do not record the 360° frames (faster; metrics only).")
    boolean noRecord;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory (must not exist unless --overwrite).")
    Path out;

    @Option(names = "--overwrite", description = "Replace DIR.")
    boolean overwrite;

    @Option(names = "--live-hz", defaultValue = "" + LiveRun.DEFAULT_HZ, paramLabel = "HZ",
            description = {"Live snapshots a second (gaze, view, 360° frame, chunk, figures) in DIR/live/run.json while the run runs,",
                "for `saccade view DIR` (default ${DEFAULT-VALUE}; 0: none). Written by a thread of its own: the loop never waits for it."})
    double liveHz;

    @Option(names = "--threads", defaultValue = "1", description = "PyTorch intra-op threads for the batch-1 policy (default ${DEFAULT-VALUE}).")
    int threads;

    @Override
    public Integer call() throws Exception {
        UrTarget ur = urTarget();
        List<Task> tasks = ur != null ? List.of(ur.task()) : tasks();
        Flags.requireRange("--episodes", episodes, 1, 100_000);
        Flags.requireRange("--width", width, 16, 4096);
        if (width % 4 != 0) {
            throw new Flags.BadFlag("--width must be a multiple of 4, got " + width);
        }
        Flags.requireOpenRange("--max-seconds", maxSeconds, 0, 3600);
        Aggregation aggregation;
        try {
            aggregation = Aggregation.byId(aggregate);
        } catch (IllegalArgumentException e) {
            throw new Flags.BadFlag("--aggregate: " + e.getMessage());
        }
        for (String r : regimes) {
            if (!Regimes.NAMES.contains(r.trim().toLowerCase(Locale.ROOT))) {
                throw new Flags.BadFlag("--gaze: unknown regime '" + r + "': use " + String.join(", ", Regimes.NAMES));
            }
        }
        boolean needsPolicy = regimes.stream().anyMatch(Regimes::needsPolicy);
        if (needsPolicy && run == null) {
            throw new Flags.BadFlag("--run is needed for regimes other than expert");
        }
        if (Files.exists(out) && !overwrite) {
            throw new Flags.BadFlag("--out " + out + " exists (use --overwrite to replace it)");
        }
        SimSettings sim = SimSettings.defaults().withWidth(width).withMaxSeconds(maxSeconds);
        LoopSettings loopSettings = LoopSettings.defaults().withAggregation(aggregation)
                .withMaxFrames((int) Math.round(maxSeconds * SimWorld.FPS));
        Flags.requireRange("--frames-per-step", framesPerStep, 1, 30);
        Flags.requireRange("--search-steps", searchSteps, 0, 10_000);
        loopSettings = loopSettings.withFramesPerStep(framesPerStep).withSearchSteps(searchSteps);
        if (gripperThreshold != null) {
            Flags.requireOpenRange("--gripper-threshold", gripperThreshold, 0, 1);
            loopSettings = loopSettings.withGripperThreshold(gripperThreshold);
        }
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Flags.requireRange("--threads", threads, 1, 256);
        if (liveHz != 0) { // 0: no live snapshots
            Flags.requireAboveUpTo("--live-hz", liveHz, 0, 30);
        }
        if (needsPolicy) {
            ai.djl.engine.Engine.getInstance(); // loads the native library before it is configured
            ai.djl.pytorch.jni.JniUtils.setNumThreads(threads);
        }
        if (ur != null) {
            for (String r : regimes) {
                String n = r.trim().toLowerCase(Locale.ROOT);
                if (!n.equals("learned") && !n.equals("expert") && !n.equals("fixed") && !n.equals("best-fixed")) {
                    throw new Flags.BadFlag("--gaze " + n + " needs the scene's ground truth, which a robot over RTDE does not give: use learned, fixed, best-fixed or expert");
                }
            }
        }
        try (NDManager manager = needsPolicy ? NDManager.newBaseManager() : null;
             Policy policy = needsPolicy ? Checkpoint.loadPolicy(LoadedRun.checkpointOf(run), manager, 1) : null;
             UrTarget closing = ur;
             LiveRun live = liveHz == 0 ? null : LiveRun.start(out, new LiveRun.Settings(liveHz, java.util.Optional.of(RunRecorder.camera()),
                     !noRecord), "saccade run " + String.join(" ", spec.commandLine().getParseResult().originalArgs()), System.err)) {
            Files.createDirectories(out.toAbsolutePath().getParent());
            Path stage = Files.createTempDirectory(out.toAbsolutePath().getParent(), out.getFileName() + ".");
            try {
                List<MetricRow> rows = new ArrayList<>();
                StringBuilder csv = new StringBuilder("regime,task,seed,success,seconds_to_success,frames,policy_steps,rejected_chunks,"
                        + "clamped_frames,stopped_frames,policy_p50_ms,policy_p99_ms,ever_held,closest_approach_cm,first_close_miss_cm,close_commands\n");
                RuntimeLoop loop = new RuntimeLoop(loopSettings);
                java.util.Map<Task, dev.saccade.gym.policy.BestFixedGaze.Choice> bestFixed = java.util.Map.of();
                if (policy != null && regimes.stream().anyMatch(Regimes::needsBestFixed)) {
                    bestFixed = dev.saccade.runtime.eval.BestFixedDirection.choose(tasks,
                            new dev.saccade.data.synth.SceneOptions(sim.width(), sim.distractors()),
                            dev.saccade.runtime.agent.PolicyAgent.pyramidOf(policy.config()), GazeLimits.DEFAULT);
                    bestFixed.forEach((t, c) -> err.printf(Locale.ROOT, "best-fixed %s: gaze (%.0f°, %.0f°), relevant thing in the fovea on %.0f %% of %d frames%n",
                            t.id(), Math.toDegrees(c.gaze().yaw()), Math.toDegrees(c.gaze().pitch()), 100 * c.hitRate(), c.frames()));
                }
                try (RunRecorder recorder = noRecord ? null : RunRecorder.create(stage.resolve("dataset"), width, width / 2, ur == null, false)) {
                    int index = 0;
                    for (int regimeIndex = 0; regimeIndex < regimes.size(); regimeIndex++) {
                        String name = regimes.get(regimeIndex);
                        ClosedLoopEvaluation.Regime regime = Regimes.of(name, policy, GazeLimits.DEFAULT, handLabel, bestFixed);
                        if (live != null) {
                            live.regime(regimeIndex, regimes.size(), name, regime.gaze(), regime.hand(), tasks.size() * episodes);
                        }
                        List<EpisodeResult> results = new ArrayList<>();
                        Status status = new Status(err, name, tasks.size() * episodes);
                        for (Task task : tasks) {
                            for (int e = 0; e < episodes; e++) {
                                long seed = firstSeed + e;
                                if (ur != null) {
                                    if (recorder != null) {
                                        recorder.beginEpisode(index++, task);
                                    }
                                    if (live != null) {
                                        live.beginEpisode(task, seed);
                                    }
                                    EpisodeResult r = runOverRtde(ur, regime, loop, sim, seed, all(recorder, live), recorder != null, status);
                                    if (live != null) {
                                        live.endEpisode(r);
                                    }
                                    if (recorder != null) {
                                        recorder.endEpisode(r.success());
                                    }
                                    results.add(r);
                                    csv.append(csvRow(name, r, null));
                                    continue;
                                }
                                try (SimWorld world = SimWorld.open(task, seed, sim, regime.pyramid());
                                     Agent agent = regime.agentFor().apply(world)) {
                                    if (recorder != null) {
                                        recorder.beginEpisode(index++, task);
                                    }
                                    FrameListener listener = all(recorder, live, status);
                                    status.episode(task, seed);
                                    if (live != null) {
                                        live.beginEpisode(task, seed);
                                    }
                                    EpisodeResult r = loop.run(world, agent, seed, listener);
                                    if (live != null) {
                                        live.endEpisode(r);
                                    }
                                    if (recorder != null) {
                                        recorder.endEpisode(r.success());
                                    }
                                    status.done(r);
                                    results.add(r);
                                    csv.append(csvRow(name, r, world));
                                }
                            }
                        }
                        status.finish();
                        if (ur != null && ur.cell != null && ur.settings.simulated()) {
                            long[] p = ur.cell.pacing();
                            err.printf(Locale.ROOT, "%s: over RTDE, %d loop frames; the loop was late for %d world frames (%.2f %%)%n", name, p[0], p[1],
                                    100.0 * p[1] / Math.max(1, p[0] + p[1]));
                            err.flush();
                        }
                        rows.addAll(ClosedLoopEvaluation.rows(regime, results, tasks));
                        summary(o, name, regime, results, tasks);
                    }
                    if (recorder != null) {
                        recorder.finish();
                    }
                }
                MetricFiles.writeJson(stage.resolve("metrics.json"), rows);
                AtomicFiles.writeString(stage.resolve("episodes.csv"), csv.toString());
                if (ClosedLoopSection.has(rows)) {
                    HtmlReport report = new HtmlReport("Saccade closed-loop run");
                    ClosedLoopSection.add(report, rows, "saccade run " + String.join(" ", spec.commandLine().getParseResult().originalArgs()),
                            List.of("episodes.csv beside this report has every episode: success, frames, rejected chunks, clamped and "
                                    + "stopped frames, policy latency, whether the gripper ever held the object, the grasp point's "
                                    + "closest approach to it, and its distance when the gripper was first told to close."));
                    report.write(stage.resolve("report.html"));
                }
                if (live != null) {
                    live.finish(stage); // the finished output keeps the last snapshot, marked finished
                }
                if (Files.exists(out)) {
                    AtomicFiles.deleteRecursively(out);
                }
                Files.move(stage, out);
            } finally {
                if (Files.exists(stage)) {
                    AtomicFiles.deleteRecursively(stage);
                }
            }
        }
        o.printf(Locale.ROOT, "%s: %smetrics.json, episodes.csv, report.html%n", out, noRecord ? "" : "dataset/ (a LeRobot v3.0 dataset), ");
        o.flush();
        return 0;
    }

    /** A UR5e over RTDE and its eye, connected lazily on the first episode (after every flag is checked). */
    private final class UrTarget implements AutoCloseable {
        final UrCell.Settings settings;
        final BridgeEndpoint eyeEndpoint;
        final Task task;
        ZmqEye eye;
        UrCell cell;

        UrTarget(UrCell.Settings settings, BridgeEndpoint eyeEndpoint, Task task) {
            this.settings = settings;
            this.eyeEndpoint = eyeEndpoint;
            this.task = task;
        }

        Task task() {
            return task;
        }

        UrCell cell(PyramidSpec spec, SimSettings sim, boolean needsFrames) throws Exception {
            if (cell == null) {
                eye = new ZmqEye(eyeEndpoint, sim.eye(), spec, sim.antialias(), UrCell.PERIOD);
                if (needsFrames) {
                    eye.subscribe(); // frames start flowing while the robot connects
                }
                try {
                    cell = UrCell.connect(settings, eye, task);
                } catch (UrDriverException e) {
                    throw new InputException("--robot " + robot + ": " + e.getMessage());
                } catch (java.io.IOException e) {
                    throw new InputException("--robot " + robot + ": cannot connect: " + e.getMessage());
                }
            }
            return cell;
        }

        @Override
        public void close() {
            if (cell != null) {
                cell.close();
            }
            if (eye != null) {
                eye.close();
            }
        }
    }

    /** {@code ur-rtde://HOST[:PORT]} with its eye, or null for {@code sim:}. */
    private UrTarget urTarget() {
        String r = robot.trim();
        if (!r.startsWith("ur-rtde://")) {
            if (urTask != null) {
                throw new Flags.BadFlag("--task is for --robot ur-rtde://; with sim: name the task in --robot");
            }
            return null;
        }
        String hostPort = r.substring("ur-rtde://".length());
        String host = hostPort;
        int port = 30004;
        int colon = hostPort.lastIndexOf(':');
        if (colon >= 0) {
            host = hostPort.substring(0, colon);
            try {
                port = Integer.parseInt(hostPort.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new Flags.BadFlag("--robot: port must be a number, got '" + hostPort.substring(colon + 1) + "'");
            }
        }
        if (host.isEmpty()) {
            throw new Flags.BadFlag("--robot ur-rtde://HOST[:PORT] needs a host (127.0.0.1 for a local sim-robot)");
        }
        Flags.requireRange("--robot port", port, 1, 65535);
        Flags.requireRange("--script-port", scriptPort, 1, 65535);
        Flags.requireAboveUpTo("--rtde-hz", rtdeHz, 0, 500);
        if (urTask == null) {
            throw new Flags.BadFlag("--robot ur-rtde:// needs --task (the task the robot does)");
        }
        Task task;
        try {
            task = Task.byId(urTask);
        } catch (InputException e) {
            throw new Flags.BadFlag("--task: " + e.getMessage());
        }
        String e = eyeSpec.trim();
        boolean simulated = e.equals("sim") || e.startsWith("sim:");
        BridgeEndpoint eye;
        try {
            eye = !simulated ? BridgeEndpoint.parse(e)
                    : new BridgeEndpoint(host, e.equals("sim") ? BridgeEndpoint.DEFAULT_PORT : Integer.parseInt(e.substring(4)));
        } catch (IllegalArgumentException bad) { // NumberFormatException included
            throw new Flags.BadFlag("--eye: " + bad.getMessage());
        }
        return new UrTarget(new UrCell.Settings(host, port, scriptPort, rtdeHz, simulated), eye, task);
    }

    /** One episode over RTDE: the scene opened on the controller, the agent (the expert reads the same scene's plan). */
    private EpisodeResult runOverRtde(UrTarget ur, ClosedLoopEvaluation.Regime regime, RuntimeLoop loop, SimSettings sim, long seed,
            FrameListener listeners, boolean recording, Status status) throws Exception {
        boolean expert = regime.hand().equals("scripted expert");
        UrCell cell = ur.cell(regime.pyramid(), sim, recording || !expert);
        status.link(cell::link);
        // The expert replays the scene's demonstration: the plan is generated here, the world it acts in is the robot's.
        try (SimWorld plan = expert ? SimWorld.open(ur.task(), seed, sim, regime.pyramid()) : null;
             Agent agent = regime.agentFor().apply(plan)) {
            cell.beginEpisode(seed);
            if (recording) {
                EquirectFrame pano = cell.panorama().orElseThrow(() -> new InputException("--eye " + eyeSpec
                        + ": no 360° frame within " + ZmqEye.FIRST_FRAME_MILLIS / 1000
                        + " s to record (use --no-record, or serve the camera: sim-robot --eye)"));
                if (pano.width() != width) {
                    throw new Flags.BadFlag("--width " + width + " but the robot's 360° camera sends " + pano.width() + "-wide frames");
                }
            }
            FrameListener listener = all(listeners, status);
            status.episode(ur.task(), seed);
            EpisodeResult r;
            try {
                r = loop.run(cell, agent, seed, listener);
            } finally {
                cell.robot().stop();
            }
            status.done(r);
            return r;
        }
    }

    /** Every listener given (nulls skipped), in order. */
    static FrameListener all(FrameListener... listeners) {
        List<FrameListener> present = Arrays.stream(listeners).filter(java.util.Objects::nonNull).toList();
        return (cell, r) -> {
            for (FrameListener l : present) {
                l.onFrame(cell, r);
            }
        };
    }

    private List<Task> tasks() {
        String r = robot.trim();
        if (!r.startsWith("sim:")) {
            throw new Flags.BadFlag("--robot must be sim:TASK, sim:all or ur-rtde://HOST[:PORT], got '" + robot + "'");
        }
        String t = r.substring(4);
        if (t.equalsIgnoreCase("all")) {
            return List.of(Task.values());
        }
        try {
            return List.of(Task.byId(t));
        } catch (InputException e) {
            throw new Flags.BadFlag("--robot: " + e.getMessage());
        }
    }

    /** One line of episodes.csv; over RTDE ({@code world} null) the world's diagnostics are not known and left empty. */
    private static String csvRow(String regime, EpisodeResult r, SimWorld world) {
        long[] ns = r.policyNanos().clone();
        Arrays.sort(ns);
        String diagnostics = world == null ? ",,," : String.format(Locale.ROOT, "%b,%.1f,%.1f,%d", world.everHeld(), 100 * world.closestApproach(),
                100 * world.firstCloseMiss(), world.closeCommands());
        return String.format(Locale.ROOT, "%s,%s,%d,%b,%.3f,%d,%d,%d,%d,%d,%.3f,%.3f,%s%n", regime, r.task().id(), r.seed(), r.success(),
                r.secondsToSuccess(SimWorld.FPS), r.frames(), r.policySteps(), r.rejectedChunks(), r.clampedFrames(), r.stoppedFrames(),
                percentile(ns, 0.5) / 1e6, percentile(ns, 0.99) / 1e6, diagnostics);
    }

    /** The nearest-rank {@code q} quantile of sorted values. */
    static double percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * sorted.length) - 1; // nearest rank
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
    }

    private static void summary(PrintWriter o, String name, ClosedLoopEvaluation.Regime regime, List<EpisodeResult> results, List<Task> tasks) {
        for (MetricRow row : ClosedLoopEvaluation.rows(regime, results, tasks)) {
            if (row.metric().startsWith("success_rate/")) {
                o.printf(Locale.ROOT, "%-8s %-22s %5.1f %% [%5.1f, %5.1f] of %d%n", name, row.metric().substring(13),
                        100 * row.mean(), 100 * row.ci95Low(), 100 * row.ci95High(), row.episodes());
            }
        }
        o.flush();
    }

    /** The live status line: step rate, policy latency, gaze, chunk age, successes so far. */
    static final class Status implements FrameListener {
        private final PrintWriter err;
        private final String regime;
        private final int total;
        private final long started = System.nanoTime();
        private long lastPrint;
        private long frames;
        private long lastPolicyNanos;
        private int done, successes;
        private String episode = "";
        private java.util.function.Supplier<String> link;
        /** On a terminal the line is redrawn 4 times a second; into a file or pipe, one line per episode. */
        private final boolean live = System.console() != null;

        Status(PrintWriter err, String regime, int total) {
            this.err = err;
            this.regime = regime;
            this.total = total;
        }

        /** Over RTDE: where the connection, robot mode and safety mode come from. */
        void link(java.util.function.Supplier<String> source) {
            link = source;
        }

        private String linkPart() {
            return link == null ? "" : " | " + link.get();
        }

        void episode(Task task, long seed) {
            episode = task.id() + " seed " + seed;
        }

        @Override
        public void onFrame(dev.saccade.runtime.loop.Cell cell, FrameRecord r) {
            frames++;
            if (r.policyStep()) {
                lastPolicyNanos = r.policyNanos();
            }
            long now = System.nanoTime();
            if (live && now - lastPrint > 250_000_000L) {
                lastPrint = now;
                double seconds = (now - started) / 1e9;
                err.printf(Locale.ROOT, "\r%s %d/%d %s frame %d | %.1f frames/s | policy %.1f ms | gaze (%.0f°, %.0f°) | chunk age %d | successes %d/%d%s   ",
                        regime, done + 1, total, episode, r.frame(), frames / seconds, lastPolicyNanos / 1e6,
                        Math.toDegrees(r.gaze().yaw()), Math.toDegrees(r.gaze().pitch()), r.chunkAge(), successes, done, linkPart());
                err.flush();
            }
        }

        void done(EpisodeResult r) {
            done++;
            successes += r.success() ? 1 : 0;
            if (!live) {
                long[] ns = r.policyNanos().clone();
                Arrays.sort(ns);
                err.printf(Locale.ROOT, "%s %d/%d %s: %s after %d frames | policy p50 %.1f ms | successes %d/%d%s%n", regime, done, total, episode,
                        r.success() ? "done" : "not done", r.frames(), percentile(ns, 0.5) / 1e6, successes, done, linkPart());
                err.flush();
            }
        }

        void finish() {
            err.printf(Locale.ROOT, (live ? "\r" : "") + "%s: %d/%d episodes done, %d successes, %.1f frames/s%s%n", regime, done, total, successes,
                    frames / ((System.nanoTime() - started) / 1e9), live ? " ".repeat(40) : "");
            err.flush();
        }
    }
}
