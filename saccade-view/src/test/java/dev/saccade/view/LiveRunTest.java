package dev.saccade.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.saccade.data.Task;
import dev.saccade.gym.eye.GazeLimits;
import dev.saccade.runtime.agent.ExpertAgent;
import dev.saccade.runtime.loop.EpisodeResult;
import dev.saccade.runtime.loop.FrameListener;
import dev.saccade.runtime.loop.FrameRecord;
import dev.saccade.runtime.loop.LoopSettings;
import dev.saccade.runtime.loop.RuntimeLoop;
import dev.saccade.runtime.record.RunRecorder;
import dev.saccade.runtime.sim.SimSettings;
import dev.saccade.runtime.sim.SimWorld;
import dev.saccade.sphere.render.PyramidSpec;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A closed-loop run watched live: the snapshots {@link LiveRun} writes from a real run of the
 * simulated world, as the server serves and streams them, and what a bad or old snapshot gives.
 */
class LiveRunTest {
    static final Task TASK = Task.TOWEL_BUCKET;
    static final long SEED = 1000;

    @TempDir
    Path tmp;

    /** Watches a run whose output is {@code dir}: every frame is offered (no throttle), the projection calibrated as recordings are. */
    static LiveRun watch(Path dir) throws IOException {
        return LiveRun.start(dir, new LiveRun.Settings(0, Optional.of(RunRecorder.camera()), true), "saccade run --test",
                ViewServerTest.quiet());
    }

    /**
     * One episode of the scripted expert in the simulated world ({@code width} wide, {@code frames}
     * frames, a pyramid of 3 levels of 32²), seen by {@code listener}.
     */
    static EpisodeResult play(int width, int frames, FrameListener listener) throws IOException {
        try (SimWorld w = SimWorld.open(TASK, SEED, SimSettings.defaults().withWidth(width), PyramidSpec.defaults(32));
             ExpertAgent expert = new ExpertAgent(w.scene().demonstration(), 30, GazeLimits.DEFAULT)) {
            return new RuntimeLoop(LoopSettings.defaults().withMaxFrames(frames)).run(w, expert, SEED, listener);
        }
    }

    @Test
    void aRealRunsSnapshotsAreServedAndStreamedAndItsLastIsMarkedFinished() throws Exception {
        Path dir = tmp.resolve("run");
        List<FrameRecord> seen = new ArrayList<>();
        try (LiveRun live = watch(dir);
             ViewServer s = ViewServer.start(List.of(dir), ViewServer.LOOPBACK, 0, ViewServerTest.quiet())) {
            JsonNode target = ViewServerTest.json(ViewServerTest.get(s, "api/target"));
            assertEquals(1, target.get("live_runs").size(), "a directory holding only live/ is a run in progress");
            JsonNode first = ViewServerTest.json(ViewServerTest.get(s, "api/live-run?index=0"));
            assertEquals(-1, first.get("frame").asInt(), "started, no frame yet");
            assertTrue(first.get("live").asBoolean());
            live.regime(0, 1, "expert", "oracle", "scripted expert", 1);
            live.beginEpisode(TASK, SEED);
            try (ViewServerTest.EventLines events = ViewServerTest.EventLines.open(URI.create(s.url() + "api/live"))) {
                assertEquals(": connected", events.next());
                EpisodeResult r = play(64, 12, (cell, record) -> {
                    seen.add(record);
                    live.onFrame(cell, record);
                });
                assertEquals(12, r.frames());
                // The writer keeps the newest: the last frame's snapshot arrives (others may be skipped).
                JsonNode last;
                do {
                    last = nextLiveRun(events);
                } while (last.path("frame").asInt() != 11);
                FrameRecord at = seen.get(11);
                assertEquals(0, last.get("index").asInt());
                assertEquals("running", last.get("state").asText());
                assertTrue(last.get("live").asBoolean());
                assertEquals(TASK.id(), last.get("task").asText());
                assertEquals(SEED, last.get("seed").asLong());
                assertEquals("expert", last.get("regime").asText());
                assertEquals(11 / 30.0, last.get("time_s").asDouble(), 1e-9);
                assertEquals(Math.toDegrees(at.gaze().yaw()), last.get("gaze_deg").get(0).asDouble(), 1e-9);
                assertEquals(Math.toDegrees(at.gaze().pitch()), last.get("gaze_deg").get(1).asDouble(), 1e-9);
                assertEquals(at.chunkAge(), last.get("chunk_age").asInt());
                assertEquals(11 - at.chunkAge(), last.get("chunk_start").asInt());
                // The chunk in use, projected as the viewer projects every chunk and path.
                float[][] expected = DatasetSource.tool0Directions(at.chunk(), RunRecorder.camera());
                JsonNode chunk = last.get("chunk");
                assertEquals(30, chunk.size());
                for (int row = 0; row < expected.length; row++) {
                    assertEquals(expected[row][0], chunk.get(row).get(0).asDouble(), 1e-4, "yaw of row " + row);
                    assertEquals(expected[row][1], chunk.get(row).get(1).asDouble(), 1e-4, "pitch of row " + row);
                }
                BufferedImage pano = image(last.get("panorama_jpeg").asText());
                assertEquals(64, pano.getWidth());
                assertEquals(32, pano.getHeight());
                BufferedImage view = image(last.get("view_png").asText());
                assertEquals(3 * 32, view.getWidth(), "three levels of 32² side by side");
                assertEquals(32, view.getHeight());
                live.endEpisode(r);
            }
            // Done: the finished output (here a sibling the run directory is replaced by) keeps the last snapshot, marked finished.
            Path output = Files.createDirectories(tmp.resolve("output"));
            live.finish(output);
            JsonNode kept = LiveRun.read(output);
            assertEquals("finished", kept.get("state").asText());
            assertEquals(11, kept.get("frame").asInt());
            assertEquals(1, kept.get("results").get(0).get("done").asInt());
            JsonNode served = ViewServerTest.json(ViewServerTest.get(s, "api/live-run?index=0"));
            assertEquals("finished", served.get("state").asText());
            assertFalse(served.get("live").asBoolean(), "a finished run is not live");
        }
        assertTrue(Files.isRegularFile(dir.resolve(LiveRun.FILE)), "closing after finish leaves the snapshot");
    }

    @Test
    void aCorruptSnapshotIsNamedInTheApiAndTheStreamAndTheServerKeepsServing() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("corrupt").resolve("live")).getParent();
        Path file = dir.resolve(LiveRun.FILE);
        Files.writeString(file, "{\"state\": \"running\", \"sequence\": 3, \"frame\": 1"); // cut short
        try (ViewServer s = ViewServer.start(List.of(dir), ViewServer.LOOPBACK, 0, ViewServerTest.quiet())) {
            HttpResponse<byte[]> r = ViewServerTest.get(s, "api/live-run?index=0");
            assertEquals(422, r.statusCode());
            String error = ViewServerTest.json(r).get("error").asText();
            assertTrue(error.contains(file.toString()) && error.contains("not a live snapshot: not valid JSON"), error);
            assertEquals(200, ViewServerTest.get(s, "api/target").statusCode(), "the server still serves");
            try (ViewServerTest.EventLines events = ViewServerTest.EventLines.open(URI.create(s.url() + "api/live"))) {
                assertEquals(": connected", events.next());
                LiveEye.replace(file, "[1, 2, 3]".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                JsonNode e = nextLiveRun(events);
                assertTrue(e.get("error").asText().contains(file + ": not a live snapshot: it needs an object"), e.toString());
                LiveEye.replace(file, ("{\"state\": \"running\", \"sequence\": 4, \"frame\": -1, \"time_ms\": " + System.currentTimeMillis() + "}")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                JsonNode good = nextLiveRun(events);
                assertEquals(4, good.get("sequence").asInt(), good.toString());
                assertTrue(good.get("live").asBoolean());
            }
            assertEquals(200, ViewServerTest.get(s, "api/live-run?index=0").statusCode());
        }
    }

    @Test
    void anOldSnapshotIsShownAsEndedAndARunThatStopsWithoutFinishingLeavesNothing() throws Exception {
        Path old = Files.createDirectories(tmp.resolve("old").resolve("live")).getParent();
        long minuteAgo = System.currentTimeMillis() - 60_000;
        Files.writeString(old.resolve(LiveRun.FILE), "{\"state\": \"running\", \"sequence\": 9, \"frame\": 40, \"time_ms\": " + minuteAgo + "}");
        JsonNode status = LiveRun.status(old, minuteAgo + 60_000);
        assertFalse(status.get("live").asBoolean(), "no snapshot for a minute: the run stopped");
        assertEquals(60, status.get("age_s").asDouble(), 1e-9);
        JsonNode fresh = LiveRun.status(old, minuteAgo + 1000);
        assertTrue(fresh.get("live").asBoolean());

        Path dir = tmp.resolve("interrupted");
        LiveRun live = watch(dir);
        assertTrue(Files.isRegularFile(dir.resolve(LiveRun.FILE)));
        play(64, 4, live);
        live.close(); // no finish: failed or interrupted
        assertFalse(Files.exists(dir), "nothing is left of a run that did not finish");
    }

    @Test
    void whenTheRunsRecordingAppearsTheServerLooksAgainAndShowsIt() throws Exception {
        Path dir = tmp.resolve("recorded");
        Path stage = Files.createDirectories(tmp.resolve("recorded.stage"));
        try (LiveRun live = watch(dir);
             ViewServer s = ViewServer.start(List.of(dir), ViewServer.LOOPBACK, 0, ViewServerTest.quiet())) {
            assertTrue(ViewServerTest.json(ViewServerTest.get(s, "api/target")).get("dataset").isNull());
            live.regime(0, 1, "expert", "oracle", "scripted expert", 1);
            try (RunRecorder recorder = RunRecorder.create(stage.resolve("dataset"), 64, 32, true, false)) {
                recorder.beginEpisode(0, TASK);
                live.beginEpisode(TASK, SEED);
                EpisodeResult r = play(64, 8, (cell, record) -> {
                    recorder.onFrame(cell, record);
                    live.onFrame(cell, record);
                });
                recorder.endEpisode(r.success());
                live.endEpisode(r);
                recorder.finish();
            }
            // As saccade run ends: the last snapshot into the finished output, which then replaces the run directory.
            live.finish(stage);
            dev.saccade.core.AtomicFiles.deleteRecursively(dir);
            Files.move(stage, dir);
            JsonNode done = ViewServerTest.json(ViewServerTest.get(s, "api/live-run?index=0"));
            assertEquals("finished", done.get("state").asText());
            assertEquals(dir.resolve("dataset").toAbsolutePath().normalize().toString(), done.get("recording").asText());
            JsonNode target = ViewServerTest.json(ViewServerTest.get(s, "api/reopen"));
            assertEquals(1, target.get("dataset").get("episodes").size(), target.toString());
            JsonNode ep = ViewServerTest.json(ViewServerTest.get(s, "api/episode?episode=0"));
            assertEquals("recorded run", ep.get("gaze").get(0).get("label").asText());
            assertEquals(1, ViewServerTest.json(ViewServerTest.get(s, "api/target")).get("live_runs").size());
        }
    }

    /** The data of the next {@code live-run} event. */
    static JsonNode nextLiveRun(ViewServerTest.EventLines events) throws IOException {
        while (true) {
            String line = events.next();
            if (line.equals("event: live-run")) {
                String data = events.next();
                assertTrue(data.startsWith("data: "), data);
                return Json.MAPPER.readTree(data.substring(6));
            }
        }
    }

    static BufferedImage image(String base64) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(base64)));
        assertNotNull(image);
        return image;
    }
}
