package dev.saccade.view;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.saccade.core.AtomicFiles;
import dev.saccade.core.InputException;
import dev.saccade.data.Task;
import dev.saccade.data.robot.CameraMount;
import dev.saccade.runtime.loop.Cell;
import dev.saccade.runtime.loop.EpisodeResult;
import dev.saccade.runtime.loop.FrameListener;
import dev.saccade.runtime.loop.FrameRecord;
import dev.saccade.sphere.EquirectFrame;
import dev.saccade.sphere.Gaze;
import dev.saccade.sphere.render.MipChain;
import dev.saccade.sphere.render.Planes;
import dev.saccade.sphere.render.PyramidRenderer;
import dev.saccade.sphere.render.PyramidSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A {@code saccade run} watched while it runs: a {@link FrameListener} that, at most
 * {@link Settings#hz()} times a second, replaces {@code DIR/live/run.json} with a snapshot of
 * the loop: regime, task, scene seed, episode, frame and time, successes so far, step rate and
 * policy latency, the gaze and where the eye is headed, the chunk in use and its age with tool0's
 * path under it projected onto the panorama ({@link DatasetSource#tool0Directions}, the one
 * projection), the 360° frame as a JPEG and the foveated view as a PNG (both base64, so one rename
 * replaces a whole, consistent snapshot).
 *
 * <p>The loop never waits for it: on a due frame the loop's thread only takes references (the
 * panorama, which a cell never modifies once handed out, the agent's pyramid) and copies the
 * chunk, and leaves them in a single slot that a writer thread empties; a newer snapshot replaces
 * one not yet written (newest wins). Projection, JPEG and PNG encoding, JSON and the file all
 * happen on the writer thread. A looking agent's snapshots are taken on its policy steps, when the
 * frame's panorama is already rendered. The scripted expert looks at nothing: its snapshots hold
 * the 360° frame only when the run records (and renders every frame anyway), with the view
 * rendered at its gaze on the writer thread; otherwise neither (rendering the frame for the
 * snapshot cost the loop two thirds of its speed: BENCHMARKS.md).
 *
 * <p>While nothing new comes (between episodes, while a policy loads) the writer rewrites the
 * last snapshot's time every {@link #HEARTBEAT_MILLIS}, so a viewer can tell a stopped run (its
 * snapshot grows old) from a slow one. {@link #finish} writes the last snapshot with
 * {@code "state": "finished"} into the finished output; {@link #close()} without it (a failure,
 * Ctrl-C) removes the live directory, and the run directory if nothing else is in it. A write that
 * fails is reported once and never stops the run.
 */
public final class LiveRun implements FrameListener, AutoCloseable {
    /** The snapshot's place in a run's output directory. */
    public static final String FILE = "live/run.json";
    /** Snapshots a second unless asked otherwise. */
    public static final double DEFAULT_HZ = 5;
    /** How often an idle writer refreshes the snapshot's time. */
    public static final long HEARTBEAT_MILLIS = 2000;
    /** States a snapshot may be in. */
    public static final String RUNNING = "running", FINISHED = "finished";

    /**
     * How the run is watched.
     *
     * @param hz        snapshots a second at most (0: every frame, for tests)
     * @param camera    the 360° camera's calibration, to project the chunk and tool0 onto the panorama (empty: not projected)
     * @param panorama  whether to take the 360° frame also when the agent looks at no pixels: true when the
     *                  run records (the cell renders every frame anyway); otherwise a blind agent's snapshot
     *                  has no frame and no view, since rendering one would cost the loop (an agent that looks
     *                  has its frame rendered on its policy steps, where its snapshots are taken)
     */
    public record Settings(double hz, Optional<CameraMount> camera, boolean panorama) {
        public Settings {
            if (!(hz >= 0) || Double.isInfinite(hz)) {
                throw new IllegalArgumentException("snapshots a second must be finite and ≥ 0, got " + hz);
            }
        }
    }

    /** What the loop's thread hands the writer: values and references only. */
    private record Capture(long timeMs, ObjectNode progress, int frame, double fps, float[] joints, Gaze gaze, Gaze gazeTarget,
                           float[] chunk, int chunkAge, boolean stopped, boolean success, EquirectFrame panorama, float[] view,
                           PyramidSpec spec, double framesPerSecond, double policyMs, double policyMeanMs) {}

    private final Path dir;
    private final Path file;
    private final Settings settings;
    private final String command;
    private final boolean createdDir;
    private final long periodNanos;
    private final PrintStream log;
    private final Thread writer;
    private final Thread shutdownHook;
    private final AtomicReference<Capture> slot = new AtomicReference<>();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean stopping;
    private volatile boolean finished;

    // the loop's thread
    private ObjectNode progress;
    private final List<ObjectNode> results = new ArrayList<>();
    private ObjectNode current;
    private String regime = "", gazeName = "", handName = "";
    private int regimeIndex, regimes, episode = -1, episodes, done, successes;
    private Task task;
    private long seed;
    private boolean captureFailed;
    private long lastCapture = Long.MIN_VALUE, windowStart, windowFrames, windowPolicySteps, windowPolicyNanos, lastPolicyNanos;

    // the writer's thread
    private long sequence;
    private ObjectNode last;
    private long lastWrite;
    private boolean failed;
    private PyramidRenderer renderer;

    private LiveRun(Path dir, Settings settings, String command, boolean createdDir, PrintStream log) {
        this.dir = dir;
        this.file = dir.resolve(FILE);
        this.settings = settings;
        this.command = command;
        this.createdDir = createdDir;
        this.periodNanos = settings.hz() == 0 ? 0 : Math.round(1e9 / settings.hz());
        this.log = log;
        this.progress = progressNode();
        this.writer = new Thread(this::writeLoop, "saccade-run-live");
        this.writer.setDaemon(true);
        this.shutdownHook = new Thread(this::close, "saccade-run-live-stop");
    }

    /**
     * Starts watching a run whose output is {@code runDir} (created if missing): a first snapshot
     * (no frame yet) is written and the writer thread starts. {@code command} is shown as the run's
     * command line; failures to write go to {@code log} once.
     */
    public static LiveRun start(Path runDir, Settings settings, String command, PrintStream log) throws IOException {
        boolean created = !Files.exists(runDir);
        Files.createDirectories(runDir.resolve(FILE).getParent());
        LiveRun live = new LiveRun(runDir, settings, command, created, log);
        // The first snapshot is written here, so that a viewer started next finds the run.
        LiveEye.replace(live.file, Json.bytes(live.snapshot(new Capture(System.currentTimeMillis(), live.progress, -1, 0, null, null, null,
                null, -1, false, false, null, null, null, Double.NaN, Double.NaN, Double.NaN))));
        live.writer.start();
        Runtime.getRuntime().addShutdownHook(live.shutdownHook);
        return live;
    }

    /** The snapshot file. */
    public Path file() {
        return file;
    }

    /** Snapshots replaced by a newer one before the writer took them. */
    public long dropped() {
        return dropped.get();
    }

    /** Regime {@code index} of {@code count} begins: {@code name} as given, its gaze and hand labels, {@code episodes} in all. */
    public void regime(int index, int count, String name, String gaze, String hand, int episodes) {
        regimeIndex = index;
        regimes = count;
        regime = name;
        gazeName = gaze;
        handName = hand;
        this.episodes = episodes;
        episode = -1;
        done = 0;
        successes = 0;
        current = Json.object();
        results.add(current);
        progress = progressNode();
    }

    /** The next episode begins: {@code task} on the scene of {@code seed}. */
    public void beginEpisode(Task task, long seed) {
        this.task = task;
        this.seed = seed;
        episode++;
        progress = progressNode();
    }

    /** The episode ended. */
    public void endEpisode(EpisodeResult r) {
        done++;
        successes += r.success() ? 1 : 0;
        progress = progressNode();
    }

    private ObjectNode progressNode() {
        if (current != null) {
            current.put("regime", regime).put("gaze", gazeName).put("hand", handName).put("episodes", episodes).put("done", done)
                    .put("successes", successes);
        }
        ObjectNode p = Json.object();
        p.put("command", command);
        p.put("regime", regime);
        p.put("gaze", gazeName);
        p.put("hand", handName);
        p.put("regime_index", regimeIndex);
        p.put("regimes", regimes);
        p.put("task", task == null ? "" : task.id());
        p.put("instruction", task == null ? "" : task.instruction());
        p.put("seed", seed);
        p.put("episode", episode);
        p.put("episodes", episodes);
        p.put("done", done);
        p.put("successes", successes);
        ArrayNode all = p.putArray("results");
        results.forEach(r -> all.add(r.deepCopy()));
        return p; // never modified again: the writer reads it from its thread
    }

    @Override
    public void onFrame(Cell cell, FrameRecord r) {
        long now = System.nanoTime();
        if (lastCapture == Long.MIN_VALUE) {
            lastCapture = now - periodNanos;
            windowStart = now;
        }
        windowFrames++;
        if (r.policyStep()) {
            windowPolicySteps++;
            windowPolicyNanos += r.policyNanos();
            lastPolicyNanos = r.policyNanos();
        }
        long since = now - lastCapture;
        // A looking agent's frame is rendered on its policy steps: take those (unless they stop coming).
        if (since < periodNanos || r.view() != null && !r.policyStep() && since < 2 * periodNanos) {
            return;
        }
        double seconds = (now - windowStart) / 1e9;
        Capture c;
        try {
            EquirectFrame pano = settings.panorama() || r.view() != null ? cell.panorama().orElse(null) : null;
            c = new Capture(System.currentTimeMillis(), progress, r.frame(), 1 / cell.robot().period(), r.state().proprio(), r.gaze(),
                    cell.eye().state().target(), r.chunk() == null ? null : r.chunk().clone(), r.chunkAge(), r.stopped(), cell.success(), pano,
                    r.view(), cell.eye().pyramid(), seconds > 0 ? windowFrames / seconds : Double.NaN, lastPolicyNanos / 1e6,
                    windowPolicySteps > 0 ? windowPolicyNanos / 1e6 / windowPolicySteps : Double.NaN);
        } catch (RuntimeException e) {
            lastCapture = now;
            if (!captureFailed) {
                captureFailed = true; // the view never stops the run
                log.println("saccade run: live view: cannot take a snapshot at frame " + r.frame() + ": " + e + " (the run goes on)");
            }
            return;
        }
        if (slot.getAndSet(c) != null) {
            dropped.incrementAndGet();
        }
        LockSupport.unpark(writer);
        lastCapture = now;
        windowStart = now;
        windowFrames = 0;
        windowPolicySteps = 0;
        windowPolicyNanos = 0;
    }

    private void writeLoop() {
        while (true) {
            Capture c = slot.getAndSet(null);
            if (c != null) {
                write(snapshot(c));
                continue;
            }
            if (stopping) {
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(HEARTBEAT_MILLIS));
            if (slot.get() == null && !stopping && last != null && System.currentTimeMillis() - lastWrite >= HEARTBEAT_MILLIS) {
                last.put("time_ms", System.currentTimeMillis());
                write(last);
            }
        }
    }

    private void write(ObjectNode snapshot) {
        try {
            LiveEye.replace(file, Json.bytes(snapshot));
            last = snapshot;
            lastWrite = System.currentTimeMillis();
        } catch (IOException | RuntimeException e) {
            if (!failed) {
                failed = true;
                log.println("saccade run: live view: cannot write " + file + ": " + e.getMessage() + " (the run goes on)");
            }
        }
    }

    /** The snapshot of capture {@code c}, built on the writer's thread. */
    private ObjectNode snapshot(Capture c) {
        ObjectNode n = Json.object();
        n.put("sequence", ++sequence); // first: a reader tells snapshots apart by their first bytes (see version)
        n.setAll(c.progress().deepCopy());
        n.put("format", "saccade-live-run/1");
        n.put("state", RUNNING);
        n.put("time_ms", c.timeMs());
        n.put("frame", c.frame());
        if (c.frame() < 0) {
            return n; // started, no frame yet
        }
        n.put("fps", c.fps());
        n.put("time_s", c.frame() / c.fps());
        n.put("success_now", c.success());
        n.put("stopped", c.stopped());
        Json.number(n, "frames_per_s", c.framesPerSecond());
        Json.number(n, "policy_ms", c.policyMs());
        Json.number(n, "policy_mean_ms", c.policyMeanMs());
        n.putArray("gaze_deg").add(Math.toDegrees(c.gaze().yaw())).add(Math.toDegrees(c.gaze().pitch()));
        n.putArray("gaze_target_deg").add(Math.toDegrees(c.gazeTarget().yaw())).add(Math.toDegrees(c.gazeTarget().pitch()));
        ArrayNode fovs = n.putArray("fovs_deg");
        PyramidSpec.DEFAULT_FOVS_DEGREES.forEach(fovs::add);
        n.put("chunk_age", c.chunk() == null ? -1 : c.chunkAge());
        n.put("chunk_start", c.chunk() == null ? -1 : c.frame() - c.chunkAge());
        if (settings.camera().isPresent()) {
            CameraMount mount = settings.camera().get();
            n.set("tool0_deg", Json.matrix(DatasetSource.tool0Directions(new float[][] {c.joints()}, mount)).get(0));
            boolean finite = c.chunk() != null;
            for (int i = 0; finite && i < c.chunk().length; i++) {
                finite = Float.isFinite(c.chunk()[i]);
            }
            if (finite) {
                n.set("chunk", Json.matrix(DatasetSource.tool0Directions(c.chunk(), mount)));
            } else {
                n.putNull("chunk");
            }
        } else {
            n.putNull("tool0_deg");
            n.putNull("chunk");
        }
        if (c.panorama() != null) {
            n.put("panorama_width", c.panorama().width());
            n.put("panorama_height", c.panorama().height());
            n.put("panorama_jpeg", Base64.getEncoder().encodeToString(Jpeg.encode(c.panorama())));
        }
        float[] view = c.view();
        String viewSource = "the agent's pyramid at its last step";
        if (view == null && c.panorama() != null && c.spec() != null) {
            // The agent looks at no pixels (the scripted expert): show what an eye at its gaze sees.
            if (renderer == null || !renderer.spec().equals(c.spec())) {
                renderer = new PyramidRenderer(c.spec());
            }
            view = new float[c.spec().floatsPerPyramid()];
            renderer.render(MipChain.of(c.panorama()), c.gaze(), view, 0);
            viewSource = "rendered at the gaze for the viewer (the agent looks at no pixels)";
        }
        Optional<int[]> shape = view == null ? Optional.empty() : LiveEye.levels(view.length);
        if (shape.isPresent()) {
            n.put("view_png", Base64.getEncoder().encodeToString(Jpeg.png(Planes.sideBySide(view, 0, shape.get()[0], shape.get()[1]))));
            n.put("view_source", viewSource);
        }
        n.put("dropped", dropped.get());
        return n;
    }

    /**
     * The run is complete: the writer writes what it holds and stops, and the last snapshot, marked
     * {@code finished} with every regime's results, replaces the live one and is written into
     * {@code output} (the finished output directory about to replace the run directory), so the
     * finished run keeps it.
     */
    public void finish(Path output) throws IOException {
        stopWriter();
        ObjectNode end = Json.object();
        end.put("sequence", ++sequence);
        if (last != null) {
            end.setAll(last);
            end.put("sequence", sequence);
        }
        end.setAll(progressNode());
        end.put("format", "saccade-live-run/1");
        end.put("state", FINISHED);
        end.put("time_ms", System.currentTimeMillis());
        LiveEye.replace(file, Json.bytes(end));
        LiveEye.replace(output.resolve(FILE), Json.bytes(end));
        finished = true;
        removeHook();
    }

    private void stopWriter() {
        stopping = true;
        LockSupport.unpark(writer);
        try {
            writer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void removeHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // already shutting down: this is the hook
        }
    }

    /**
     * Stops the writer. A run that did not {@link #finish} leaves nothing: its live directory goes,
     * and the run directory too if this created it and nothing else is in it.
     */
    @Override
    public void close() {
        if (stopping && finished) {
            return;
        }
        stopWriter();
        if (finished) {
            return;
        }
        finished = true;
        removeHook();
        try {
            AtomicFiles.deleteRecursively(file.getParent());
            if (createdDir) {
                try (var entries = Files.list(dir)) {
                    if (entries.findAny().isEmpty()) {
                        Files.delete(dir);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            log.println("saccade run: live view: cannot remove " + file.getParent() + ": " + e.getMessage());
        }
    }

    // ---------------------------------------------------------------- reading (the viewer's side)

    /** Seconds without a new or refreshed snapshot after which a running run is shown as ended. */
    public static final long STALE_SECONDS = 10;

    /** Whether {@code dir} holds a live snapshot of a run. */
    static boolean isLive(Path dir) {
        return Files.isRegularFile(dir.resolve(FILE));
    }

    /**
     * The run's latest snapshot, or null if it has none now (not yet written, or the run directory
     * is being replaced by the finished output). Throws {@link InputException} naming the file when
     * it is not a snapshot (corrupt, cut short, not an object).
     */
    static ObjectNode read(Path runDir) {
        Path f = runDir.resolve(FILE);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(f);
        } catch (java.nio.file.NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new InputException(f, "cannot read: " + e.getMessage());
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new InputException(f, "not a live snapshot: not valid JSON: " + firstLine(e.getMessage()));
        }
        if (!(node instanceof ObjectNode o) || !o.path("state").isTextual() || !o.path("sequence").canConvertToLong()) {
            throw new InputException(f, "not a live snapshot: it needs an object with 'state' and 'sequence'");
        }
        return o;
    }

    /**
     * The snapshot as the page gets it: {@link #read} plus {@code age_s} (how old it is now),
     * {@code live} (running and refreshed within {@link #STALE_SECONDS}), and {@code recording}
     * (the finished run's dataset, when it is there).
     */
    static ObjectNode status(Path runDir, long nowMs) {
        ObjectNode o = read(runDir);
        if (o == null) {
            o = Json.object();
            o.put("state", "missing");
            o.put("live", false);
        } else {
            double age = Math.max(0, (nowMs - o.path("time_ms").asLong(nowMs)) / 1000.0);
            o.put("age_s", age);
            o.put("live", o.path("state").asText().equals(RUNNING) && age <= STALE_SECONDS);
        }
        Path recording = runDir.resolve("dataset");
        if (Files.isRegularFile(recording.resolve("meta").resolve("info.json"))) {
            o.put("recording", recording.toString());
        }
        o.put("dir", runDir.toString());
        o.put("name", runDir.getFileName().toString());
        return o;
    }

    /** What changes when the run's snapshot is written ({@link LiveEye#snapshotVersion}). */
    static String version(Path runDir) {
        return LiveEye.snapshotVersion(runDir.resolve(FILE));
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
