package dev.saccade.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.data.video.VideoEncoder;
import dev.saccade.data.video.VideoSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code saccade import}, {@code dataset info} and {@code dataset check} from the command line: output and exit codes. */
class DatasetCommandTest {
    @TempDir
    static Path tmp;
    static Path video;
    static Path log;

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.newCommandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @BeforeAll
    static void capture() throws Exception {
        video = tmp.resolve("pano.mp4");
        try (VideoEncoder e = new VideoEncoder(video, 64, 32, 30, new VideoSettings(2, 2, 1))) {
            for (int t = 0; t < 30; t++) {
                int[] px = new int[64 * 32];
                java.util.Arrays.fill(px, (t * 8) << 8);
                e.write(px, 64, 32);
            }
            e.finish();
        }
        StringBuilder sb = new StringBuilder("timestamp,shoulder_pan,shoulder_lift,elbow,wrist_1,wrist_2,wrist_3,gripper\n");
        for (int i = 0; i <= 150; i++) {
            sb.append(String.format(Locale.ROOT, "%.2f,%.3f,-1.5,1.4,-1.5,-1.57,0,0.5%n", 100 + i * 0.01, i * 0.001));
        }
        log = tmp.resolve("log.csv");
        Files.writeString(log, sb.toString());
    }

    @Test
    void importThenInfoThenCheck() {
        Path ds = tmp.resolve("ds1");
        Run imp = run("import", "--video", video.toString(), "--joints", log.toString(), "--task", "brush-tray",
                "--out", ds.toString(), "--offset", "100");
        assertEquals(0, imp.code(), imp.err());
        assertTrue(imp.out().startsWith("episode 0: 30 frames at 30 fps, 64×32"), imp.out());
        Run info = run("dataset", "info", ds.toString());
        assertEquals(0, info.code(), info.err());
        assertTrue(info.out().contains("episodes  1"), info.out());
        assertTrue(info.out().contains("frames    30"), info.out());
        assertTrue(info.out().contains("pick up the scrub brush and place it in the tray"), info.out());
        assertTrue(info.out().contains("observation.state"), info.out());
        Run check = run("dataset", "check", ds.toString());
        assertEquals(0, check.code(), check.err());
        assertEquals("ok: 1 episodes, 30 frames, 1 tasks", check.out().strip());
        Path png = tmp.resolve("f.png");
        Run frame = run("dataset", "frame", ds.toString(), "--episode", "0", "--frame", "29", "--out", png.toString());
        assertEquals(0, frame.code(), frame.err());
        assertEquals(64, dev.saccade.sphere.EquirectFrame.load(png).width());
        assertTrue(frame.out().contains("t=0.967 s"), frame.out());
        assertEquals(2, run("dataset", "frame", ds.toString(), "--episode", "0", "--frame", "30", "--out", png.toString()).code());
    }

    @Test
    void checkExitsWithOneAndNamesTheFileOfEachProblem() throws Exception {
        Path ds = tmp.resolve("ds2");
        assertEquals(0, run("import", "--video", video.toString(), "--joints", log.toString(), "--task", "estop-press",
                "--out", ds.toString(), "--offset", "100").code());
        Path stats = ds.resolve("meta/stats.json");
        Files.writeString(stats, "{}");
        Run check = run("dataset", "check", ds.toString());
        assertEquals(1, check.code());
        assertTrue(check.err().contains("saccade: " + stats.toAbsolutePath() + ": observation.state: no statistics"), check.err());
        assertTrue(check.err().strip().endsWith("problems in " + ds), check.err());
    }

    @Test
    void badDataExitsWithOneAndBadFlagsWithTwo() {
        Path ds = tmp.resolve("ds3");
        Run late = run("import", "--video", video.toString(), "--joints", log.toString(), "--task", "estop-press",
                "--out", ds.toString(), "--offset", "0");
        assertEquals(1, late.code());
        assertTrue(late.err().startsWith("saccade: " + log + ": covers 100.000 to 101.500 s"), late.err());
        assertFalse(Files.exists(ds));
        Run task = run("import", "--video", video.toString(), "--joints", log.toString(), "--task", "juggle", "--out", ds.toString());
        assertEquals(2, task.code());
        assertTrue(task.err().contains("unknown task 'juggle'"), task.err());
        assertEquals(2, run("dataset", "info").code());
        Run missing = run("dataset", "info", tmp.resolve("nothing").toString());
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("no such directory"), missing.err());
    }
}
