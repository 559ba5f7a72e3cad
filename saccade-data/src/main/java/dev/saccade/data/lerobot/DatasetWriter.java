package dev.saccade.data.lerobot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.saccade.core.AtomicFiles;
import dev.saccade.core.InputException;
import dev.saccade.core.SaccadeOutput;
import dev.saccade.data.Features;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Writes a LeRobot v3.0 dataset, never leaving a corrupt one behind.
 *
 * <p><b>How it stays whole.</b> Episodes are recorded into a hidden staging directory next to the
 * dataset ({@code .NAME.saccade-partial}); {@link #finish()} assembles the complete dataset there
 * (appending reuses the old files through hard links and rewrites only the files that grow) and
 * then renames it into place. Until that rename the target is untouched: an interrupted run (an
 * exception, Ctrl-C, a crash) leaves either no dataset or the previous one. Committed episodes
 * survive in the staging area, and {@code open(..., resume = true)} picks them up, so a long
 * generation continues where it stopped. {@link #abort()} discards the staging area.
 *
 * <p><b>Feeding it.</b> {@link #beginEpisode(String)} (next index) or {@link #beginEpisode(int, String)}
 * (explicit index, for generators that run episodes in parallel and want the same dataset whatever
 * the scheduling) returns an {@link EpisodeWriter} that takes frames one at a time. This class is
 * thread-safe; each episode writer belongs to one thread.
 */
public final class DatasetWriter implements AutoCloseable {
    /** What to do with an existing dataset at the target. */
    public enum Mode {
        /** The target must not exist (or be an empty directory). */
        CREATE,
        /** An existing dataset at the target is replaced at {@link #finish()}. */
        OVERWRITE,
        /** Episodes are added to the existing dataset, or a new one is created if there is none. */
        APPEND
    }

    private static final String STATE = "state.json";
    private static final String EPISODES = "episodes";

    private final Path target;
    private final Path staging;
    private WriterLock lock;
    private final DatasetSpec spec;
    private final DatasetInfo base;
    private final int baseEpisodes;
    private final TreeMap<Integer, Committed> committed = new TreeMap<>();
    private final Set<Integer> open = new HashSet<>();
    private int nextIndex;
    private boolean finished;
    private boolean closed;

    /** An episode whose video, rows and statistics are complete in the staging area. */
    record Committed(int index, String task, int length, Map<String, FeatureStats> stats, Path video, Path rows) {}

    private DatasetWriter(Path target, Path staging, DatasetSpec spec, DatasetInfo base) {
        this.target = target;
        this.staging = staging;
        this.spec = spec;
        this.base = base;
        this.baseEpisodes = base == null ? 0 : base.totalEpisodes();
        this.nextIndex = baseEpisodes;
    }

    /** Starts a new dataset at {@code dir}, which must not exist yet (or be empty). */
    public static DatasetWriter create(Path dir, DatasetSpec spec) throws IOException {
        return open(dir, spec, Mode.CREATE, false);
    }

    /** Adds episodes to the dataset at {@code dir}, creating it if absent. */
    public static DatasetWriter append(Path dir, DatasetSpec spec) throws IOException {
        return open(dir, spec, Mode.APPEND, false);
    }

    /**
     * Opens a writer for {@code dir}.
     *
     * @param resume keep the episodes an interrupted writer with the same target, mode and spec
     *               committed; otherwise a leftover staging area is discarded
     */
    public static DatasetWriter open(Path dir, DatasetSpec spec, Mode mode, boolean resume) throws IOException {
        Path target = dir.toAbsolutePath().normalize();
        Path parent = target.getParent();
        AtomicFiles.createDirectories(parent);
        Path old = sibling(target, "saccade-old");
        if (!Files.exists(target) && Files.isDirectory(old)) {
            // A previous finish() stopped between its two renames: put the old dataset back.
            Files.move(old, target, StandardCopyOption.ATOMIC_MOVE);
        }
        boolean exists = Files.exists(target) && !AtomicFiles.isEmptyDirectory(target);
        if (exists && !Files.isDirectory(target)) {
            throw new InputException(target, "exists and is not a directory");
        }
        DatasetInfo base = null;
        if (exists && mode == Mode.CREATE) {
            if (resume) {
                // A run killed between finishing's rename and its clean-up left its staging area; the dataset is whole.
                WriterLock lock = WriterLock.acquire(target, sibling(target, "saccade-lock"));
                try {
                    AtomicFiles.deleteRecursively(sibling(target, "saccade-partial"));
                } finally {
                    lock.release();
                }
            }
            throw new InputException(target, "already exists; choose another directory, or overwrite or append to it");
        }
        if (exists && mode == Mode.OVERWRITE) {
            SaccadeOutput.requireReplaceable(target, "--overwrite"); // checked before anything is staged or locked
        }
        if (exists && mode == Mode.APPEND) {
            base = DatasetInfo.read(target);
            requireCompatible(target, base, spec);
            DatasetSpec asked = spec;
            spec = base.spec(spec.video());
            if (base.camera().isEmpty() && asked.camera().isPresent()) { // a calibration given later is recorded
                spec = spec.withCamera(asked.camera().get());
            }
        }
        Path staging = sibling(target, "saccade-partial");
        DatasetWriter w = new DatasetWriter(target, staging, spec, base);
        w.lock = WriterLock.acquire(target, sibling(target, "saccade-lock"));
        try {
            w.prepare(mode, resume);
        } catch (IOException | RuntimeException e) {
            w.lock.release();
            throw e;
        }
        return w;
    }

    private void prepare(Mode mode, boolean resume) throws IOException {
        DatasetWriter w = this;
        ObjectNode state = w.stateJson(mode);
        Path stateFile = staging.resolve(STATE);
        boolean reuse = false;
        if (resume && Files.isRegularFile(stateFile)) {
            JsonNode previous = DatasetInfo.JSON.readTree(stateFile.toFile());
            // Compare as parsed JSON on both sides, so number node types (int or long) do not matter.
            reuse = DatasetInfo.JSON.readTree(DatasetInfo.JSON.writeValueAsString(state)).equals(previous);
        }
        if (!reuse) {
            AtomicFiles.deleteRecursively(staging);
            Files.createDirectories(staging.resolve(EPISODES));
            AtomicFiles.writeString(stateFile, DatasetInfo.JSON.writeValueAsString(state));
        } else {
            w.loadCommitted();
        }
    }

    private static Path sibling(Path target, String suffix) {
        return target.resolveSibling("." + target.getFileName() + "." + suffix);
    }

    private static String describe(dev.saccade.data.robot.CameraMount m) {
        return "position " + m.positionList() + " m, orientation " + m.orientationDegrees() + "°";
    }

    private static void requireCompatible(Path target, DatasetInfo base, DatasetSpec spec) {
        Path info = target.resolve(Layout.INFO);
        if (!base.dataPath().equals(Layout.DATA_PATH) || !base.videoPath().equals(Layout.VIDEO_PATH)) {
            throw new InputException(info, "data_path/video_path: only LeRobot's default path templates can be appended to, got "
                    + base.dataPath() + " and " + base.videoPath());
        }
        if (base.camera().isPresent() && spec.camera().isPresent() && !base.camera().equals(spec.camera())) {
            throw new InputException(info, "saccade.camera_position_base: the dataset's camera is calibrated as "
                    + describe(base.camera().get()) + " but the new episodes give " + describe(spec.camera().get())
                    + "; one dataset holds one rig's calibration");
        }
        if (base.fps() != spec.fps()) {
            throw new InputException(info, "fps: the dataset has " + base.fps() + " fps but the new episodes have " + spec.fps());
        }
        if (base.width() != spec.width() || base.height() != spec.height()) {
            throw new InputException(info, "features." + Features.PANO + ": the dataset's video is " + base.width() + "×"
                    + base.height() + " but the new episodes are " + spec.width() + "×" + spec.height());
        }
        List<String> have = base.vectors().stream().map(VectorFeature::key).toList();
        List<String> want = spec.vectors().stream().map(VectorFeature::key).toList();
        if (!have.equals(want)) {
            throw new InputException(info, "features: the dataset has " + have + " but the new episodes have " + want);
        }
    }

    private ObjectNode stateJson(Mode mode) {
        ObjectNode o = DatasetInfo.JSON.createObjectNode();
        o.put("target", target.toString());
        o.put("mode", mode.name());
        o.set("info", DatasetInfo.toJson(spec, 0, 0, 0));
        o.put("video_bits_per_pixel", spec.video().bitsPerPixel());
        o.put("base_episodes", baseEpisodes);
        o.put("base_frames", base == null ? 0 : base.totalFrames());
        return o;
    }

    /** Reads the markers of episodes committed before an interruption; drops half-written ones. */
    private void loadCommitted() throws IOException {
        Path dir = staging.resolve(EPISODES);
        Files.createDirectories(dir);
        Set<Path> keep = new HashSet<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path marker : files.filter(p -> p.getFileName().toString().endsWith(".json")).toList()) {
                JsonNode m = DatasetInfo.JSON.readTree(marker.toFile());
                int index = m.path("episode_index").asInt(-1);
                Path video = videoFile(index);
                if (index < baseEpisodes || !marker.equals(markerFile(video)) || !Files.isRegularFile(video)
                        || !Files.isRegularFile(rowsFile(video))) {
                    continue;
                }
                committed.put(index, new Committed(index, m.path("task").asText(), m.path("length").asInt(),
                        readStats(m.path("stats")), video, rowsFile(video)));
                keep.addAll(List.of(marker, video, rowsFile(video)));
            }
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                if (!keep.contains(p)) {
                    Files.delete(p);
                }
            }
        }
        if (!committed.isEmpty()) {
            nextIndex = Math.max(nextIndex, committed.lastKey() + 1);
        }
    }

    private static Map<String, FeatureStats> readStats(JsonNode stats) {
        Map<String, FeatureStats> out = new java.util.LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = stats.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), FeatureStats.fromJson(e.getValue(), e.getKey().equals(Features.PANO)));
        }
        return out;
    }

    Path videoFile(int index) {
        return staging.resolve(EPISODES).resolve(String.format("episode-%06d.mp4", index));
    }

    static Path rowsFile(Path video) {
        return video.resolveSibling(video.getFileName().toString().replace(".mp4", ".rows"));
    }

    static Path markerFile(Path video) {
        return video.resolveSibling(video.getFileName().toString().replace(".mp4", ".json"));
    }

    /** The spec episodes must follow (for an append: the existing dataset's). */
    public DatasetSpec spec() {
        return spec;
    }

    /** The dataset directory this writer produces. */
    public Path target() {
        return target;
    }

    /** Episodes the dataset had before this writer (0 for a new dataset). */
    public int baseEpisodes() {
        return baseEpisodes;
    }

    /** Indices of the episodes committed so far, including those resumed from an interrupted run. */
    public synchronized Set<Integer> committedEpisodes() {
        return Set.copyOf(committed.keySet());
    }

    /** Starts the episode after the highest one begun or committed so far. */
    public synchronized EpisodeWriter beginEpisode(String task) throws IOException {
        while (open.contains(nextIndex) || committed.containsKey(nextIndex)) {
            nextIndex++;
        }
        return beginEpisode(nextIndex, task);
    }

    /**
     * Starts episode {@code index}; indices must end up contiguous from {@link #baseEpisodes()} when
     * {@link #finish()} runs.
     */
    public synchronized EpisodeWriter beginEpisode(int index, String task) throws IOException {
        requireOpen();
        if (index < baseEpisodes) {
            throw new IllegalArgumentException("episode " + index + " already exists in " + target);
        }
        if (open.contains(index) || committed.containsKey(index)) {
            throw new IllegalStateException("episode " + index + " is already " + (open.contains(index) ? "being written" : "committed"));
        }
        Objects.requireNonNull(task, "task");
        if (task.isBlank() || task.contains("\n")) {
            throw new IllegalArgumentException("a task is one non-empty line, got '" + task + "'");
        }
        EpisodeWriter e = new EpisodeWriter(this, spec, index, task, videoFile(index));
        open.add(index);
        nextIndex = Math.max(nextIndex, index + 1);
        return e;
    }

    synchronized void committed(EpisodeWriter e) throws IOException {
        open.remove(e.index());
        Path video = videoFile(e.index());
        JsonNode m = DatasetInfo.JSON.readTree(markerFile(video).toFile());
        committed.put(e.index(), new Committed(e.index(), e.task(), e.frames(), readStats(m.path("stats")), video, rowsFile(video)));
    }

    synchronized void discarded(EpisodeWriter e) {
        open.remove(e.index());
    }

    /**
     * Assembles the dataset from the committed episodes and renames it into place; returns its info.
     * Every begun episode must be committed or closed, and the committed indices must run without
     * gaps from {@link #baseEpisodes()}.
     */
    public synchronized DatasetInfo finish() throws IOException {
        requireOpen();
        if (!open.isEmpty()) {
            throw new IllegalStateException("episodes " + open + " are still being written");
        }
        List<Committed> episodes = new ArrayList<>(committed.values());
        if (episodes.isEmpty() && base == null) {
            throw new IllegalStateException("no episodes to write to " + target);
        }
        for (int i = 0; i < episodes.size(); i++) {
            if (episodes.get(i).index() != baseEpisodes + i) {
                throw new IllegalStateException("episode " + (baseEpisodes + i) + " is missing: committed are " + committed.keySet());
            }
        }
        Path out = staging.resolve("dataset");
        AtomicFiles.deleteRecursively(out);
        Files.createDirectories(out);
        try (Db db = Db.open()) {
            new Assembly(spec, base == null ? null : target, base, episodes, out, db).run();
        }
        Path old = sibling(target, "saccade-old");
        AtomicFiles.deleteRecursively(old);
        if (Files.exists(target)) {
            Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
            Files.move(out, target, StandardCopyOption.ATOMIC_MOVE);
            AtomicFiles.deleteRecursively(old);
        } else {
            Files.move(out, target, StandardCopyOption.ATOMIC_MOVE);
        }
        finished = true;
        AtomicFiles.deleteRecursively(staging);
        lock.release();
        return DatasetInfo.read(target);
    }

    /** Discards everything this writer staged, including committed episodes. */
    public synchronized void abort() throws IOException {
        closed = true;
        AtomicFiles.deleteRecursively(staging);
        lock.release();
    }

    /**
     * Ends the writer. Without {@link #finish()}, committed episodes stay in the staging area so a
     * writer opened with {@code resume} can continue; the target is never touched.
     */
    @Override
    public synchronized void close() {
        closed = true;
        lock.release();
    }

    private void requireOpen() {
        if (finished || closed) {
            throw new IllegalStateException("writer for " + target + " is " + (finished ? "finished" : "closed"));
        }
    }

}
