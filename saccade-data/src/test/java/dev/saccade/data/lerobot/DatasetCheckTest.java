package dev.saccade.data.lerobot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.data.Features;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code saccade dataset check}: each kind of damage is found and named with its file and place. */
class DatasetCheckTest {
    @TempDir
    static Path shared;
    static Path good;
    static Path shorter;

    @TempDir
    Path tmp;

    @BeforeAll
    static void write() throws Exception {
        good = shared.resolve("good");
        Demo.write(good, Demo.spec(16), 12, 10);
        shorter = shared.resolve("shorter");
        Demo.write(shorter, Demo.spec(16), 12, 7);
    }

    Path copy() throws IOException {
        Path dir = tmp.resolve("ds");
        try (Stream<Path> files = Files.walk(good)) {
            for (Path f : files.toList()) {
                Path to = dir.resolve(good.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to);
                }
            }
        }
        return dir;
    }

    static Path data(Path dir) {
        return dir.resolve("data/chunk-000/file-000.parquet").toAbsolutePath().normalize();
    }

    static Path video(Path dir) {
        return dir.resolve("videos/" + Features.PANO + "/chunk-000/file-000.mp4").toAbsolutePath().normalize();
    }

    /** Rewrites the data file with {@code replace}, a DuckDB "REPLACE" clause, applied to every row. */
    static void rewriteData(Path dir, String replace) throws Exception {
        Path file = data(dir);
        Path tmpFile = file.resolveSibling("x.parquet");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("COPY (SELECT * REPLACE (" + replace + ") FROM read_parquet('" + file + "')) TO '" + tmpFile + "' (FORMAT parquet)");
        }
        Files.move(tmpFile, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    static void assertProblem(List<DatasetCheck.Problem> problems, Path file, String text) {
        assertTrue(problems.stream().anyMatch(p -> p.file().equals(file) && p.message().contains(text)),
                "expected a problem in " + file + " containing '" + text + "', got " + problems);
    }

    @Test
    void aDatasetWithoutTheJointStateOrActionFails() throws Exception {
        for (String key : DatasetInfo.JOINT_FEATURES) {
            Path dir = copy();
            Path info = dir.resolve(Layout.INFO).toAbsolutePath().normalize();
            com.fasterxml.jackson.databind.node.ObjectNode o = (com.fasterxml.jackson.databind.node.ObjectNode) DatasetInfo.JSON.readTree(info.toFile());
            ((com.fasterxml.jackson.databind.node.ObjectNode) o.get("features")).remove(key);
            Files.writeString(info, DatasetInfo.JSON.writeValueAsString(o));
            assertProblem(DatasetCheck.check(dir), info, "features." + key + ": missing");
            dev.saccade.core.AtomicFiles.deleteRecursively(dir);
        }
    }

    @Test
    void aSoundDatasetHasNoProblems() {
        assertEquals(List.of(), DatasetCheck.check(good));
        assertEquals(List.of(), DatasetCheck.check(good, true), "every frame decodes");
    }

    @Test
    void damageInsideAVideoIsFoundByDecodingEveryFrame() throws Exception {
        Path dir = copy();
        byte[] bytes = Files.readAllBytes(video(dir));
        // Overwrite the middle of the file (frame data, not the index at the front) with garbage.
        java.util.Arrays.fill(bytes, bytes.length / 2, bytes.length / 2 + bytes.length / 5, (byte) 0x5A);
        Files.write(video(dir), bytes);
        List<DatasetCheck.Problem> all = DatasetCheck.check(dir, true);
        assertTrue(all.stream().anyMatch(p -> p.file().equals(video(dir)) && p.message().matches("episode \\d+ frame \\d+: .*")), all.toString());
    }

    @Test
    void nanInAStateIsNamedWithEpisodeFrameAndJoint() throws Exception {
        Path dir = copy();
        rewriteData(dir, "CASE WHEN \"index\" = 15 THEN list_transform(\"observation.state\", x -> 'NaN'::FLOAT) "
                + "ELSE \"observation.state\" END AS \"observation.state\"");
        assertProblem(DatasetCheck.check(dir), data(dir), "episode 1 frame 3: observation.state.shoulder_pan is NaN");
    }

    @Test
    void infinityInAnAnnotationIsFound() throws Exception {
        Path dir = copy();
        String col = "\"" + Features.ANNOTATION_OBJECT + "\"";
        rewriteData(dir, "CASE WHEN \"index\" = 4 THEN [1.0, 'inf'::FLOAT, 0.1] ELSE " + col + " END AS " + col);
        assertProblem(DatasetCheck.check(dir), data(dir), "episode 0 frame 4: observation.annotations.object.pitch is Infinity");
    }

    @Test
    void aTimestampThatGoesBackIsFound() throws Exception {
        Path dir = copy();
        rewriteData(dir, "CASE WHEN \"index\" = 7 THEN 0.1::FLOAT ELSE timestamp END AS timestamp");
        List<DatasetCheck.Problem> p = DatasetCheck.check(dir);
        assertProblem(p, data(dir), "episode 0 frame 7: timestamp 0.1 does not increase");
        assertProblem(p, data(dir), "episode 0 frame 7: timestamp 0.100000 is off the 30 fps grid");
    }

    @Test
    void aVectorOfTheWrongLengthIsFound() throws Exception {
        Path dir = copy();
        rewriteData(dir, "CASE WHEN \"index\" = 20 THEN \"action\"[1:6] ELSE \"action\" END AS \"action\"");
        assertProblem(DatasetCheck.check(dir), data(dir), "episode 1 frame 8: action has 6 components, expected 7");
    }

    @Test
    void rowsAndVideoFramesThatDisagreeAreFound() throws Exception {
        Path dir = copy();
        Files.copy(video(shorter), video(dir), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        List<DatasetCheck.Problem> p = DatasetCheck.check(dir);
        assertProblem(p, video(dir), "episode 1: 7 video frames between");
        assertProblem(p, video(dir), "but 10 rows");
        assertProblem(p, video(dir), "episode 1 frame 7: no video frame at");
    }

    @Test
    void aTruncatedVideoIsFound() throws Exception {
        Path dir = copy();
        byte[] bytes = Files.readAllBytes(video(dir));
        Files.write(video(dir), java.util.Arrays.copyOf(bytes, bytes.length / 3));
        List<DatasetCheck.Problem> p = DatasetCheck.check(dir);
        assertTrue(p.stream().anyMatch(x -> x.file().equals(video(dir))), p.toString());
    }

    @Test
    void wrongTotalsAndAMissingDataFileAreFound() throws Exception {
        Path dir = copy();
        Path info = dir.resolve("meta/info.json").toAbsolutePath().normalize();
        Files.writeString(info, Files.readString(info).replace("\"total_frames\" : 22", "\"total_frames\" : 23"));
        Files.delete(data(dir));
        List<DatasetCheck.Problem> p = DatasetCheck.check(dir);
        assertProblem(p, info, "total_frames is 23 but the episodes hold 22");
        assertProblem(p, data(dir), "no such file (episodes 0, 1 are stored in it)");
    }

    @Test
    void anOlderCodebaseVersionIsRejectedNamingInfoJson() throws Exception {
        Path dir = copy();
        Path info = dir.resolve("meta/info.json").toAbsolutePath().normalize();
        Files.writeString(info, Files.readString(info).replace("\"v3.0\"", "\"v2.1\""));
        assertProblem(DatasetCheck.check(dir), info, "codebase_version: expected \"v3.0\", got \"v2.1\"");
    }

    @Test
    void missingStatisticsAreFound() throws Exception {
        Path dir = copy();
        Path stats = dir.resolve("meta/stats.json").toAbsolutePath().normalize();
        var json = (com.fasterxml.jackson.databind.node.ObjectNode) DatasetInfo.JSON.readTree(stats.toFile());
        json.remove(Features.ACTION);
        Files.writeString(stats, json.toString());
        assertProblem(DatasetCheck.check(dir), stats, "action: no statistics");
    }
}
