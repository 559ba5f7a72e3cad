package dev.saccade.data.lerobot;

import com.fasterxml.jackson.databind.JsonNode;
import dev.saccade.core.InputException;
import dev.saccade.data.Features;
import dev.saccade.data.video.VideoDecoder;
import dev.saccade.data.video.VideoInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks a dataset against LeRobot v3.0 and against itself: schema, totals, the episode table's
 * offsets, every data row (indices, monotonic timestamps on the fps grid, finite values of the
 * right length), every video (size, one frame per row at the expected time, no stray frames; the
 * first and last frame of each episode decode) and the statistics. Each problem names its file and
 * the episode and frame it is in.
 */
public final class DatasetCheck {
    /** One problem: the file it is in and what is wrong (which starts with the place, e.g. "episode 3 frame 17: ..."). */
    public record Problem(Path file, String message) {
        @Override
        public String toString() {
            return file + ": " + message;
        }
    }

    /** LeRobot's default tolerance between a frame's timestamp and the video's ({@code tolerance_s = 1e-4}). */
    public static final double TOLERANCE_S = 1e-4;
    /** Problems listed per file before the rest are summarised, so one broken column does not flood the output. */
    static final int MAX_PER_FILE = 20;

    private final List<Problem> problems = new ArrayList<>();
    private final Map<Path, Integer> perFile = new HashMap<>();
    private final boolean decodeAll;

    private DatasetCheck(boolean decodeAll) {
        this.decodeAll = decodeAll;
    }

    /** Checks the dataset at {@code dir} and returns every problem found (empty if it is sound). */
    public static List<Problem> check(Path dir) {
        return check(dir, false);
    }

    /**
     * Checks the dataset at {@code dir}; with {@code decodeAll} every video frame is decoded too
     * (slow: about as long as playing the videos), which finds damage inside a file that leaves its
     * index intact. Without it only each episode's first and last frame are decoded.
     */
    public static List<Problem> check(Path dir, boolean decodeAll) {
        DatasetCheck c = new DatasetCheck(decodeAll);
        c.run(dir.toAbsolutePath().normalize());
        return c.result();
    }

    private List<Problem> result() {
        List<Problem> out = new ArrayList<>(problems);
        perFile.forEach((file, n) -> {
            if (n > MAX_PER_FILE) {
                out.add(new Problem(file, (n - MAX_PER_FILE) + " more problems not listed"));
            }
        });
        return out;
    }

    private void problem(Path file, String message) {
        int n = perFile.merge(file, 1, Integer::sum);
        if (n <= MAX_PER_FILE) {
            problems.add(new Problem(file, message));
        }
    }

    private void run(Path root) {
        LeRobotDataset ds;
        try {
            ds = LeRobotDataset.open(root);
        } catch (InputException e) {
            problem(e.file().orElse(root), e.getMessage());
            return;
        }
        try (ds) {
            DatasetInfo info = ds.info();
            Path infoFile = root.resolve(Layout.INFO);
            try {
                info.requireJointFeatures(infoFile);
            } catch (InputException e) {
                problem(infoFile, e.getMessage());
            }
            if (ds.tasks().size() != info.totalTasks()) {
                problem(infoFile, "total_tasks is " + info.totalTasks() + " but meta/tasks.parquet has " + ds.tasks().size());
            }
            checkEpisodeTable(ds, infoFile);
            Map<Path, List<EpisodeMeta>> byData = new LinkedHashMap<>();
            Map<Path, List<EpisodeMeta>> byVideo = new LinkedHashMap<>();
            for (EpisodeMeta m : ds.episodeMetas()) {
                byData.computeIfAbsent(m.dataFile(), k -> new ArrayList<>()).add(m);
                byVideo.computeIfAbsent(m.videoFile(), k -> new ArrayList<>()).add(m);
            }
            try (Db db = Db.open()) {
                byData.forEach((file, eps) -> checkDataFile(db, ds, file, eps));
            }
            byVideo.forEach((file, eps) -> checkVideoFile(ds, file, eps));
            checkStats(ds, root.resolve(Layout.STATS));
        }
    }

    private void checkEpisodeTable(LeRobotDataset ds, Path infoFile) {
        Path table = ds.root().resolve(Layout.EPISODES_DIR);
        long expectedFrom = 0;
        long total = 0;
        for (EpisodeMeta m : ds.episodeMetas()) {
            String where = "episode " + m.index() + ": ";
            if (m.length() <= 0) {
                problem(table, where + "length is " + m.length());
            }
            if (m.from() != expectedFrom) {
                problem(table, where + "dataset_from_index is " + m.from() + ", expected " + expectedFrom);
            }
            if (m.to() - m.from() != m.length()) {
                problem(table, where + "dataset_to_index - dataset_from_index is " + (m.to() - m.from()) + " but length is " + m.length());
            }
            for (String task : m.tasks()) {
                if (!ds.tasks().contains(task)) {
                    problem(table, where + "task \"" + task + "\" is not in meta/tasks.parquet");
                }
            }
            expectedFrom = m.to();
            total += m.length();
        }
        if (total != ds.info().totalFrames()) {
            problem(infoFile, "total_frames is " + ds.info().totalFrames() + " but the episodes hold " + total);
        }
    }

    private void checkDataFile(Db db, LeRobotDataset ds, Path file, List<EpisodeMeta> episodes) {
        if (!Files.isRegularFile(file)) {
            problem(file, "no such file (episodes " + indices(episodes) + " are stored in it)");
            return;
        }
        List<VectorFeature> vectors = ds.info().vectors();
        Map<String, String> types = new HashMap<>();
        try (Statement s = db.connection.createStatement();
             ResultSet r = s.executeQuery("DESCRIBE SELECT * FROM read_parquet(" + Db.path(file) + ")")) {
            while (r.next()) {
                types.put(r.getString(1), r.getString(2));
            }
        } catch (SQLException e) {
            problem(file, "not a readable parquet file: " + LeRobotDataset.firstLine(e));
            return;
        }
        boolean columnsOk = true;
        for (VectorFeature v : vectors) {
            columnsOk &= expectType(file, types, v.key(), "FLOAT[]", "FLOAT[" + v.size() + "]");
        }
        columnsOk &= expectType(file, types, Features.TIMESTAMP, "FLOAT");
        for (String key : DatasetInfo.INDEX_FEATURES.subList(1, DatasetInfo.INDEX_FEATURES.size())) {
            columnsOk &= expectType(file, types, key, "BIGINT");
        }
        if (!columnsOk) {
            return;
        }
        Map<Long, EpisodeMeta> byIndex = new HashMap<>();
        episodes.forEach(m -> byIndex.put((long) m.index(), m));
        Map<Long, Integer> rowsSeen = new HashMap<>();
        StringBuilder cols = new StringBuilder();
        for (VectorFeature v : vectors) {
            cols.append(Db.id(v.key())).append(", ");
        }
        String sql = "SELECT " + cols + "timestamp, frame_index, episode_index, \"index\", task_index FROM read_parquet("
                + Db.path(file) + ") ORDER BY episode_index, frame_index";
        double fps = ds.fps();
        try (Statement s = db.connection.createStatement(); ResultSet r = s.executeQuery(sql)) {
            long lastEpisode = -1;
            float lastTs = Float.NEGATIVE_INFINITY;
            int expectedFrame = 0;
            while (r.next()) {
                int col = vectors.size() + 1;
                float ts = r.getFloat(col);
                long frame = r.getLong(col + 1);
                long episode = r.getLong(col + 2);
                long index = r.getLong(col + 3);
                long task = r.getLong(col + 4);
                EpisodeMeta m = byIndex.get(episode);
                String where = "episode " + episode + " frame " + frame + ": ";
                if (m == null) {
                    if (episode != lastEpisode) {
                        problem(file, "episode " + episode + ": rows of an episode that meta/episodes does not place in this file");
                    }
                    lastEpisode = episode;
                    continue;
                }
                if (episode != lastEpisode) {
                    lastEpisode = episode;
                    lastTs = Float.NEGATIVE_INFINITY;
                    expectedFrame = 0;
                }
                rowsSeen.merge(episode, 1, Integer::sum);
                if (frame != expectedFrame) {
                    problem(file, where + "frame_index " + frame + " where " + expectedFrame + " was expected");
                }
                expectedFrame = (int) frame + 1;
                if (index != m.from() + frame) {
                    problem(file, where + "index is " + index + ", expected " + (m.from() + frame));
                }
                if (task < 0 || task >= ds.tasks().size()) {
                    problem(file, where + "task_index " + task + " is not in meta/tasks.parquet");
                }
                if (!Float.isFinite(ts)) {
                    problem(file, where + "timestamp is " + ts);
                } else {
                    if (ts <= lastTs) {
                        problem(file, where + "timestamp " + ts + " does not increase (previous " + lastTs + ")");
                    }
                    if (Math.abs(ts - frame / fps) > TOLERANCE_S) {
                        problem(file, where + String.format(Locale.ROOT, "timestamp %.6f is off the %s fps grid (expected %.6f)",
                                ts, ds.fps(), frame / fps));
                    }
                    lastTs = ts;
                }
                for (int i = 0; i < vectors.size(); i++) {
                    checkVector(file, where, vectors.get(i), r.getArray(i + 1));
                }
            }
        } catch (SQLException e) {
            problem(file, "cannot read rows: " + LeRobotDataset.firstLine(e));
            return;
        }
        for (EpisodeMeta m : episodes) {
            int n = rowsSeen.getOrDefault((long) m.index(), 0);
            if (n != m.length()) {
                problem(file, "episode " + m.index() + ": " + n + " rows but meta/episodes gives length " + m.length());
            }
        }
    }

    private void checkVector(Path file, String where, VectorFeature v, Array array) throws SQLException {
        if (array == null) {
            problem(file, where + v.key() + " is null");
            return;
        }
        Object[] items = (Object[]) array.getArray();
        if (items.length != v.size()) {
            problem(file, where + v.key() + " has " + items.length + " components, expected " + v.size());
            return;
        }
        for (int k = 0; k < items.length; k++) {
            float x = items[k] == null ? Float.NaN : ((Number) items[k]).floatValue();
            if (!Float.isFinite(x)) {
                problem(file, where + v.key() + "." + v.names().get(k) + " is " + (items[k] == null ? "null" : x));
            }
        }
    }

    private boolean expectType(Path file, Map<String, String> types, String column, String... allowed) {
        String t = types.get(column);
        if (t == null) {
            problem(file, "column " + column + " is missing");
            return false;
        }
        for (String a : allowed) {
            if (a.equals(t)) {
                return true;
            }
        }
        problem(file, "column " + column + " has type " + t + ", expected " + allowed[0]);
        return false;
    }

    private void checkVideoFile(LeRobotDataset ds, Path file, List<EpisodeMeta> episodes) {
        if (!Files.isRegularFile(file)) {
            problem(file, "no such file (episodes " + indices(episodes) + " are stored in it)");
            return;
        }
        VideoInfo v;
        try {
            v = VideoInfo.probe(file);
        } catch (InputException e) {
            problem(file, e.getMessage());
            return;
        }
        DatasetInfo info = ds.info();
        if (v.width() != info.width() || v.height() != info.height()) {
            problem(file, "video is " + v.width() + "×" + v.height() + " but info.json says " + info.width() + "×" + info.height());
        }
        double fps = ds.fps();
        int covered = 0;
        for (EpisodeMeta m : episodes) {
            String where = "episode " + m.index();
            double span = m.toSeconds() - m.fromSeconds();
            if (Math.abs(span - m.length() / fps) > 0.5 / fps) {
                problem(file, where + String.format(Locale.ROOT, ": from_timestamp %.4f to to_timestamp %.4f span %.4f s, but %d frames at %s fps take %.4f s",
                        m.fromSeconds(), m.toSeconds(), span, m.length(), ds.fps(), m.length() / fps));
            }
            int inSpan = v.framesBetween(m.fromSeconds(), m.toSeconds(), 0.5 / fps);
            covered += inSpan;
            if (inSpan != m.length()) {
                problem(file, where + ": " + inSpan + " video frames between " + m.fromSeconds() + " s and " + m.toSeconds()
                        + " s but " + m.length() + " rows");
            }
            int missing = 0;
            for (int k = 0; k < m.length(); k++) {
                double t = m.fromSeconds() + k / fps;
                double nearest = nearest(v.frameTimes(), t);
                if (Math.abs(nearest - t) > TOLERANCE_S) {
                    if (missing++ < 3) {
                        problem(file, where + " frame " + k + String.format(Locale.ROOT,
                                ": no video frame at %.4f s (nearest at %.4f s)", t, nearest));
                    }
                }
            }
            if (missing == 0) {
                checkDecodes(file, m, fps);
            }
        }
        if (covered != v.frames()) {
            problem(file, v.frames() + " video frames but the episodes stored in it account for " + covered);
        }
    }

    private void checkDecodes(Path file, EpisodeMeta m, double fps) {
        int k = 0;
        try (VideoDecoder d = VideoDecoder.open(file, VideoDecoder.Mode.RANDOM_ACCESS)) {
            if (decodeAll) {
                for (; k < m.length(); k++) {
                    d.frameAt(m.fromSeconds() + k / fps);
                }
            } else {
                d.frameAt(m.fromSeconds());
                k = m.length() - 1;
                d.frameAt(m.fromSeconds() + k / fps);
            }
        } catch (InputException e) {
            problem(file, "episode " + m.index() + " frame " + k + ": " + e.getMessage());
        }
    }

    private static double nearest(double[] sorted, double t) {
        int i = java.util.Arrays.binarySearch(sorted, t);
        if (i >= 0) {
            return sorted[i];
        }
        int hi = -i - 1;
        if (hi == 0) {
            return sorted.length == 0 ? Double.NaN : sorted[0];
        }
        if (hi == sorted.length) {
            return sorted[hi - 1];
        }
        return t - sorted[hi - 1] <= sorted[hi] - t ? sorted[hi - 1] : sorted[hi];
    }

    private void checkStats(LeRobotDataset ds, Path file) {
        if (!Files.isRegularFile(file)) {
            problem(file, "no such file");
            return;
        }
        JsonNode o;
        try {
            o = DatasetInfo.JSON.readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            problem(file, dev.saccade.data.JsonErrors.place(e) + "not valid JSON: " + e.getOriginalMessage());
            return;
        } catch (IOException e) {
            problem(file, "cannot read: " + e.getMessage());
            return;
        }
        for (Map.Entry<String, DatasetInfo.Feature> f : ds.info().features().entrySet()) {
            String key = f.getKey();
            JsonNode s = o.get(key);
            if (s == null) {
                problem(file, key + ": no statistics");
                continue;
            }
            boolean image = f.getValue().dtype().equals("video");
            int size = image ? 3 : f.getValue().size();
            try {
                FeatureStats stats = FeatureStats.fromJson(s, image);
                for (String stat : List.of("min", "max", "mean", "std")) {
                    double[] values = stats.values(stat);
                    if (values.length != size) {
                        problem(file, key + "." + stat + ": " + values.length + " values, expected " + size);
                    }
                    for (double x : values) {
                        if (!Double.isFinite(x)) {
                            problem(file, key + "." + stat + ": " + x);
                            break;
                        }
                    }
                }
                if (stats.count() <= 0) {
                    problem(file, key + ".count: " + stats.count());
                }
            } catch (RuntimeException e) {
                problem(file, key + ": malformed statistics (" + e.getMessage() + ")");
            }
        }
    }

    private static String indices(List<EpisodeMeta> episodes) {
        return episodes.stream().map(m -> Integer.toString(m.index())).reduce((a, b) -> a + ", " + b).orElse("");
    }

    /** One line describing the dataset at {@code dir}: episodes, frames, tasks (the CLI's success line). */
    public static String summary(Path dir) {
        try (LeRobotDataset ds = LeRobotDataset.open(dir)) {
            return ds.episodes() + " episodes, " + ds.frames() + " frames, " + ds.tasks().size() + " tasks";
        }
    }
}
