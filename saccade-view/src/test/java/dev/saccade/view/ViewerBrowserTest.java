package dev.saccade.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The viewer in a real browser: headless Chromium over the DevTools protocol opens a dataset the
 * test writes, with two gaze regimes' rollouts, and checks what a user sees. Without Chromium
 * these tests are skipped with one line, except under CI=true, where they fail.
 */
class ViewerBrowserTest {
    static final int HEIGHT = 96;
    /** A pixel "differs" when a channel differs by more than this: well above two JPEG decoders' rounding (±2). */
    static final int DIFFERENT = 12;

    @TempDir
    static Path tmp;
    static Chromium browser;
    static ViewServer server;
    static Path dataset;
    static RolloutTrace oracle;
    static RolloutTrace random;
    static Path run;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        Optional<Path> exe = Chromium.find();
        if (exe.isEmpty()) {
            String line = "saccade-view: browser tests skipped: no Chromium found (install Debian's chromium, or set SACCADE_CHROMIUM)";
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail(line.replace("skipped", "cannot run under CI=true"));
            }
            System.err.println(line);
            Assumptions.abort(line);
        }
        dataset = ViewerFixtures.dataset(tmp.resolve("toy"), 2, HEIGHT);
        Path oracleDir = ViewerFixtures.rollout(dataset, "oracle", 2, tmp.resolve("oracle"));
        ViewerFixtures.rollout(dataset, "random", 2, tmp.resolve("random"));
        oracle = RolloutTrace.read(oracleDir);
        random = RolloutTrace.read(tmp.resolve("random"));
        run = Files.createDirectories(tmp.resolve("run"));
        Files.writeString(run.resolve("metrics.csv"), metrics(1));
        server = ViewServer.start(ViewTarget.open(List.of(dataset, oracleDir, tmp.resolve("random"), run)), ViewServer.LOOPBACK, 0, quiet());
        browser = Chromium.launch(exe.get(), tmp.resolve("profile"), 1280, 1000);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void clearConsole() {
        if (browser != null) {
            browser.clearConsole();
        }
    }

    @AfterEach
    void consoleHasNoErrors() {
        assertEquals(List.of(), browser.consoleErrors(), "the page logged errors");
    }

    static PrintStream quiet() {
        return new PrintStream(OutputStream.nullOutputStream());
    }

    @Test
    void theFrameShownAfterScrubbingIsTheServersFrameForThatTime() throws Exception {
        Path numbered = ViewerFixtures.numberedFrames(tmp.resolve("numbered"), 60, HEIGHT);
        try (ViewServer frames = ViewServer.start(ViewTarget.open(List.of(numbered)), ViewServer.LOOPBACK, 0, quiet())) {
            browser.open(frames.url() + "?episode=0");
            browser.waitUntil("document.getElementById('frame').dataset.frame === '0'", "the first frame");
            // Scrub as a drag does: several positions in quick succession; the last one wins.
            for (int f : new int[] {5, 50, 20, 37}) {
                browser.eval("(() => { const s = document.getElementById('scrub'); s.value = " + f
                        + "; s.dispatchEvent(new Event('input')); })()");
            }
            browser.waitUntil("document.getElementById('frame').dataset.frame === '37' && document.getElementById('frame-loading').hidden",
                    "frame 37 on the canvas");
            BufferedImage shown = canvasPixels("frame");
            BufferedImage served = fetchImage(frames, "/api/frame?episode=0&frame=37");
            assertEquals(served.getWidth(), shown.getWidth());
            assertEquals(served.getHeight(), shown.getHeight());
            long off = differing(shown, served);
            assertTrue(off <= shown.getWidth() * shown.getHeight() / 1000, "the canvas differs from the server's frame 37 in " + off + " pixels");
            // ... and that is the decoded video frame 37 itself, not a neighbour: each frame has its own blue level, 4 apart.
            try (DatasetSource ds = DatasetSource.open(numbered)) {
                double blue = meanBlue(shown);
                double decoded = meanBlue(ds.frame(0, 37).toImage());
                assertEquals(decoded, blue, 1.0, "the canvas' blue level against the decoded frame 37's");
                for (int neighbour : new int[] {36, 38}) {
                    double other = meanBlue(ds.frame(0, neighbour).toImage());
                    assertTrue(Math.abs(other - decoded) > 2.5, "frames 37 and " + neighbour + " must differ: " + decoded + ", " + other);
                }
            }
            assertEquals("1.233 s · frame 37", browser.eval("document.getElementById('time').textContent").asText());
            assertTrue(browser.eval("location.search").asText().contains("t=1.233"), "the URL follows the scrubber");
            browser.open("about:blank"); // the page's live stream ends with the page, before its server closes
        }
    }

    @Test
    void plotsGazeTracesAndPyramidsAppearAtTheLoggedGaze() throws Exception {
        int episode = oracle.episodes().keySet().stream().filter(random.episodes()::containsKey).findFirst()
                .orElseThrow(() -> new AssertionError("the seeded rollouts share no episode: " + oracle.episodes().keySet()
                        + " and " + random.episodes().keySet()));
        List<RolloutTrace.Step> steps = oracle.episodes().get(episode);
        RolloutTrace.Step step = steps.get(steps.size() / 2);
        double seconds = step.frame() / 30.0;
        browser.open(server.url() + String.format(Locale.ROOT, "?episode=%d&t=%.3f", episode, seconds));
        browser.waitUntil("document.getElementById('frame').dataset.frame === '" + step.frame() + "'", "the linked frame");
        browser.waitUntil("+document.getElementById('overlay').dataset.gazePoints > 10", "gaze traces on the panorama");
        browser.waitUntil("+document.getElementById('overlay').dataset.handPoints > 1", "the demonstrated hand path");
        for (String plot : List.of("plot-joints", "plot-gripper", "plot-hand", "plot-angle")) {
            browser.waitUntil("+document.getElementById('" + plot + "').dataset.points > 10", plot + " drawn");
        }
        assertEquals(6, browser.eval("+document.getElementById('plot-joints').dataset.series").asInt(), "six joints");
        browser.waitUntil("document.getElementById('episodes').dataset.stats === '2'", "every episode's statistics in the list");
        // The pyramid beside the panorama is the server's rendering at the logged gaze of that frame.
        String img = "document.querySelector('img.pyramid[data-key=\"regime-0\"]')";
        browser.waitUntil(img + " && " + img + ".complete && " + img + ".naturalWidth === 192 && " + img + ".dataset.url", "the oracle's pyramid");
        RolloutTrace.Step current = steps.stream().filter(s -> s.frame() <= step.frame()).reduce((a, b) -> b).orElseThrow();
        String url = browser.eval(img + ".dataset.url").asText();
        assertTrue(url.contains(String.format(Locale.ROOT, "yaw=%.3f&pitch=%.3f", current.yaw(), current.pitch())), url);
        assertEquals(3, browser.eval("document.querySelectorAll('img.pyramid').length").asInt(), "your gaze, oracle and random side by side");
        assertTrue(browser.eval("document.getElementById('chunk-info').textContent").asText().startsWith("no predictions recorded"),
                "rollout logs hold no chunks, and the page says so");
        Path shot = Path.of("target", "viewer-screenshot.png");
        Files.createDirectories(shot.getParent());
        Files.write(shot, browser.screenshot());
        assertTrue(ImageIO.read(shot.toFile()).getWidth() >= 1000);
    }

    @Test
    void anEvaluationsPredictedChunksHandErrorAndChunkAgeAppear() throws Exception {
        Path eval = ViewerFixtures.evaluation(dataset, tmp.resolve("eval"));
        try (ViewServer second = ViewServer.start(ViewTarget.open(List.of(dataset, eval)), ViewServer.LOOPBACK, 0, quiet())) {
            browser.open(second.url() + "?episode=0&t=2.5");
            browser.waitUntil("document.getElementById('frame').dataset.frame === '75'", "the linked frame");
            browser.waitUntil("+document.getElementById('overlay').dataset.chunkPoints > 10", "the predicted chunks on the panorama");
            browser.waitUntil("+document.getElementById('overlay').dataset.handPoints > 1", "the demonstrated hand path");
            browser.waitUntil("+document.getElementById('plot-hand').dataset.points > 10 && +document.getElementById('plot-hand').dataset.series === 2",
                    "the hand's error over time, per hand");
            browser.waitUntil("!document.getElementById('plot-age').hidden && +document.getElementById('plot-age').dataset.points > 10",
                    "the chunk age over time");
            String info = browser.eval("document.getElementById('chunk-info').textContent").asText();
            assertTrue(info.contains("oracle / late hand: chunk age 0 steps"), info);
            browser.waitUntil("document.querySelector('img.pyramid[data-key=\"regime-1\"]').dataset.url", "the late hand's pyramid");
            assertTrue(browser.eval("document.querySelector('img.pyramid[data-key=\"regime-1\"]').parentNode.textContent").asText()
                    .contains("chunk age 0"));
            // The toggle hides the chunks.
            browser.eval("document.getElementById('show-chunk').click()");
            browser.waitUntil("document.getElementById('overlay').dataset.chunkPoints === '0'", "chunks hidden");
            browser.eval("document.getElementById('show-chunk').click()");
            browser.waitUntil("+document.getElementById('overlay').dataset.chunkPoints > 10", "chunks shown again");
            Path shot = Path.of("target", "viewer-chunks.png");
            Files.createDirectories(shot.getParent());
            Files.write(shot, browser.screenshot());
            browser.open("about:blank"); // the page's live stream ends with the page, before its server closes
        }
    }

    @Test
    void aDeepLinkOpensAtItsTimeAndKeysStepAndPlay() throws Exception {
        browser.open(server.url() + "?episode=1&t=1.5");
        browser.waitUntil("document.getElementById('frame').dataset.frame === '45' && document.getElementById('frame').dataset.episode === '1'",
                "episode 1 at 1.5 s (frame 45)");
        assertEquals(45, browser.eval("+document.getElementById('scrub').value").asInt());
        assertEquals("1", browser.eval("document.querySelector('#episodes li.current').dataset.episode").asText());
        browser.eval("document.activeElement && document.activeElement.blur()");
        browser.press("ArrowRight", "ArrowRight", 39);
        browser.waitUntil("document.getElementById('frame').dataset.frame === '46'", "one frame on after →");
        browser.press("ArrowLeft", "ArrowLeft", 37);
        browser.press("ArrowLeft", "ArrowLeft", 37);
        browser.waitUntil("document.getElementById('frame').dataset.frame === '44'", "two frames back after ← ←");
        assertTrue(browser.eval("location.search").asText().contains("t=1.467"), browser.eval("location.search").asText());
        browser.press(" ", "Space", 32);
        browser.waitUntil("+document.getElementById('frame').dataset.frame > 50", "playing after space");
        browser.press(" ", "Space", 32);
        browser.waitUntil("document.getElementById('play').textContent === '▶'", "paused after space");
        int paused = browser.eval("+document.getElementById('scrub').value").asInt();
        browser.waitUntil("document.getElementById('frame').dataset.frame === '" + paused + "'", "the paused frame shown");
        assertEquals(paused, browser.eval("+document.getElementById('scrub').value").asInt(), "stays paused");
    }

    @Test
    void aCorruptVideoIsNamedInThePageAndTheServerKeepsServing() throws Exception {
        Path broken = tmp.resolve("broken");
        ViewerFixtures.dataset(broken, 1, 64);
        Path video;
        try (var files = Files.walk(broken.resolve("videos"))) {
            video = files.filter(p -> p.toString().endsWith(".mp4")).findFirst().orElseThrow();
        }
        long size = Files.size(video);
        try (var ch = Files.newByteChannel(video, StandardOpenOption.WRITE)) {
            ch.truncate(size / 3);
        }
        try (ViewServer second = ViewServer.start(ViewTarget.open(List.of(broken)), ViewServer.LOOPBACK, 0, quiet())) {
            // The decoder refuses a video cut short (its index points past the end) when it opens it, so every
            // frame request fails, naming the file, and the page says so.
            browser.open(second.url() + "?episode=0&t=0");
            browser.waitUntil("document.querySelector('#errors .error')", "an error in the page");
            String error = browser.eval("document.querySelector('#errors .error').textContent").asText();
            assertTrue(error.contains(video.getFileName().toString()), "the error names the video: " + error);
            browser.eval("(() => { const s = document.getElementById('scrub'); s.value = s.max; s.dispatchEvent(new Event('input')); })()");
            browser.waitUntil("document.querySelectorAll('#errors .error').length >= 1", "the page still answers a scrub");
            assertEquals(200, HTTP.send(HttpRequest.newBuilder(URI.create(second.url() + "api/target")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode(), "the server still serves");
            browser.open("about:blank"); // the page's live stream ends with the page, before its server closes
        }
        // The failed frame request is logged by the browser as a failed resource; that is the point of this test.
        browser.clearConsole();
    }

    @Test
    void aTrainingRunsChartsGrowAsItWritesMetrics() throws Exception {
        browser.open(server.url() + "?episode=0");
        browser.waitUntil("document.getElementById('run-0') && document.getElementById('run-0').dataset.rows === '1'", "the run's first row");
        browser.waitUntil("document.getElementById('live-state').textContent.includes('live')", "the live feed connected");
        // The run writes as saccade train does: the whole file again, through a rename.
        Path next = run.resolve("metrics.csv.tmp");
        Files.writeString(next, metrics(4));
        Files.move(next, run.resolve("metrics.csv"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        browser.waitUntil("document.getElementById('run-0').dataset.rows === '4'", "four rows pushed to the page");
        browser.waitUntil("+document.querySelector('#run-0 canvas[data-key=\"hand_error_m\"]').dataset.points === 4", "the hand error chart");
    }

    @Test
    void theLiveGazeOfARunningTrainingUpdatesAsItWritesSnapshots() throws Exception {
        Path training = Files.createDirectories(tmp.resolve("training").resolve("checkpoints")).getParent();
        // The run trains on the dataset shown (its run record says so): the eye's map shows the frame it sees.
        dev.saccade.learn.train.Checkpoint.writeRunRecord(training, new dev.saccade.learn.train.Checkpoint.RunRecord(
                dataset.toAbsolutePath().normalize().toString(), 0, 0, 2, 2 * HEIGHT, HEIGHT, 0, 1, 1, 1));
        try (ViewServer live = ViewServer.start(ViewTarget.open(List.of(dataset, training)), ViewServer.LOOPBACK, 0, quiet());
             dev.saccade.gym.demo.DatasetDemonstrations demos = dev.saccade.gym.demo.DatasetDemonstrations.open(dataset);
             dev.saccade.gym.demo.FrameSupply<dev.saccade.sphere.render.MipChain> frames =
                     dev.saccade.gym.eye.EyeCamera.supply(demos, 64L << 20, 1);
             dev.saccade.gym.Env<dev.saccade.gym.eye.EyeObservation, Integer> env = LiveEye.wrap(
                     new dev.saccade.gym.envs.DemoEyeGym(frames, dev.saccade.gym.envs.DemoEyeGym.Config.DEFAULT, Optional.empty()),
                     training, java.time.Duration.ZERO)) {
            browser.open(live.url().toString());
            browser.waitUntil("document.getElementById('live-state').textContent.includes('live')", "the live feed connected");
            assertTrue(browser.eval("document.querySelector('#run-0 .run-eye').hidden").asBoolean(), "no eye before the first snapshot");
            // The training environment starts an episode, then steps: each step replaces the snapshot (period zero).
            env.reset(11);
            browser.waitUntil("document.querySelector('#run-0 .run-eye').dataset.sequence === '1'", "the first snapshot in the page");
            browser.waitUntil("document.querySelector('#run-0 .live-view').naturalWidth === 192", "the foveated view (3 levels of 64)");
            int right = 1; // a 10° step in the first direction
            for (int i = 0; i < 4; i++) {
                env.step(right);
                com.fasterxml.jackson.databind.JsonNode snap = LiveEye.read(training);
                long sequence = snap.get("sequence").asLong();
                assertEquals(i + 2, sequence);
                browser.waitUntil("+document.querySelector('#run-0 .run-eye').dataset.sequence >= " + sequence, "snapshot " + sequence);
            }
            com.fasterxml.jackson.databind.JsonNode last = LiveEye.read(training);
            String frameKey = last.get("episode").asInt() + "/" + last.get("frame").asInt();
            browser.waitUntil("document.querySelector('#run-0 .run-eye').dataset.panorama === '" + frameKey + "'",
                    "the dataset's frame " + frameKey + " behind the gaze");
            String caption = browser.eval("document.querySelector('#run-0 .live-caption').textContent").asText();
            assertTrue(caption.contains(String.format(Locale.ROOT, "yaw %.1f°, pitch %.1f°", last.get("yaw_deg").asDouble(),
                    last.get("pitch_deg").asDouble())), caption);
            assertTrue(caption.contains("step 4"), caption);
            browser.open("about:blank"); // the page's live stream ends with the page, before its server closes
        }
    }

    @Test
    void aClosedLoopRunIsFollowedLiveAndOffersItsRecordingWhenItFinishes() throws Exception {
        Path dir = tmp.resolve("closed-loop");
        Path stage = Files.createDirectories(tmp.resolve("closed-loop.stage"));
        try (LiveRun live = LiveRunTest.watch(dir);
             ViewServer s = ViewServer.start(List.of(dir), ViewServer.LOOPBACK, 0, quiet())) {
            browser.open(s.url().toString());
            String panel = "document.getElementById('live-run-0')";
            browser.waitUntil(panel + " && " + panel + ".dataset.sequence === '1' && " + panel + ".dataset.state === 'live'",
                    "the run's first snapshot, live");
            assertTrue(browser.eval("document.getElementById('player').hidden").asBoolean(), "no recording yet: no player");
            live.regime(0, 1, "expert", "oracle", "scripted expert", 1);
            List<Integer> shown = new java.util.ArrayList<>();
            try (dev.saccade.runtime.record.RunRecorder recorder = dev.saccade.runtime.record.RunRecorder.create(stage.resolve("dataset"),
                    128, 64, true, false)) {
                recorder.beginEpisode(0, LiveRunTest.TASK);
                live.beginEpisode(LiveRunTest.TASK, LiveRunTest.SEED);
                dev.saccade.runtime.loop.EpisodeResult r = LiveRunTest.play(128, 30, (cell, record) -> {
                    recorder.onFrame(cell, record);
                    live.onFrame(cell, record);
                    if (record.frame() % 6 == 5) {
                        // The loop waits here (only in this test) until the page shows this frame: the newest snapshot always arrives.
                        try {
                            browser.waitUntil("+" + panel + ".dataset.frame >= " + record.frame(), "frame " + record.frame() + " in the page");
                        } catch (InterruptedException e) {
                            throw new java.io.InterruptedIOException();
                        }
                        shown.add(browser.eval("+" + panel + ".dataset.frame").asInt());
                        com.fasterxml.jackson.databind.JsonNode snap = LiveRun.read(dir);
                        String overlay = panel + ".querySelector('.live-overlay')";
                        assertTrue(browser.eval("+" + overlay + ".dataset.chunkPoints > 0").asBoolean(), "the chunk in use is drawn");
                        if (snap.get("frame").asInt() == shown.get(shown.size() - 1)) {
                            assertEquals(String.format(Locale.ROOT, "%.1f,%.1f", snap.get("gaze_deg").get(0).asDouble(),
                                    snap.get("gaze_deg").get(1).asDouble()), browser.eval(overlay + ".dataset.gaze").asText(), "the gaze marker");
                        }
                    }
                });
                recorder.endEpisode(r.success());
                live.endEpisode(r);
                recorder.finish();
            }
            for (int i = 1; i < shown.size(); i++) {
                assertTrue(shown.get(i) > shown.get(i - 1), "the frame index advances: " + shown);
            }
            assertEquals(5, shown.size(), shown.toString());
            browser.waitUntil(panel + ".querySelector('.live-run-view').naturalWidth === 96", "the view (3 levels of 32²)");
            String figures = browser.eval(panel + ".querySelector('.live-figures').textContent").asText();
            assertTrue(figures.contains("towel-bucket, scene seed 1000") && figures.contains("frames/s"), figures);
            Files.write(Path.of("target", "viewer-live.png"), browser.screenshot());
            // The run finishes as saccade run does: the last snapshot into the finished output, which replaces the run directory.
            live.finish(stage);
            dev.saccade.core.AtomicFiles.deleteRecursively(dir);
            Files.move(stage, dir);
            browser.waitUntil(panel + ".dataset.state === 'finished' && " + panel + ".dataset.recording === 'offered'",
                    "the finished run, offering its recording");
            assertTrue(browser.eval(panel + ".dataset.successes === '0' && " + panel + ".dataset.done === '1'").asBoolean(),
                    "one episode done, and 30 frames are too few to succeed");
            browser.eval(panel + ".querySelector('.show-recording').click()");
            browser.waitUntil("!document.getElementById('player').hidden && document.getElementById('frame').dataset.frame === '0'",
                    "the recording in the player");
            browser.waitUntil("+document.getElementById('overlay').dataset.chunkPoints > 0", "the recorded run's chunk");
            browser.waitUntil(panel + " && " + panel + ".dataset.state === 'finished'", "the run still shown as finished, not live");
            browser.open("about:blank"); // the page's live stream ends with the page, before its server closes
        }
    }

    @Test
    void anEvaluationAndARunWithoutADatasetAreShown() throws Exception {
        Path dir = tmp.resolve("results");
        Path alone = Files.createDirectories(dir.resolve("runs/learned"));
        Files.writeString(alone.resolve("metrics.csv"), metrics(3));
        Path eval = Files.createDirectories(dir.resolve("eval"));
        Files.writeString(eval.resolve("metrics.json"), "[{\"gaze\":\"learned\",\"hand\":\"co-trained\",\"metric\":\"hand_error_cm\","
                + "\"unit\":\"cm\",\"mean\":6.89,\"ci95_low\":5.74,\"ci95_high\":8.04,\"episodes\":24},"
                + "{\"gaze\":\"random\",\"hand\":\"own\",\"metric\":\"hand_error_cm\",\"unit\":\"cm\",\"mean\":11.76,"
                + "\"ci95_low\":10.84,\"ci95_high\":12.68,\"episodes\":24}]");
        try (ViewServer results = ViewServer.start(ViewTarget.open(List.of(dir)), ViewServer.LOOPBACK, 0, quiet())) {
            browser.open(results.url().toString());
            browser.waitUntil("document.getElementById('run-0') && document.getElementById('run-0').dataset.rows === '3'", "the run's rows");
            browser.waitUntil("document.querySelectorAll('#eval-list tr').length === 3", "the evaluation's table");
            assertTrue(browser.eval("document.getElementById('eval-list').textContent").asText().contains("[10.84, 12.68]"));
            assertTrue(browser.eval("document.getElementById('player').hidden").asBoolean(), "no player without a dataset");
            browser.open("about:blank"); // the page's live stream ends with the page, before its server closes
        }
    }

    /** A metrics.csv of {@code rows} iterations, as saccade train writes it. */
    static String metrics(int rows) {
        StringBuilder sb = new StringBuilder("iteration,env_steps,seconds,stage,reward,hand_error_m,fovea_hits,bc_loss,policy_loss,entropy\n");
        for (int i = 1; i <= rows; i++) {
            sb.append(String.format(Locale.ROOT, "%d,%d,%.1f,bcrl,%.4f,%.4f,%.3f,%.4f,%.4f,%.3f%n", i, 1300 * i, 30.0 * i, -0.1 + 0.01 * i,
                    0.12 - 0.01 * i, 0.1 * i, 0.5 / i, 0.01, 3.2 - 0.1 * i));
        }
        return sb.toString();
    }

    /** The canvas' pixels, read back as PNG through the page. */
    static BufferedImage canvasPixels(String id) throws IOException {
        String url = browser.eval("document.getElementById('" + id + "').toDataURL('image/png')").asText();
        return ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(url.substring(url.indexOf(',') + 1))));
    }

    static BufferedImage fetchImage(ViewServer from, String path) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(from.url() + path.substring(1))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode(), path);
        return ImageIO.read(new ByteArrayInputStream(r.body()));
    }

    /** Mean blue level away from the moving disc (rows near the top). */
    static double meanBlue(BufferedImage image) {
        double sum = 0;
        int n = 0;
        for (int y = 2; y < image.getHeight() / 4; y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                sum += image.getRGB(x, y) & 255;
                n++;
            }
        }
        return sum / n;
    }

    /** Pixels where some channel differs by more than {@link #DIFFERENT}. */
    static long differing(BufferedImage a, BufferedImage b) {
        long n = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    if (Math.abs((p >> shift & 255) - (q >> shift & 255)) > DIFFERENT) {
                        n++;
                        break;
                    }
                }
            }
        }
        return n;
    }

}
