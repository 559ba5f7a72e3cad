package dev.saccade.data.lerobot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.saccade.data.Features;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads the parquet files the writer makes (through DuckDB) a second, independent way, with
 * Apache Parquet's own reader, and checks LeRobot v3.0's column types and values.
 */
class ParquetIndependentReadTest {
    @TempDir
    static Path tmp;
    static Path dir;
    static Demo.Written written;
    static final DatasetSpec SPEC = Demo.spec(16);

    @BeforeAll
    static void write() throws Exception {
        dir = tmp.resolve("ds");
        written = Demo.write(dir, SPEC, 12, 7);
    }

    record Table(MessageType schema, Map<String, String> metadata, List<Group> rows) {}

    static Table read(Path file) throws IOException {
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            List<Group> rows = new ArrayList<>();
            PageReadStore pages;
            while ((pages = reader.readNextRowGroup()) != null) {
                RecordReader<Group> records = new ColumnIOFactory().getColumnIO(schema)
                        .getRecordReader(pages, new GroupRecordConverter(schema));
                for (long i = 0; i < pages.getRowCount(); i++) {
                    rows.add(records.read());
                }
            }
            return new Table(schema, reader.getFooter().getFileMetaData().getKeyValueMetaData(), rows);
        }
    }

    static void assertFloatList(MessageType schema, String column) {
        Type t = schema.getType(column);
        assertEquals(LogicalTypeAnnotation.listType(), t.getLogicalTypeAnnotation(), column + " is a LIST");
        GroupType list = t.asGroupType().getType(0).asGroupType();
        assertEquals(Type.Repetition.REPEATED, list.getRepetition());
        assertEquals(PrimitiveTypeName.FLOAT, list.getType(0).asPrimitiveType().getPrimitiveTypeName(), column + " holds float32");
    }

    static float[] floats(Group row, String column) {
        Group list = row.getGroup(column, 0);
        int n = list.getFieldRepetitionCount(0);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = list.getGroup(0, i).getFloat(0, 0);
        }
        return out;
    }

    @Test
    void dataFileHasLeRobotColumnTypesAndTheWrittenValues() throws IOException {
        Table t = read(dir.resolve("data/chunk-000/file-000.parquet"));
        for (VectorFeature v : SPEC.vectors()) {
            assertFloatList(t.schema(), v.key());
        }
        assertEquals(PrimitiveTypeName.FLOAT, t.schema().getType(Features.TIMESTAMP).asPrimitiveType().getPrimitiveTypeName());
        for (String key : List.of(Features.FRAME_INDEX, Features.EPISODE_INDEX, Features.INDEX, Features.TASK_INDEX)) {
            assertEquals(PrimitiveTypeName.INT64, t.schema().getType(key).asPrimitiveType().getPrimitiveTypeName(), key);
        }
        assertEquals(19, t.rows().size());
        for (int i = 0; i < t.rows().size(); i++) {
            Group row = t.rows().get(i);
            int e = (int) row.getLong(Features.EPISODE_INDEX, 0);
            int f = (int) row.getLong(Features.FRAME_INDEX, 0);
            assertEquals(i, row.getLong(Features.INDEX, 0));
            assertEquals(e == 0 ? i : i - 12, f);
            assertEquals((float) f / 30, row.getFloat(Features.TIMESTAMP, 0));
            assertEquals(e, row.getLong(Features.TASK_INDEX, 0));
            for (VectorFeature v : SPEC.vectors()) {
                assertArrayEquals(written.values.get(e).get(f).get(v.key()), floats(row, v.key()), 0f, v.key() + " row " + i);
            }
        }
        // The Arrow schema note: pyarrow (and so LeRobot) reads the vectors as fixed-size float32 lists.
        String note = t.metadata().get("ARROW:schema");
        assertTrue(note.startsWith("/////"), "an encapsulated Arrow IPC message, as pyarrow writes it");
        org.apache.arrow.vector.types.pojo.Schema arrow = org.apache.arrow.vector.ipc.message.MessageSerializer.deserializeSchema(
                new org.apache.arrow.vector.ipc.ReadChannel(java.nio.channels.Channels.newChannel(
                        new java.io.ByteArrayInputStream(java.util.Base64.getDecoder().decode(note)))));
        assertEquals(new org.apache.arrow.vector.types.pojo.ArrowType.FixedSizeList(7), arrow.findField(Features.STATE).getType());
        assertEquals(new org.apache.arrow.vector.types.pojo.ArrowType.FloatingPoint(
                org.apache.arrow.vector.types.FloatingPointPrecision.SINGLE), arrow.findField(Features.STATE).getChildren().get(0).getType());
        assertEquals(new org.apache.arrow.vector.types.pojo.ArrowType.Int(64, true), arrow.findField(Features.INDEX).getType());
        assertEquals(t.schema().getFields().stream().map(Type::getName).toList(),
                arrow.getFields().stream().map(org.apache.arrow.vector.types.pojo.Field::getName).toList(), "same columns, same order");
        JsonNode hf = DatasetInfo.JSON.readTree(t.metadata().get("huggingface"));
        JsonNode state = hf.path("info").path("features").path(Features.STATE);
        assertEquals(7, state.path("length").asInt());
        assertEquals("float32", state.path("feature").path("dtype").asText());
    }

    @Test
    void tasksFileHasTaskIndexAndTaskWithPandasIndex() throws IOException {
        Table t = read(dir.resolve("meta/tasks.parquet"));
        assertEquals(PrimitiveTypeName.INT64, t.schema().getType("task_index").asPrimitiveType().getPrimitiveTypeName());
        assertEquals(LogicalTypeAnnotation.stringType(), t.schema().getType("task").getLogicalTypeAnnotation());
        assertEquals(2, t.rows().size());
        for (int i = 0; i < 2; i++) {
            assertEquals(i, t.rows().get(i).getLong("task_index", 0));
            assertEquals(written.tasks.get(i), t.rows().get(i).getString("task", 0));
        }
        JsonNode pandas = DatasetInfo.JSON.readTree(t.metadata().get("pandas"));
        assertEquals("task", pandas.path("index_columns").get(0).asText());
    }

    @Test
    void episodesFileHasOffsetsStatsAndItsOwnPosition() throws IOException {
        Table t = read(dir.resolve("meta/episodes/chunk-000/file-000.parquet"));
        assertEquals(2, t.rows().size());
        String v = "videos/" + Features.PANO + "/";
        for (String col : List.of("episode_index", "length", "data/chunk_index", "data/file_index", "dataset_from_index",
                "dataset_to_index", v + "chunk_index", v + "file_index", "meta/episodes/chunk_index", "meta/episodes/file_index")) {
            assertEquals(PrimitiveTypeName.INT64, t.schema().getType(col).asPrimitiveType().getPrimitiveTypeName(), col);
        }
        assertEquals(PrimitiveTypeName.DOUBLE, t.schema().getType(v + "from_timestamp").asPrimitiveType().getPrimitiveTypeName());
        Group second = t.rows().get(1);
        assertEquals(1, second.getLong("episode_index", 0));
        assertEquals(7, second.getLong("length", 0));
        assertEquals(12, second.getLong("dataset_from_index", 0));
        assertEquals(19, second.getLong("dataset_to_index", 0));
        assertEquals(12 / 30.0, second.getDouble(v + "from_timestamp", 0), 1e-9);
        assertEquals(19 / 30.0, second.getDouble(v + "to_timestamp", 0), 1e-9);
        assertEquals(written.tasks.get(1), second.getGroup("tasks", 0).getGroup(0, 0).getString(0, 0));
        // Per-episode statistics: the mean of the state's first joint over the episode's rows.
        Group meanList = second.getGroup("stats/" + Features.STATE + "/mean", 0);
        double sum = 0;
        for (Map<String, float[]> row : written.values.get(1)) {
            sum += row.get(Features.STATE)[0];
        }
        assertEquals(sum / 7, meanList.getGroup(0, 0).getDouble(0, 0), 1e-6);
        Group count = second.getGroup("stats/" + Features.PANO + "/count", 0);
        assertEquals(7, count.getGroup(0, 0).getLong(0, 0));
        assertNotNull(t.schema().getType("stats/" + Features.PANO + "/q50"));
        assertTrue(t.schema().containsField("stats/" + Features.INDEX + "/max"));
    }

    @Test
    void infoJsonFollowsV30() throws IOException {
        JsonNode info = DatasetInfo.JSON.readTree(dir.resolve("meta/info.json").toFile());
        assertEquals("v3.0", info.path("codebase_version").asText());
        assertEquals(2, info.path("total_episodes").asInt());
        assertEquals(19, info.path("total_frames").asInt());
        assertEquals(2, info.path("total_tasks").asInt());
        assertEquals("0:2", info.path("splits").path("train").asText());
        assertEquals("data/chunk-{chunk_index:03d}/file-{file_index:03d}.parquet", info.path("data_path").asText());
        assertEquals("videos/{video_key}/chunk-{chunk_index:03d}/file-{file_index:03d}.mp4", info.path("video_path").asText());
        JsonNode pano = info.path("features").path(Features.PANO);
        assertEquals("video", pano.path("dtype").asText());
        assertEquals("[16,32,3]", pano.path("shape").toString());
        assertEquals("h264", pano.path("info").path("video.codec").asText());
        assertEquals(2, pano.path("info").path("video.g").asInt());
        JsonNode stats = DatasetInfo.JSON.readTree(dir.resolve("meta/stats.json").toFile());
        assertEquals("[19]", stats.path(Features.STATE).path("count").toString());
        assertEquals(3, stats.path(Features.PANO).path("mean").size());
        assertEquals(1, stats.path(Features.PANO).path("mean").get(0).size(), "image stats have shape (3, 1, 1)");
        assertEquals(StandardCharsets.UTF_8.name(), "UTF-8");
    }
}
