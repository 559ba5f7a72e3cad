package dev.saccade.data.lerobot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.saccade.core.AtomicFiles;
import dev.saccade.data.Features;
import dev.saccade.data.lerobot.DatasetWriter.Committed;
import dev.saccade.data.lerobot.Layout.Slot;
import dev.saccade.data.video.VideoConcat;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Builds a complete dataset directory from committed episodes (and, when appending, the existing
 * dataset), the way LeRobot v3.0 lays it out: episodes packed into data and video files up to the
 * size limits, the last file of an existing dataset grown if it has room, per-episode metadata
 * with offsets and statistics, aggregated statistics, tasks and info. Files of the existing
 * dataset that do not change are hard-linked, never modified.
 */
final class Assembly {
    private final DatasetSpec spec;
    private final Path baseDir;
    private final DatasetInfo base;
    private final List<Committed> episodes;
    private final Path out;
    private final Db db;
    private final Set<Path> rewritten = new HashSet<>();

    /** Where an episode landed: its data file, frame range, video file and time span. */
    private record Placement(Slot data, long from, long to, Slot video, double fromSeconds, double toSeconds) {}

    /** The last episode of the existing dataset: where the next one may continue. */
    private record Tail(Slot data, long frames, Slot video) {}

    Assembly(DatasetSpec spec, Path baseDir, DatasetInfo base, List<Committed> episodes, Path out, Db db) {
        this.spec = spec;
        this.baseDir = baseDir;
        this.base = base;
        this.episodes = episodes;
        this.out = out;
        this.db = db;
    }

    void run() throws IOException {
        try {
            Tail tail = base == null ? null : readTail();
            Map<String, Long> tasks = writeTasks();
            Placement[] placed = new Placement[episodes.size()];
            placeData(tail, tasks, placed);
            placeVideo(tail, placed);
            Map<String, FeatureStats> total = writeEpisodesMeta(tasks, placed);
            writeStats(total);
            long frames = (base == null ? 0 : base.totalFrames());
            for (Committed e : episodes) {
                frames += e.length();
            }
            int count = (base == null ? 0 : base.totalEpisodes()) + episodes.size();
            ObjectNode info = DatasetInfo.toJson(spec, count, frames, tasks.size());
            AtomicFiles.writeString(out.resolve(Layout.INFO), DatasetInfo.JSON.writeValueAsString(info));
            if (base != null) {
                linkUnchanged();
            }
        } catch (SQLException e) {
            throw new IOException("writing parquet in " + out + " failed: " + e.getMessage(), e);
        }
    }

    // ---- existing dataset ----

    private String baseEpisodesGlob() {
        return Db.str(baseDir.resolve(Layout.EPISODES_DIR).toAbsolutePath() + "/*/*.parquet");
    }

    private Tail readTail() throws SQLException {
        String key = Features.PANO;
        String sql = "SELECT \"data/chunk_index\", \"data/file_index\", dataset_to_index, "
                + Db.id("videos/" + key + "/chunk_index") + ", " + Db.id("videos/" + key + "/file_index")
                + " FROM read_parquet(" + baseEpisodesGlob() + ") ORDER BY episode_index DESC LIMIT 1";
        try (Statement s = db.connection.createStatement(); ResultSet r = s.executeQuery(sql)) {
            if (!r.next()) {
                return null;
            }
            return new Tail(new Slot(r.getInt(1), r.getInt(2)), r.getLong(3), new Slot(r.getInt(4), r.getInt(5)));
        }
    }

    // ---- tasks ----

    private Map<String, Long> writeTasks() throws IOException, SQLException {
        Map<String, Long> tasks = new LinkedHashMap<>();
        if (base != null) {
            String sql = "SELECT task_index, task FROM read_parquet(" + Db.path(baseDir.resolve(Layout.TASKS)) + ") ORDER BY task_index";
            try (Statement s = db.connection.createStatement(); ResultSet r = s.executeQuery(sql)) {
                while (r.next()) {
                    tasks.put(r.getString(2), r.getLong(1));
                }
            }
        }
        for (Committed e : episodes) {
            tasks.putIfAbsent(e.task(), (long) tasks.size());
        }
        db.execute("CREATE OR REPLACE TEMP TABLE tasks (task_index BIGINT, task VARCHAR)");
        try (DuckDBAppender a = appender("tasks")) {
            for (Map.Entry<String, Long> t : tasks.entrySet()) {
                a.beginRow();
                a.append(t.getValue());
                a.append(t.getKey());
                a.endRow();
            }
        }
        // pandas metadata makes "task" the index when LeRobot reads the file with pandas, as it expects.
        String pandas = "{\"index_columns\": [\"task\"], \"column_indexes\": [{\"name\": null, \"field_name\": null, "
                + "\"pandas_type\": \"unicode\", \"numpy_type\": \"object\", \"metadata\": {\"encoding\": \"UTF-8\"}}], "
                + "\"columns\": [{\"name\": \"task_index\", \"field_name\": \"task_index\", \"pandas_type\": \"int64\", "
                + "\"numpy_type\": \"int64\", \"metadata\": null}, {\"name\": \"task\", \"field_name\": \"task\", "
                + "\"pandas_type\": \"unicode\", \"numpy_type\": \"object\", \"metadata\": null}], "
                + "\"creator\": {\"library\": \"saccade\", \"version\": \"0.1\"}, \"pandas_version\": \"2.2.3\"}";
        copy("SELECT task_index, task FROM tasks ORDER BY task_index", out.resolve(Layout.TASKS), Map.of("pandas", pandas));
        return tasks;
    }

    // ---- frames: data/chunk-XXX/file-XXX.parquet ----

    private int rowWidth() {
        int n = 0;
        for (VectorFeature v : spec.vectors()) {
            n += v.size();
        }
        return n;
    }

    private void placeData(Tail tail, Map<String, Long> tasks, Placement[] placed) throws IOException, SQLException {
        long limit = (long) spec.dataFilesSizeInMb() << 20;
        long frameBytes = 4L * rowWidth() + 4 + 4 * 8;
        Slot slot = tail == null ? new Slot(0, 0) : tail.data();
        Path old = tail == null ? null : Layout.data(baseDir, base.dataPath(), tail.data());
        long bytes = old == null ? 0 : Files.size(old);
        long index = tail == null ? 0 : tail.frames();
        List<Integer> inFile = new ArrayList<>();
        for (int i = 0; i < episodes.size(); i++) {
            long epBytes = episodes.get(i).length() * frameBytes;
            if (bytes > 0 && bytes + epBytes >= limit) {
                if (!inFile.isEmpty()) {
                    writeDataFile(slot, old, inFile, tasks, placed);
                } // else the old file is full: it stays as it is (linked)
                slot = slot.next(spec.chunksSize());
                old = null;
                bytes = 0;
                inFile.clear();
            }
            long length = episodes.get(i).length();
            placed[i] = new Placement(slot, index, index + length, null, 0, 0);
            index += length;
            bytes += epBytes;
            inFile.add(i);
        }
        if (!inFile.isEmpty()) {
            writeDataFile(slot, old, inFile, tasks, placed);
        }
    }

    private void writeDataFile(Slot slot, Path old, List<Integer> members, Map<String, Long> tasks, Placement[] placed)
            throws IOException, SQLException {
        StringBuilder columns = new StringBuilder();
        for (VectorFeature v : spec.vectors()) {
            columns.append(Db.id(v.key())).append(" FLOAT[], ");
        }
        db.execute("CREATE OR REPLACE TEMP TABLE frames (" + columns
                + "timestamp FLOAT, frame_index BIGINT, episode_index BIGINT, \"index\" BIGINT, task_index BIGINT)");
        int width = rowWidth();
        try (DuckDBAppender a = appender("frames")) {
            for (int i : members) {
                Committed e = episodes.get(i);
                long taskIndex = tasks.get(e.task());
                try (InputStream in = Files.newInputStream(e.rows());
                     DataInputStream data = new DataInputStream(new BufferedInputStream(in, 1 << 16))) {
                    int frames = data.readInt();
                    int w = data.readInt();
                    if (frames != e.length() || w != width) {
                        throw new IOException(e.rows() + ": holds " + frames + "×" + w + " values, expected " + e.length() + "×" + width);
                    }
                    for (int f = 0; f < frames; f++) {
                        a.beginRow();
                        for (VectorFeature v : spec.vectors()) {
                            float[] value = new float[v.size()];
                            for (int k = 0; k < value.length; k++) {
                                value[k] = data.readFloat();
                            }
                            a.append(value);
                        }
                        a.append((float) f / spec.fps());
                        a.append((long) f);
                        a.append((long) e.index());
                        a.append(placed[i].from() + f);
                        a.append(taskIndex);
                        a.endRow();
                    }
                }
            }
        }
        String select = "SELECT * FROM frames";
        if (old != null) {
            select = "SELECT * FROM read_parquet(" + Db.path(old) + ") UNION ALL " + select;
        }
        Path file = Layout.data(out, Layout.DATA_PATH, slot);
        String huggingface = huggingfaceFeatures();
        copy("SELECT * FROM (" + select + ") ORDER BY \"index\"", file,
                Map.of("huggingface", huggingface, "ARROW:schema", ArrowSchemaNote.forDataFile(spec, huggingface)));
        rewritten.add(Layout.data(baseDir == null ? out : baseDir, Layout.DATA_PATH, slot));
    }

    /** Hugging Face datasets' schema note: fixed-length float32 lists and scalar index columns. */
    private String huggingfaceFeatures() {
        ObjectNode features = DatasetInfo.JSON.createObjectNode();
        for (VectorFeature v : spec.vectors()) {
            ObjectNode list = features.putObject(v.key());
            list.putObject("feature").put("dtype", "float32").put("_type", "Value");
            list.put("length", v.size());
            list.put("_type", "List");
        }
        features.putObject(Features.TIMESTAMP).put("dtype", "float32").put("_type", "Value");
        for (String key : DatasetInfo.INDEX_FEATURES.subList(1, DatasetInfo.INDEX_FEATURES.size())) {
            features.putObject(key).put("dtype", "int64").put("_type", "Value");
        }
        ObjectNode root = DatasetInfo.JSON.createObjectNode();
        root.putObject("info").set("features", features);
        return root.toString();
    }

    // ---- video: videos/observation.images.pano/chunk-XXX/file-XXX.mp4 ----

    private void placeVideo(Tail tail, Placement[] placed) throws IOException {
        long limit = (long) spec.videoFilesSizeInMb() << 20;
        Slot slot = tail == null ? new Slot(0, 0) : tail.video();
        Path old = tail == null ? null : Layout.video(baseDir, base.videoPath(), Features.PANO, tail.video());
        long bytes = old == null ? 0 : Files.size(old);
        List<Integer> inFile = new ArrayList<>();
        for (int i = 0; i < episodes.size(); i++) {
            long size = Files.size(episodes.get(i).video());
            if (bytes > 0 && bytes + size >= limit) {
                if (!inFile.isEmpty()) {
                    writeVideoFile(slot, old, inFile, placed);
                }
                slot = slot.next(spec.chunksSize());
                old = null;
                bytes = 0;
                inFile.clear();
            }
            bytes += size;
            inFile.add(i);
        }
        if (!inFile.isEmpty()) {
            writeVideoFile(slot, old, inFile, placed);
        }
    }

    private void writeVideoFile(Slot slot, Path old, List<Integer> members, Placement[] placed) throws IOException {
        List<Path> inputs = new ArrayList<>();
        if (old != null) {
            inputs.add(old);
        }
        for (int i : members) {
            inputs.add(episodes.get(i).video());
        }
        Path file = Layout.video(out, Layout.VIDEO_PATH, Features.PANO, slot);
        List<VideoConcat.Span> spans = VideoConcat.concat(inputs, file);
        int first = old == null ? 0 : 1;
        for (int k = 0; k < members.size(); k++) {
            int i = members.get(k);
            VideoConcat.Span span = spans.get(first + k);
            if (span.frames() != episodes.get(i).length()) {
                throw new IOException(episodes.get(i).video() + ": " + span.frames() + " video frames for "
                        + episodes.get(i).length() + " rows in episode " + episodes.get(i).index());
            }
            Placement p = placed[i];
            placed[i] = new Placement(p.data(), p.from(), p.to(), slot, span.fromSeconds(), span.toSeconds());
        }
        rewritten.add(Layout.video(baseDir == null ? out : baseDir, Layout.VIDEO_PATH, Features.PANO, slot));
    }

    // ---- meta/episodes and stats ----

    /** Writes meta/episodes and returns the statistics of the new episodes aggregated per feature. */
    private Map<String, FeatureStats> writeEpisodesMeta(Map<String, Long> tasks, Placement[] placed)
            throws IOException, SQLException {
        List<String> featureOrder = featureOrder();
        StringBuilder ddl = new StringBuilder("CREATE OR REPLACE TEMP TABLE episodes (episode_index BIGINT, tasks VARCHAR[], "
                + "length BIGINT, \"data/chunk_index\" BIGINT, \"data/file_index\" BIGINT, dataset_from_index BIGINT, "
                + "dataset_to_index BIGINT");
        String v = "videos/" + Features.PANO + "/";
        ddl.append(", ").append(Db.id(v + "chunk_index")).append(" BIGINT, ").append(Db.id(v + "file_index"))
                .append(" BIGINT, ").append(Db.id(v + "from_timestamp")).append(" DOUBLE, ")
                .append(Db.id(v + "to_timestamp")).append(" DOUBLE");
        for (String key : featureOrder) {
            boolean image = key.equals(Features.PANO);
            for (String stat : FeatureStats.KEYS) {
                String type = stat.equals("count") ? "BIGINT[]" : image ? "DOUBLE[][][]" : "DOUBLE[]";
                ddl.append(", ").append(Db.id("stats/" + key + "/" + stat)).append(' ').append(type);
            }
        }
        ddl.append(", \"meta/episodes/chunk_index\" BIGINT, \"meta/episodes/file_index\" BIGINT)");
        db.execute(ddl.toString());

        Map<String, List<FeatureStats>> perFeature = new LinkedHashMap<>();
        StringBuilder insert = new StringBuilder();
        int pending = 0;
        for (int i = 0; i < episodes.size(); i++) {
            Committed e = episodes.get(i);
            Placement p = placed[i];
            Map<String, FeatureStats> stats = new LinkedHashMap<>(e.stats());
            stats.putAll(indexStats(e, p, tasks.get(e.task())));
            StringBuilder row = new StringBuilder("(");
            row.append(e.index()).append(", [").append(Db.str(e.task())).append("], ").append(e.length())
                    .append(", ").append(p.data().chunk()).append(", ").append(p.data().file())
                    .append(", ").append(p.from()).append(", ").append(p.to())
                    .append(", ").append(p.video().chunk()).append(", ").append(p.video().file())
                    .append(", ").append(num(p.fromSeconds())).append(", ").append(num(p.toSeconds()));
            for (String key : featureOrder) {
                FeatureStats s = stats.get(key);
                if (s == null) {
                    throw new IOException("episode " + e.index() + " has no statistics for " + key);
                }
                perFeature.computeIfAbsent(key, k -> new ArrayList<>()).add(s);
                for (String stat : FeatureStats.KEYS) {
                    row.append(", ");
                    if (stat.equals("count")) {
                        row.append('[').append(s.count()).append(']');
                    } else {
                        row.append(list(s.values(stat), s.image()));
                    }
                }
            }
            row.append(", 0, 0)");
            insert.append(pending == 0 ? "INSERT INTO episodes VALUES " : ", ").append(row);
            if (++pending == 200) {
                db.execute(insert.toString());
                insert.setLength(0);
                pending = 0;
            }
        }
        if (pending > 0) {
            db.execute(insert.toString());
        }
        String select = "SELECT * FROM episodes";
        if (base != null) {
            // The whole episode table is rewritten into one file, so older rows move to chunk 0, file 0 too.
            select = "SELECT * REPLACE (0::BIGINT AS \"meta/episodes/chunk_index\", 0::BIGINT AS \"meta/episodes/file_index\") "
                    + "FROM read_parquet(" + baseEpisodesGlob() + ", union_by_name = true) UNION ALL BY NAME " + select;
            try (Stream<Path> old = Files.walk(baseDir.resolve(Layout.EPISODES_DIR))) {
                old.filter(Files::isRegularFile).forEach(rewritten::add);
            }
        }
        copy("SELECT * FROM (" + select + ") ORDER BY episode_index", Layout.episodes(out, new Slot(0, 0)), Map.of());
        Map<String, FeatureStats> total = new LinkedHashMap<>();
        perFeature.forEach((key, list) -> total.put(key, FeatureStats.aggregate(list)));
        return total;
    }

    /** Feature keys in info.json order, the order LeRobot writes stats columns in. */
    private List<String> featureOrder() {
        List<String> keys = new ArrayList<>();
        DatasetInfo.toJson(spec, 0, 0, 0).get("features").fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    /** Statistics of LeRobot's index features for one episode (LeRobot computes them too). */
    private Map<String, FeatureStats> indexStats(Committed e, Placement p, long taskIndex) {
        int n = e.length();
        float[][] ts = new float[n][1];
        float[][] frame = new float[n][1];
        float[][] episode = new float[n][1];
        float[][] index = new float[n][1];
        float[][] task = new float[n][1];
        for (int f = 0; f < n; f++) {
            ts[f][0] = (float) f / spec.fps();
            frame[f][0] = f;
            episode[f][0] = e.index();
            index[f][0] = p.from() + f;
            task[f][0] = taskIndex;
        }
        Map<String, FeatureStats> out = new LinkedHashMap<>();
        out.put(Features.TIMESTAMP, FeatureStats.ofRows(ts, 1));
        out.put(Features.FRAME_INDEX, FeatureStats.ofRows(frame, 1));
        out.put(Features.EPISODE_INDEX, FeatureStats.ofRows(episode, 1));
        out.put(Features.INDEX, FeatureStats.ofRows(index, 1));
        out.put(Features.TASK_INDEX, FeatureStats.ofRows(task, 1));
        return out;
    }

    private void writeStats(Map<String, FeatureStats> added) throws IOException {
        Map<String, FeatureStats> total = new LinkedHashMap<>();
        if (base != null && Files.isRegularFile(baseDir.resolve(Layout.STATS))) {
            JsonNode old = DatasetInfo.JSON.readTree(baseDir.resolve(Layout.STATS).toFile());
            for (String key : featureOrder()) {
                JsonNode node = old.get(key);
                FeatureStats more = added.get(key);
                if (node != null && more != null) {
                    total.put(key, FeatureStats.aggregate(List.of(FeatureStats.fromJson(node, key.equals(Features.PANO)), more)));
                } else if (more != null) {
                    total.put(key, more);
                } else if (node != null) {
                    total.put(key, FeatureStats.fromJson(node, key.equals(Features.PANO)));
                }
            }
        } else {
            total.putAll(added);
        }
        ObjectNode json = DatasetInfo.JSON.createObjectNode();
        total.forEach((key, s) -> json.set(key, s.toJson()));
        AtomicFiles.writeString(out.resolve(Layout.STATS), DatasetInfo.JSON.writeValueAsString(json));
    }

    // ---- helpers ----

    private void linkUnchanged() throws IOException {
        rewritten.add(baseDir.resolve(Layout.INFO));
        rewritten.add(baseDir.resolve(Layout.STATS));
        rewritten.add(baseDir.resolve(Layout.TASKS));
        try (Stream<Path> files = Files.walk(baseDir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (rewritten.contains(file)) {
                    continue;
                }
                Path copy = out.resolve(baseDir.relativize(file).toString());
                Files.createDirectories(copy.getParent());
                try {
                    Files.createLink(copy, file);
                } catch (IOException | UnsupportedOperationException e) {
                    Files.copy(file, copy);
                }
            }
        }
    }

    private DuckDBAppender appender(String table) throws SQLException {
        return ((DuckDBConnection) db.connection).createAppender(DuckDBConnection.DEFAULT_SCHEMA, table);
    }

    private void copy(String select, Path file, Map<String, String> metadata) throws IOException, SQLException {
        Files.createDirectories(file.getParent());
        StringBuilder sql = new StringBuilder("COPY (").append(select).append(") TO ").append(Db.path(file))
                .append(" (FORMAT parquet, COMPRESSION snappy");
        if (!metadata.isEmpty()) {
            sql.append(", KV_METADATA {");
            boolean first = true;
            // In key order: Map.of iterates in an order that changes between JVM launches, and the file's bytes must not.
            for (Map.Entry<String, String> m : new java.util.TreeMap<>(metadata).entrySet()) {
                sql.append(first ? "" : ", ").append(Db.str(m.getKey())).append(": ").append(Db.str(m.getValue()));
                first = false;
            }
            sql.append('}');
        }
        sql.append(')');
        db.execute(sql.toString());
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%s::DOUBLE", Double.toString(v));
    }

    private static String list(double[] values, boolean image) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            String v = Double.toString(values[i]);
            sb.append(image ? "[[" + v + "]]" : v);
        }
        return sb.append(']').toString();
    }
}
