package dev.saccade.view;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.saccade.core.InputException;
import dev.saccade.sphere.Gaze;
import dev.saccade.sphere.render.MipChain;
import dev.saccade.sphere.render.PyramidRenderer;
import dev.saccade.sphere.render.PyramidSpec;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The viewer's server without a browser: what each API answers, what it finds in directories, how it fails. */
class ViewServerTest {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    static final String METRICS_HEADER = "iteration,env_steps,seconds,stage,reward,hand_error_m,fovea_hits,bc_loss";

    @TempDir
    static Path tmp;
    static Path dataset;
    static Path rollout;
    static ViewServer server;

    @BeforeAll
    static void start() throws IOException {
        dataset = ViewerFixtures.dataset(tmp.resolve("toy"), 1, 32);
        rollout = ViewerFixtures.rollout(dataset, "oracle", 1, tmp.resolve("oracle"));
        server = ViewServer.start(ViewTarget.open(List.of(dataset, rollout)), ViewServer.LOOPBACK, 0, quiet());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static PrintStream quiet() {
        return new PrintStream(OutputStream.nullOutputStream());
    }

    static HttpResponse<byte[]> get(ViewServer s, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(s.url() + path)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    static JsonNode json(HttpResponse<byte[]> r) throws IOException {
        return Json.MAPPER.readTree(r.body());
    }

    @Test
    void servesOnLoopbackOnly() {
        assertEquals("127.0.0.1", server.url().getHost());
    }

    @Test
    void theTargetListsTheDatasetsEpisodesAndTheRollout() throws Exception {
        JsonNode t = json(get(server, "api/target"));
        assertEquals(1, t.get("dataset").get("episodes").size());
        assertEquals(64, t.get("dataset").get("width").asInt());
        assertEquals("oracle", t.get("rollouts").get(0).get("policy").asText());
        assertTrue(get(server, "").headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
        assertTrue(new String(get(server, "app.js").body(), StandardCharsets.UTF_8).contains("function seek"));
    }

    @Test
    void anEpisodeCarriesItsArraysAnnotationsAndTheRolloutsGaze() throws Exception {
        JsonNode e = json(get(server, "api/episode?episode=0"));
        int length = e.get("length").asInt();
        assertEquals(length, e.get("state").size());
        assertEquals(7, e.get("state").get(0).size());
        assertEquals(length, e.get("annotations").get("gripper").size());
        assertEquals(length, e.get("tool0_direction").size());
        JsonNode gaze = e.get("gaze").get(0);
        RolloutTrace trace = RolloutTrace.read(rollout);
        List<RolloutTrace.Step> steps = trace.episodes().get(0);
        assertEquals(steps.size(), gaze.get("yaw").size());
        assertEquals(steps.get(40).yaw(), gaze.get("yaw").get(40).asDouble(), 1e-9);
        assertEquals(steps.get(40).frame(), gaze.get("frame").get(40).asInt());
    }

    @Test
    void everyEpisodesStatisticsAreListed() throws Exception {
        JsonNode all = json(get(server, "api/stats"));
        assertEquals(1, all.size());
        JsonNode one = json(get(server, "api/episode?episode=0")).get("stats");
        assertEquals(one, all.get(0));
        assertEquals(1, one.get("gripper_closes").asInt(), "the toy grips once");
        assertTrue(one.get("tool0_travel_m").asDouble() > 0.1, one.toString());
    }

    @Test
    void aRolloutWithoutItsDatasetIsRefused() {
        InputException e = assertThrows(InputException.class, () -> ViewTarget.open(List.of(rollout)));
        assertTrue(e.userMessage().contains("a rollout needs the dataset it was played on"), e.userMessage());
    }

    @Test
    void theGripperAnnotationAndTheForwardKinematicsPointTheSameWay() throws Exception {
        // The hand path drawn on the panorama comes from FK of the joints; the toy's gripper marker from the same FK.
        JsonNode e = json(get(server, "api/episode?episode=0"));
        for (int f = 0; f < e.get("length").asInt(); f += 20) {
            JsonNode fk = e.get("tool0_direction").get(f);
            JsonNode marker = e.get("annotations").get("gripper").get(f);
            double dyaw = Math.abs(((fk.get(0).asDouble() - marker.get(0).asDouble()) + 540) % 360 - 180);
            assertTrue(dyaw < 10 && Math.abs(fk.get(1).asDouble() - marker.get(1).asDouble()) < 10,
                    "frame " + f + ": tool0 at " + fk + ", gripper marker at " + marker);
        }
    }

    @Test
    void aFrameIsTheDecodedVideoFrameAsJpeg() throws Exception {
        HttpResponse<byte[]> r = get(server, "api/frame?episode=0&frame=17");
        assertEquals(200, r.statusCode());
        assertEquals("image/jpeg", r.headers().firstValue("Content-Type").orElseThrow());
        BufferedImage jpeg = ImageIO.read(new ByteArrayInputStream(r.body()));
        try (DatasetSource ds = DatasetSource.open(dataset)) {
            BufferedImage decoded = ds.frame(0, 17).toImage();
            assertEquals(decoded.getWidth(), jpeg.getWidth());
            double sum = 0;
            for (int y = 0; y < jpeg.getHeight(); y++) {
                for (int x = 0; x < jpeg.getWidth(); x++) {
                    for (int shift = 0; shift <= 16; shift += 8) {
                        sum += Math.abs((jpeg.getRGB(x, y) >> shift & 255) - (decoded.getRGB(x, y) >> shift & 255));
                    }
                }
            }
            assertTrue(sum / (3.0 * jpeg.getWidth() * jpeg.getHeight()) < 4, "mean JPEG error " + sum / (3.0 * jpeg.getWidth() * jpeg.getHeight()));
        }
    }

    @Test
    void thePyramidIsThePyramidRenderersImageAtThatGaze() throws Exception {
        HttpResponse<byte[]> r = get(server, "api/pyramid?episode=0&frame=30&yaw=-40&pitch=12.5");
        assertEquals(200, r.statusCode());
        BufferedImage served = ImageIO.read(new ByteArrayInputStream(r.body()));
        try (DatasetSource ds = DatasetSource.open(dataset)) {
            BufferedImage expected = new PyramidRenderer(PyramidSpec.defaults()).renderImage(MipChain.of(ds.frame(0, 30)),
                    new Gaze(Math.toRadians(-40), Math.toRadians(12.5)));
            assertEquals(expected.getWidth(), served.getWidth());
            assertArrayEquals(expected.getRGB(0, 0, expected.getWidth(), expected.getHeight(), null, 0, expected.getWidth()),
                    served.getRGB(0, 0, served.getWidth(), served.getHeight(), null, 0, served.getWidth()));
        }
    }

    @Test
    void badRequestsGetOneLineErrorsAndTheServerKeepsServing() throws Exception {
        HttpResponse<byte[]> noEpisode = get(server, "api/frame?episode=5&frame=0");
        assertEquals(400, noEpisode.statusCode());
        assertTrue(json(noEpisode).get("error").asText().contains("episode 5 does not exist"), json(noEpisode).toString());
        assertEquals(400, get(server, "api/frame?episode=0&frame=-1").statusCode());
        assertEquals(400, get(server, "api/pyramid?episode=0&frame=0&yaw=1&pitch=91").statusCode());
        assertTrue(json(get(server, "api/frame?episode=zero&frame=0")).get("error").asText().contains("'episode' must be an integer"));
        assertEquals(404, get(server, "api/nothing").statusCode());
        assertEquals(404, get(server, "../etc/passwd").statusCode());
        assertEquals(200, get(server, "api/frame?episode=0&frame=0").statusCode());
    }

    @Test
    void aMissingPathOrAnEmptyDirectoryIsRefusedBeforeServing() throws IOException {
        InputException missing = assertThrows(InputException.class, () -> ViewTarget.open(List.of(tmp.resolve("nowhere"))));
        assertTrue(missing.userMessage().endsWith("nowhere: no such file or directory"), missing.userMessage());
        Path empty = Files.createDirectories(tmp.resolve("empty/a/b"));
        InputException nothing = assertThrows(InputException.class, () -> ViewTarget.open(List.of(tmp.resolve("empty"))));
        assertTrue(nothing.userMessage().contains("not a Saccade directory"), nothing.userMessage());
        assertTrue(Files.isDirectory(empty));
    }

    @Test
    void aDirectoryOfRunsIsSearchedForWhatItHolds() throws IOException {
        Path demo = tmp.resolve("demo");
        Path run = Files.createDirectories(demo.resolve("runs/learned"));
        Files.writeString(run.resolve("metrics.csv"), METRICS_HEADER + "\n1,100,1.0,bcrl,-0.1,0.09,0.2,0.5\n");
        Path eval = Files.createDirectories(demo.resolve("eval"));
        Files.writeString(eval.resolve("metrics.json"), "[{\"gaze\":\"learned\",\"hand\":\"co-trained\",\"metric\":\"hand_error_cm\","
                + "\"unit\":\"cm\",\"mean\":6.5,\"ci95_low\":5.5,\"ci95_high\":7.5,\"episodes\":24}]\n");
        Files.writeString(eval.resolve("summary.json"), "{\"dataset\": " + Json.MAPPER.writeValueAsString(dataset + " (1 episodes)") + "}\n");
        try (ViewTarget t = ViewTarget.open(List.of(demo))) {
            assertEquals(1, t.runs().size());
            assertEquals(1, t.evaluations().size());
            assertEquals(dataset.toAbsolutePath().normalize(), t.dataset().orElseThrow().root(), "the evaluation names its dataset");
            assertEquals(6.5, t.evaluations().get(0).json().get("rows").get(0).get("mean").asDouble());
            assertEquals(1, t.runs().get(0).metrics().get("rows").size());
        }
    }

    @Test
    void aRolloutLogInParquetReadsAsItsJsonLines() throws Exception {
        Path parquet = Files.createDirectories(tmp.resolve("oracle-parquet"));
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("COPY (SELECT * FROM read_json_auto('" + rollout.resolve("steps.jsonl") + "', format = 'newline_delimited')) TO '"
                    + parquet.resolve("steps.parquet") + "' (FORMAT PARQUET)");
        }
        Files.copy(rollout.resolve("summary.json"), parquet.resolve("summary.json"));
        assertEquals(RolloutTrace.read(rollout).episodes(), RolloutTrace.read(parquet).episodes());
    }

    @Test
    void aBadLineOfARolloutLogIsNamed() throws IOException {
        Path bad = Files.createDirectories(tmp.resolve("bad-rollout"));
        List<String> lines = Files.readAllLines(rollout.resolve("steps.jsonl"));
        Files.write(bad.resolve("steps.jsonl"), List.of(lines.get(0), lines.get(1), "{\"run\": 0, \"episode\": 0"));
        InputException e = assertThrows(InputException.class, () -> ViewTarget.open(List.of(bad)));
        assertTrue(e.userMessage().contains("steps.jsonl: line 3: not valid JSON"), e.userMessage());
    }

    @Test
    void aCorruptMetricsRowIsNamedInTheResponseAndLiveEventsFollowARunAsItWrites() throws Exception {
        Path run = Files.createDirectories(tmp.resolve("live-run"));
        Path csv = run.resolve("metrics.csv");
        Files.writeString(csv, METRICS_HEADER + "\n1,100,1.0,bcrl,-0.1,0.09,0.2,0.5\n");
        try (ViewServer live = ViewServer.start(ViewTarget.open(List.of(run)), ViewServer.LOOPBACK, 0, quiet())) {
            EventLines events = EventLines.open(URI.create(live.url() + "api/live"));
            try (events) {
                assertEquals(": connected", events.next());
                // The run writes as saccade train does: the whole file again, through a rename.
                Path next = run.resolve("metrics.csv.tmp");
                Files.writeString(next, METRICS_HEADER + "\n1,100,1.0,bcrl,-0.1,0.09,0.2,0.5\n2,200,2.0,bcrl,-0.08,0.08,0.3,0.4\n");
                Files.move(next, csv, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                String line;
                do {
                    line = events.next();
                } while (!line.startsWith("data: "));
                JsonNode data = Json.MAPPER.readTree(line.substring(6));
                assertEquals(2, data.get("rows").size());
                assertEquals(-0.08, data.get("rows").get(1).get(4).asDouble());
            }
            Files.writeString(csv, METRICS_HEADER + "\n1,100,1.0,bcrl,-0.1,0.09,0.2,0.5\n2,200,2.0\n");
            HttpResponse<byte[]> r = get(live, "api/run?index=0");
            assertEquals(422, r.statusCode());
            assertTrue(json(r).get("error").asText().endsWith("metrics.csv: line 3: 3 cells but the header has 8"), json(r).toString());
            assertEquals(200, get(live, "api/target").statusCode());
        }
    }

    /** Reads an event stream line by line, each read bounded in time. */
    static final class EventLines implements AutoCloseable {
        private final java.net.HttpURLConnection connection;
        private final BufferedReader reader;

        private EventLines(java.net.HttpURLConnection connection) throws IOException {
            this.connection = connection;
            this.reader = new BufferedReader(new InputStreamReader(connection.getInputStream(), StandardCharsets.UTF_8));
        }

        static EventLines open(URI uri) throws IOException {
            java.net.HttpURLConnection c = (java.net.HttpURLConnection) uri.toURL().openConnection();
            c.setConnectTimeout(10_000);
            c.setReadTimeout(20_000); // a read that waits longer fails the test
            return new EventLines(c);
        }

        /** The next non-empty line. */
        String next() throws IOException {
            String line;
            do {
                line = reader.readLine();
                if (line == null) {
                    throw new IOException("the event stream ended");
                }
            } while (line.isEmpty());
            return line;
        }

        @Override
        public void close() {
            connection.disconnect();
        }
    }

    @Test
    void anEvaluationsStepLogPlaysAsTracesWithTheHandsChunkProjectedLikeTheDemonstratedPath() throws Exception {
        Path eval = ViewerFixtures.evaluation(dataset, tmp.resolve("eval-chunks"));
        try (ViewServer s = ViewServer.start(ViewTarget.open(List.of(dataset, rollout, eval)), ViewServer.LOOPBACK, 0, quiet())) {
            JsonNode rollouts = json(get(s, "api/target")).get("rollouts");
            assertEquals(3, rollouts.size(), rollouts.toString());
            assertEquals(false, rollouts.get(0).get("predictions").asBoolean(), "a rollout log holds no chunks");
            assertEquals("oracle / none hand", rollouts.get(1).get("label").asText());
            assertEquals("oracle / late hand", rollouts.get(2).get("label").asText());
            JsonNode ep = json(get(s, "api/episode?episode=0"));
            JsonNode tool0 = ep.get("tool0_direction");
            // A chunk holds actions (targets for the end of each frame): the demonstrated actions, seen as the demonstrated path is.
            float[][] actions = new float[ep.get("action").size()][];
            for (int t = 0; t < actions.length; t++) {
                actions[t] = new float[7];
                for (int j = 0; j < 7; j++) {
                    actions[t][j] = (float) ep.get("action").get(t).get(j).asDouble();
                }
            }
            dev.saccade.data.robot.CameraMount mount;
            try (dev.saccade.data.lerobot.LeRobotDataset d = dev.saccade.data.lerobot.LeRobotDataset.open(dataset)) {
                mount = d.info().camera().orElseThrow();
            }
            float[][] demonstrated = DatasetSource.tool0Directions(actions, mount);
            JsonNode late = ep.get("gaze").get(2);
            assertTrue(late.get("predictions").asBoolean());
            int checked = 0;
            for (int k = 0; k < late.get("frame").size(); k++) {
                int frame = late.get("frame").get(k).asInt();
                int from = Math.max(0, frame - ViewerFixtures.LATE_FRAMES);
                JsonNode chunk = late.get("chunk").get(k);
                assertEquals(0, late.get("chunk_age").get(k).asInt());
                assertEquals(frame, late.get("chunk_start").get(k).asInt());
                for (int r = 0; r < chunk.size() && from + r < demonstrated.length; r++) {
                    // the log keeps joints to 1e-4 rad
                    assertEquals(demonstrated[from + r][0], chunk.get(r).get(0).asDouble(), 0.05, "yaw, step " + k + " row " + r);
                    assertEquals(demonstrated[from + r][1], chunk.get(r).get(1).asDouble(), 0.05, "pitch, step " + k + " row " + r);
                    checked++;
                }
            }
            assertTrue(checked > 100, "rows compared: " + checked);
            // The hand that holds the pose predicts the current pose on every row: one point, where tool0 is now.
            JsonNode hold = ep.get("gaze").get(1);
            int last = hold.get("frame").size() - 1;
            JsonNode row = hold.get("chunk").get(last).get(0);
            JsonNode now = tool0.get(hold.get("frame").get(last).asInt());
            assertEquals(now.get(0).asDouble(), row.get(0).asDouble(), 0.05);
            assertEquals(now.get(1).asDouble(), row.get(1).asDouble(), 0.05);
        }
    }

    @Test
    void aCorruptEvaluationStepLogIsNamedBeforeServing() throws Exception {
        Path eval = Files.createDirectories(tmp.resolve("eval-corrupt"));
        Files.writeString(eval.resolve("metrics.json"), "[]");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(eval.resolve("steps.jsonl.gz")))) {
            out.write("{\"gaze\":\"oracle\",\"hand\":\"none\",\"unit\":0,\"episode\":0,\"step\":0,\"frame\":0,\"yaw_deg\":1,\"pitch_deg\":2,\"chunk\":[1,2,3]}\n"
                    .getBytes(StandardCharsets.UTF_8));
        }
        InputException e = assertThrows(InputException.class, () -> ViewTarget.open(List.of(dataset, eval)));
        assertTrue(e.userMessage().contains("steps.jsonl.gz") && e.userMessage().contains("line 1") && e.userMessage().contains("'chunk'"),
                e.userMessage());
    }

    @Test
    void aRecordedRunShowsItsOwnGazeAndTheHandsChunkWithItsAgeInFrames() throws Exception {
        Path out = tmp.resolve("recorded");
        dev.saccade.runtime.loop.LoopSettings loop = dev.saccade.runtime.loop.LoopSettings.defaults().withMaxFrames(24);
        try (dev.saccade.runtime.record.RunRecorder rec = dev.saccade.runtime.record.RunRecorder.create(out, 64, 32, true, false)) {
            dev.saccade.runtime.sim.SimWorld w = dev.saccade.runtime.sim.SimWorld.open(dev.saccade.data.Task.TOWEL_BUCKET, 1000,
                    dev.saccade.runtime.sim.SimSettings.defaults().withWidth(64), PyramidSpec.defaults(16));
            rec.beginEpisode(0, dev.saccade.data.Task.TOWEL_BUCKET);
            var r = new dev.saccade.runtime.loop.RuntimeLoop(loop).run(w,
                    new dev.saccade.runtime.agent.ExpertAgent(w.scene().demonstration(), 30, dev.saccade.gym.eye.GazeLimits.DEFAULT), 1000, rec);
            rec.endEpisode(r.success());
            rec.finish();
        }
        try (ViewServer s = ViewServer.start(ViewTarget.open(List.of(out)), ViewServer.LOOPBACK, 0, quiet())) {
            JsonNode ep = json(get(s, "api/episode?episode=0"));
            assertEquals(1, ep.get("gaze").size());
            JsonNode g = ep.get("gaze").get(0);
            assertEquals("recorded run", g.get("label").asText());
            assertTrue(g.get("predictions").asBoolean());
            assertEquals(24, g.get("frame").size());
            for (int t = 0; t < 24; t++) {
                int age = t % loop.framesPerStep();
                assertEquals(age, g.get("chunk_age").get(t).asInt(), "age at frame " + t);
                assertEquals(t - age, g.get("chunk_start").get(t).asInt(), "row 0 of the chunk in use at frame " + t);
                assertEquals(dev.saccade.runtime.record.RunRecorder.CHUNK_ROWS, g.get("chunk").get(t).size());
            }
        }
    }
}
