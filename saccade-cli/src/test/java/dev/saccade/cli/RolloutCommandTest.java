package dev.saccade.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.saccade.data.video.VideoSettings;
import dev.saccade.gym.demo.ToyDemonstrations;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RolloutCommandTest {
    @TempDir
    static Path tmp;
    static Path dataset;

    @BeforeAll
    static void writeDataset() throws IOException {
        dataset = tmp.resolve("toy");
        ToyDemonstrations.generate(3, 32, 3).writeDataset(dataset, new VideoSettings(2, 4.0, 1));
    }

    /** Runs the CLI; returns exit code, stdout and stderr. */
    static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.newCommandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    @Test
    void theOracleRolloutWritesLogsSummaryAndStripAndKeepsTheTargetInTheFovea() throws IOException {
        Path out = tmp.resolve("oracle");
        String[] r = run("rollout", "--dataset", dataset.toString(), "--policy", "oracle", "--episodes", "2",
                "--hand", "oracle", "--out", out.toString(), "--seed", "4");
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("oracle gaze, oracle hand: 2 episodes"), r[1]);
        List<String> lines = Files.readAllLines(out.resolve("steps.jsonl"));
        assertEquals(2 * 131, lines.size(), "reset plus 130 steps per episode");
        ObjectMapper json = new ObjectMapper();
        JsonNode last = json.readTree(lines.get(130));
        assertEquals(130, last.get("step").asInt());
        assertTrue(last.get("truncated").asBoolean());
        for (String line : lines) {
            JsonNode n = json.readTree(line);
            assertEquals(0.0, n.get("reward").asDouble(), 0.0, "the oracle hand scores 0");
            assertTrue(n.has("yaw_deg") && n.has("pitch_deg") && n.has("action") && n.has("target_angle_deg") && n.has("in_fovea"));
        }
        JsonNode summary = json.readTree(out.resolve("summary.json").toFile());
        assertTrue(summary.get("foveaHitRate").asDouble() >= 0.9, summary.toString());
        BufferedImage strip = ImageIO.read(out.resolve("strip-000.png").toFile());
        assertTrue(strip.getWidth() > 10 * strip.getHeight() / 4, "a strip of 14 columns");
    }

    @Test
    void sameSeedSameLogAndParquetHoldsTheSameRows() throws Exception {
        Path a = tmp.resolve("random-a");
        Path b = tmp.resolve("random-b");
        assertEquals("0", run("rollout", "--dataset", dataset.toString(), "--policy", "random", "--episodes", "2",
                "--out", a.toString(), "--threads", "1")[0]);
        String[] rb = run("rollout", "--dataset", dataset.toString(), "--policy", "random", "--episodes", "2",
                "--out", b.toString(), "--threads", "2", "--format", "parquet", "--strip-episodes", "0");
        assertEquals("0", rb[0], rb[2]);
        assertFalse(Files.exists(b.resolve("steps.jsonl")));
        assertFalse(Files.exists(b.resolve("strip-000.png")));
        List<String> jsonl = Files.readAllLines(a.resolve("steps.jsonl"));
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*), sum(yaw_deg), sum(reward), count(hand_error) FROM read_parquet('"
                     + b.resolve("steps.parquet") + "')")) {
            rs.next();
            assertEquals(jsonl.size(), rs.getLong(1));
            ObjectMapper json = new ObjectMapper();
            double yaw = 0;
            double reward = 0;
            for (String line : jsonl) {
                yaw += json.readTree(line).get("yaw_deg").asDouble();
                reward += json.readTree(line).get("reward").asDouble();
            }
            assertEquals(yaw, rs.getDouble(2), 1e-6, "the same gazes with 1 and 2 threads");
            assertEquals(reward, rs.getDouble(3), 1e-9);
            assertEquals(jsonl.size() - 2, rs.getLong(4), "a hand error on every step but the resets");
        }
    }

    @Test
    void badFlagsAreUsageErrors() {
        for (String[] args : new String[][] {
            {"--policy", "staring"}, {"--policy", "random", "--episodes", "0"}, {"--policy", "random", "--hand", "left"},
            {"--policy", "random", "--format", "csv"}}) {
            Path out = tmp.resolve("bad-" + String.join("", args).hashCode());
            String[] all = concat(new String[] {"rollout", "--dataset", dataset.toString(), "--out", out.toString()}, args);
            String[] r = run(all);
            assertEquals("2", r[0], String.join(" ", args) + ": " + r[2]);
            assertTrue(r[2].contains("Try 'saccade rollout --help'"), r[2]);
            assertFalse(Files.exists(out));
        }
    }

    @Test
    void aMissingDatasetIsADataErrorNamingItAndWritesNothing() {
        Path out = tmp.resolve("none");
        String[] r = run("rollout", "--dataset", tmp.resolve("missing").toString(), "--policy", "random", "--out", out.toString());
        assertEquals("1", r[0]);
        assertTrue(r[2].startsWith("saccade: ") && r[2].contains("missing"), r[2]);
        assertFalse(Files.exists(out));
    }

    @Test
    void anExistingOutputIsKeptUnlessForced() throws IOException {
        Path out = Files.createDirectories(tmp.resolve("taken"));
        Files.writeString(out.resolve("keep.txt"), "mine");
        String[] r = run("rollout", "--dataset", dataset.toString(), "--policy", "fixed", "--episodes", "1", "--out", out.toString());
        assertEquals("1", r[0]);
        assertTrue(r[2].contains("--force"), r[2]);
        assertTrue(Files.exists(out.resolve("keep.txt")));
        // --force replaces only what Saccade wrote (issue 16): a user's files are refused by name.
        String[] forced = run("rollout", "--dataset", dataset.toString(), "--policy", "fixed", "--episodes", "1",
                "--out", out.toString(), "--force");
        assertEquals("1", forced[0]);
        assertTrue(forced[2].contains("holds files Saccade did not write (keep.txt)"), forced[2]);
        assertTrue(Files.exists(out.resolve("keep.txt")));
        Path earlier = tmp.resolve("earlier");
        assertEquals("0", run("rollout", "--dataset", dataset.toString(), "--policy", "fixed", "--episodes", "1",
                "--out", earlier.toString())[0]);
        assertEquals("0", run("rollout", "--dataset", dataset.toString(), "--policy", "random", "--episodes", "1",
                "--out", earlier.toString(), "--force")[0]);
        assertTrue(Files.exists(earlier.resolve("steps.jsonl")));
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
