package dev.saccade.data.lerobot;

import com.fasterxml.jackson.databind.JsonNode;
import dev.saccade.core.InputException;
import dev.saccade.data.Features;
import dev.saccade.data.video.FrameCache;
import dev.saccade.data.video.FrameSource;
import dev.saccade.data.video.VideoDecoder;
import dev.saccade.sphere.EquirectFrame;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Reads a LeRobot v3.0 dataset: its info, tasks and episode table at {@link #open}, an episode's
 * arrays on demand ({@link #read}), and its video frames through a {@link FrameSource} (random
 * access, cached, thread-safe) or a {@link FrameStream} (one episode in order, fastest).
 *
 * <p>Thread-safe. Close it to release its parquet engine; frame sources it made have their own
 * lifetime.
 */
public final class LeRobotDataset implements AutoCloseable {
    private final Path root;
    private final DatasetInfo info;
    private final List<String> tasks;
    private final List<EpisodeMeta> episodes;
    private final Db db;

    private LeRobotDataset(Path root, DatasetInfo info, List<String> tasks, List<EpisodeMeta> episodes, Db db) {
        this.root = root;
        this.info = info;
        this.tasks = List.copyOf(tasks);
        this.episodes = List.copyOf(episodes);
        this.db = db;
    }

    /**
     * Opens the dataset at {@code dir}: validates info.json and reads the task and episode tables.
     * Throws {@link InputException} naming the file and place of the first problem.
     */
    public static LeRobotDataset open(Path dir) {
        Path root = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            throw new InputException(root, Files.exists(root) ? "not a directory" : "no such directory");
        }
        DatasetInfo info = DatasetInfo.read(root);
        Db db = Db.open();
        try {
            List<String> tasks = readTasks(root, db);
            List<EpisodeMeta> episodes = readEpisodes(root, info, db);
            return new LeRobotDataset(root, info, tasks, episodes, db);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    private static List<String> readTasks(Path root, Db db) {
        Path file = root.resolve(Layout.TASKS);
        if (!Files.isRegularFile(file)) {
            throw new InputException(file, "no such file");
        }
        List<String> tasks = new ArrayList<>();
        String sql = "SELECT task_index, task FROM read_parquet(" + Db.path(file) + ") ORDER BY task_index";
        try (Statement s = db.connection.createStatement(); ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                if (r.getLong(1) != tasks.size()) {
                    throw new InputException(file, "task_index " + r.getLong(1) + " where " + tasks.size() + " was expected");
                }
                tasks.add(r.getString(2));
            }
        } catch (SQLException e) {
            throw new InputException(file, "cannot read tasks (columns task_index, task): " + firstLine(e), e);
        }
        return tasks;
    }

    private static List<EpisodeMeta> readEpisodes(Path root, DatasetInfo info, Db db) {
        Path dir = root.resolve(Layout.EPISODES_DIR);
        if (!Files.isDirectory(dir)) {
            throw new InputException(dir, "no such directory");
        }
        String v = "videos/" + Features.PANO + "/";
        String sql = "SELECT episode_index, tasks, length, dataset_from_index, dataset_to_index, \"data/chunk_index\", "
                + "\"data/file_index\", " + Db.id(v + "chunk_index") + ", " + Db.id(v + "file_index") + ", "
                + Db.id(v + "from_timestamp") + ", " + Db.id(v + "to_timestamp")
                + " FROM read_parquet(" + Db.str(dir + "/*/*.parquet") + ", union_by_name = true) ORDER BY episode_index";
        List<EpisodeMeta> out = new ArrayList<>();
        try (Statement s = db.connection.createStatement(); ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                int index = r.getInt(1);
                if (index != out.size()) {
                    throw new InputException(dir, "episode_index " + index + " where " + out.size() + " was expected");
                }
                List<String> tasks = new ArrayList<>();
                for (Object t : (Object[]) r.getArray(2).getArray()) {
                    tasks.add(String.valueOf(t));
                }
                Path data = root.resolve(Layout.format(info.dataPath(), null, r.getInt(6), r.getInt(7)));
                Path video = root.resolve(Layout.format(info.videoPath(), Features.PANO, r.getInt(8), r.getInt(9)));
                out.add(new EpisodeMeta(index, tasks, r.getInt(3), r.getLong(4), r.getLong(5), data, video,
                        r.getDouble(10), r.getDouble(11)));
            }
        } catch (SQLException e) {
            throw new InputException(dir, "cannot read the episode table: " + firstLine(e), e);
        }
        if (out.size() != info.totalEpisodes()) {
            throw new InputException(root.resolve(Layout.INFO), "total_episodes is " + info.totalEpisodes()
                    + " but meta/episodes lists " + out.size());
        }
        return out;
    }

    static String firstLine(Exception e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** The dataset directory. */
    public Path root() {
        return root;
    }

    /** meta/info.json. */
    public DatasetInfo info() {
        return info;
    }

    /** Frames per second. */
    public int fps() {
        return info.fps();
    }

    /** Number of episodes. */
    public int episodes() {
        return episodes.size();
    }

    /** Number of frames in all episodes. */
    public long frames() {
        return info.totalFrames();
    }

    /** Task strings by task index. */
    public List<String> tasks() {
        return tasks;
    }

    /** Where episode {@code e} is stored. */
    public EpisodeMeta episode(int e) {
        if (e < 0 || e >= episodes.size()) {
            throw new IndexOutOfBoundsException("episode " + e + " of " + episodes.size());
        }
        return episodes.get(e);
    }

    /** Every episode's metadata, in index order. */
    public List<EpisodeMeta> episodeMetas() {
        return episodes;
    }

    /** Reads the arrays of episode {@code e} from its data file. */
    public synchronized Episode read(int e) {
        EpisodeMeta m = episode(e);
        List<VectorFeature> vectors = info.vectors();
        StringBuilder cols = new StringBuilder();
        for (VectorFeature v : vectors) {
            cols.append(Db.id(v.key())).append(", ");
        }
        String sql = "SELECT " + cols + "timestamp, frame_index, task_index FROM read_parquet(" + Db.path(m.dataFile())
                + ") WHERE episode_index = " + e + " ORDER BY frame_index";
        float[] ts = new float[m.length()];
        Map<String, float[][]> values = new LinkedHashMap<>();
        for (VectorFeature v : vectors) {
            values.put(v.key(), new float[m.length()][]);
        }
        int n = 0;
        int taskIndex = -1;
        try (Statement s = db.connection.createStatement(); ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                if (n >= m.length()) {
                    throw new InputException(m.dataFile(), "episode " + e + ": more than the " + m.length() + " rows meta/episodes gives");
                }
                int col = 1;
                for (VectorFeature v : vectors) {
                    values.get(v.key())[n] = floats(r.getArray(col++), v.size(), m.dataFile(), e, n, v.key());
                }
                ts[n] = r.getFloat(col++);
                long frame = r.getLong(col++);
                if (frame != n) {
                    throw new InputException(m.dataFile(), "episode " + e + " frame " + n + ": frame_index is " + frame);
                }
                taskIndex = r.getInt(col);
                n++;
            }
        } catch (SQLException ex) {
            throw new InputException(m.dataFile(), "episode " + e + ": cannot read rows: " + firstLine(ex), ex);
        }
        if (n != m.length()) {
            throw new InputException(m.dataFile(), "episode " + e + ": " + n + " rows but meta/episodes gives length " + m.length());
        }
        String task = taskIndex >= 0 && taskIndex < tasks.size() ? tasks.get(taskIndex) : m.task();
        return new Episode(e, task, taskIndex, ts, values);
    }

    private static float[] floats(Array array, int size, Path file, int episode, int frame, String key) throws SQLException {
        if (array == null) {
            throw new InputException(file, "episode " + episode + " frame " + frame + ": " + key + " is null");
        }
        Object[] items = (Object[]) array.getArray();
        if (items.length != size) {
            throw new InputException(file, "episode " + episode + " frame " + frame + ": " + key + " has "
                    + items.length + " components, expected " + size);
        }
        float[] out = new float[size];
        for (int i = 0; i < size; i++) {
            out[i] = ((Number) items[i]).floatValue();
        }
        return out;
    }

    /** meta/stats.json by feature. */
    public Map<String, FeatureStats> stats() {
        Path file = root.resolve(Layout.STATS);
        try {
            JsonNode o = DatasetInfo.JSON.readTree(file.toFile());
            Map<String, FeatureStats> out = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.put(e.getKey(), FeatureStats.fromJson(e.getValue(), e.getKey().equals(Features.PANO)));
            }
            return Collections.unmodifiableMap(out);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw dev.saccade.data.JsonErrors.invalid(file, e);
        } catch (InputException e) {
            throw e.file().isPresent() ? e : new InputException(file, e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new InputException(file, "cannot read statistics: " + e.getMessage(), e);
        }
    }

    /**
     * A thread-safe source of this dataset's frames by (episode, frame), decoding with a pool of
     * single-threaded decoders and keeping decoded frames in {@code cache}.
     */
    public FrameSource frames(FrameCache cache) {
        return new DatasetFrames(this, cache);
    }

    /** Decodes episode {@code e} from its first frame to its last, in order. */
    public FrameStream stream(int e) {
        return new FrameStream(episode(e), info.fps());
    }

    @Override
    public void close() {
        db.close();
    }

    /**
     * The frames of one episode in order, decoded with a frame-threaded decoder (the fastest way
     * through an episode). Not thread-safe.
     */
    public static final class FrameStream implements Iterator<EquirectFrame>, AutoCloseable {
        private final EpisodeMeta meta;
        private final int fps;
        private final VideoDecoder decoder;
        private int next;

        FrameStream(EpisodeMeta meta, int fps) {
            this.meta = meta;
            this.fps = fps;
            this.decoder = VideoDecoder.open(meta.videoFile(), VideoDecoder.Mode.SEQUENTIAL);
        }

        @Override
        public boolean hasNext() {
            return next < meta.length();
        }

        @Override
        public EquirectFrame next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            double t = meta.fromSeconds() + (double) next / fps;
            int[] rgb;
            if (next == 0) {
                rgb = decoder.frameAt(t);
            } else {
                VideoDecoder.Frame f = decoder.next();
                if (f == null || Math.abs(f.seconds() - t) > 0.5 / fps) {
                    throw new InputException(meta.videoFile(), "episode " + meta.index() + " frame " + next + ": expected a frame at "
                            + t + " s, got " + (f == null ? "the end of the video" : f.seconds() + " s"));
                }
                rgb = f.rgb();
            }
            next++;
            return new EquirectFrame(decoder.width(), decoder.height(), rgb);
        }

        @Override
        public void close() {
            decoder.close();
        }
    }
}
