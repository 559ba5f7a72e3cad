package dev.saccade.data.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.core.InputException;
import dev.saccade.data.Task;
import dev.saccade.data.lerobot.DatasetCheck;
import dev.saccade.data.lerobot.Episode;
import dev.saccade.data.lerobot.LeRobotDataset;
import dev.saccade.data.video.VideoEncoder;
import dev.saccade.data.video.VideoSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code saccade import}: a video and a joint log become an episode; every bad input is named and nothing is written. */
class CaptureImportTest {
    static final String HEADER = "timestamp,shoulder_pan,shoulder_lift,elbow,wrist_1,wrist_2,wrist_3,gripper";

    @TempDir
    static Path shared;
    static Path pano;
    static Path wide;

    @TempDir
    Path tmp;

    @BeforeAll
    static void videos() throws IOException {
        pano = shared.resolve("pano.mp4");
        wide = shared.resolve("wide.mp4");
        encode(pano, 64, 32, 45);
        encode(wide, 64, 48, 10);
    }

    static void encode(Path file, int w, int h, int frames) throws IOException {
        try (VideoEncoder e = new VideoEncoder(file, w, h, 30, new VideoSettings(2, 2, 1))) {
            for (int t = 0; t < frames; t++) {
                int[] px = new int[w * h];
                for (int i = 0; i < px.length; i++) {
                    px[i] = ((i % w) * 4 << 16) | ((i / w) * 6 << 8) | (t * 5 & 255);
                }
                e.write(px, w, h);
            }
            e.finish();
        }
    }

    /** A log from {@code from} to {@code to} s every 10 ms; joint j moves linearly: q_j = 0.1·(j+1)·t, gripper t/10. */
    Path log(double from, double to) throws IOException {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (int i = 0; from + i * 0.01 <= to + 1e-9; i++) {
            double t = from + i * 0.01;
            sb.append(String.format(Locale.ROOT, "%.2f", t));
            for (int j = 0; j < 6; j++) {
                sb.append(',').append(String.format(Locale.ROOT, "%.6f", 0.1 * (j + 1) * t));
            }
            sb.append(',').append(String.format(Locale.ROOT, "%.6f", t / 10)).append('\n');
        }
        return write("log.csv", sb.toString());
    }

    Path write(String name, String text) throws IOException {
        Path f = tmp.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    CaptureImport.Options options(Path video, Path joints, double offset) {
        return new CaptureImport.Options(video, joints, Task.ERASER_STAND.id(), tmp.resolve("ds"), offset, 0,
                Double.POSITIVE_INFINITY, 0, JointLog.Interpolation.LINEAR, VideoSettings.DEFAULT);
    }

    @Test
    void importResamplesTheLogOntoVideoFramesAndAppends() throws Exception {
        Path joints = log(4.9, 7.0);
        CaptureImport.Result r = CaptureImport.run(options(pano, joints, 5.0));
        assertEquals(0, r.episode());
        assertEquals(45, r.frames());
        CaptureImport.run(options(pano, joints, 5.25));
        assertEquals(List.of(), DatasetCheck.check(tmp.resolve("ds")));
        try (LeRobotDataset ds = LeRobotDataset.open(tmp.resolve("ds"))) {
            assertEquals(2, ds.episodes());
            assertEquals(List.of(Task.ERASER_STAND.instruction()), ds.tasks());
            Episode second = ds.read(1);
            for (int k = 0; k < 45; k++) {
                double t = 5.25 + k / 30.0;
                assertEquals(0.3 * t, second.state()[k][2], 1e-5, "elbow at frame " + k);
                assertEquals(t / 10, second.state()[k][6], 1e-5, "gripper at frame " + k);
                assertEquals(0.3 * (t + 1 / 30.0), second.action()[k][2], 1e-5, "action = next frame's state");
            }
            assertFalse(second.has(dev.saccade.data.Features.ANNOTATION_TOOL0), "real captures carry no annotations");
        }
    }

    @Test
    void aLogStampedInMicrosecondsCoversTheLastFrameItEndsAt() throws Exception {
        // Rows at each frame's time rounded to the microsecond, as a rig (or export-capture) writes them: the
        // last row lies a fraction of a microsecond before the last frame, which must still count as covered.
        StringBuilder sb = new StringBuilder(HEADER);
        for (String j : dev.saccade.data.Features.JOINT_NAMES) {
            sb.append(',').append(JointLog.ACTION_PREFIX).append(j);
        }
        sb.append('\n');
        for (int k = 0; k < 45; k++) {
            sb.append(String.format(Locale.ROOT, "%.6f", 100 + k / 30.0));
            for (int j = 0; j < 14; j++) {
                sb.append(',').append(String.format(Locale.ROOT, "%.3f", 0.01 * k));
            }
            sb.append('\n');
        }
        CaptureImport.Result r = CaptureImport.run(options(pano, write("micro.csv", sb.toString()), 100));
        assertEquals(45, r.frames());
        try (LeRobotDataset ds = LeRobotDataset.open(tmp.resolve("ds"))) {
            assertEquals(0.44, ds.read(0).state()[44][0], 1e-6, "the last frame gets the last row");
        }
        assertThrows(InputException.class, () -> CaptureImport.run(options(pano, write("micro.csv", sb.toString()), 100.001)),
                "a millisecond short is still not covered");
    }

    @Test
    void startAndEndTrimTheVideo() throws Exception {
        Path joints = log(0, 3);
        CaptureImport.Options o = options(pano, joints, 0);
        CaptureImport.Result r = CaptureImport.run(new CaptureImport.Options(o.video(), o.joints(), o.task(), o.out(), 0.5,
                0.5, 1.0, 0, JointLog.Interpolation.LINEAR, VideoSettings.DEFAULT));
        assertEquals(15, r.frames(), "frames at 0.5 s up to (not including) 1.0 s");
        try (LeRobotDataset ds = LeRobotDataset.open(o.out())) {
            assertEquals(0.1 * (0.5 + 0.5), ds.read(0).state()[0][0], 1e-5, "first frame is video time 0.5, log time 1.0");
        }
    }

    @Test
    void commandedJointsAreUsedAsActionsWhenTheLogHasThem() throws Exception {
        StringBuilder sb = new StringBuilder(HEADER);
        for (String j : dev.saccade.data.Features.JOINT_NAMES) {
            sb.append(",action.").append(j);
        }
        sb.append('\n');
        for (int i = 0; i <= 200; i++) {
            double t = i * 0.01;
            sb.append(String.format(Locale.ROOT, "%.2f,0,0,%.4f,0,0,0,0,0,0,%.4f,0,0,0,1%n", t, t, -t));
        }
        CaptureImport.run(options(pano, write("a.csv", sb.toString()), 0));
        try (LeRobotDataset ds = LeRobotDataset.open(tmp.resolve("ds"))) {
            Episode e = ds.read(0);
            assertEquals(-10 / 30.0, e.action()[10][2], 1e-5);
            assertEquals(1f, e.action()[10][6]);
        }
    }

    @Test
    void cubicInterpolationPassesThroughTheLoggedRows() throws Exception {
        JointLog log = JointLog.read(write("c.csv", HEADER + "\n0,0,0,0,0,0,0,0\n1,1,0,0,0,0,0,1\n2,4,0,0,0,0,0,0\n3,9,0,0,0,0,0,1\n"));
        assertArrayEquals(new float[] {4, 0, 0, 0, 0, 0, 0}, log.stateAt(2, JointLog.Interpolation.CUBIC), 0f);
        float mid = log.stateAt(1.5, JointLog.Interpolation.CUBIC)[0];
        assertEquals(2.25, mid, 0.1, "close to t² between rows");
        assertEquals(2.5, log.stateAt(1.5, JointLog.Interpolation.LINEAR)[0], 1e-6);
    }

    InputException rejected(CaptureImport.Options o) {
        InputException e = assertThrows(InputException.class, () -> CaptureImport.run(o));
        assertFalse(Files.exists(o.out()), "nothing is written: " + e.userMessage());
        assertFalse(Files.exists(o.out().resolveSibling(".ds.saccade-partial")), "no staging left behind");
        return e;
    }

    void assertNamed(InputException e, Path file, String text) {
        assertEquals(file, e.file().orElse(null), e.userMessage());
        assertTrue(e.getMessage().contains(text), "'" + e.getMessage() + "' should contain '" + text + "'");
    }

    @Test
    void aVideoThatIsNot2To1IsRejected() throws Exception {
        assertNamed(rejected(options(wide, log(0, 2), 0)), wide, "must be 2:1 (width = 2 × height), got 64×48");
    }

    @Test
    void aLogThatDoesNotCoverTheVideoIsRejected() throws Exception {
        Path joints = log(0, 1.0);
        assertNamed(rejected(options(pano, joints, 0)), joints, "covers 0.000 to 1.000 s but the video frames need 0.000 to 1.500 s");
    }

    @Test
    void nonMonotonicTimestampsAreRejectedWithTheLine() throws Exception {
        Path j = write("m.csv", HEADER + "\n0,0,0,0,0,0,0,0\n0.5,0,0,0,0,0,0,0\n# a comment\n0.4,0,0,0,0,0,0,0\n");
        assertNamed(rejected(options(pano, j, 0)), j, "line 5: timestamp 0.4 is not after 0.5 on line 3");
    }

    @Test
    void nanIsRejectedWithTheLineAndColumn() throws Exception {
        Path j = write("n.csv", HEADER + "\n0,0,0,0,0,0,0,0\n1,0,0,NaN,0,0,0,0\n");
        assertNamed(rejected(options(pano, j, 0)), j, "line 3: elbow is NaN; values must be finite");
    }

    @Test
    void wrongColumnsAreRejected() throws Exception {
        Path missing = write("w1.csv", "timestamp,shoulder_pan,shoulder_lift,elbow,wrist_1,wrist_2,wrist_3\n0,0,0,0,0,0,0\n");
        assertNamed(rejected(options(pano, missing, 0)), missing, "line 1: missing column gripper");
        Path unknown = write("w2.csv", HEADER + ",elbw\n0,0,0,0,0,0,0,0,0\n");
        assertNamed(rejected(options(pano, unknown, 0)), unknown, "line 1: unknown column 'elbw'");
        Path fields = write("w3.csv", HEADER + "\n0,0,0,0,0,0,0,0\n1,0,0,0,0,0,0\n");
        assertNamed(rejected(options(pano, fields, 0)), fields, "line 3: 7 fields, the header has 8");
    }

    @Test
    void badNumbersAndGripperRangeAreRejected() throws Exception {
        Path text = write("b1.csv", HEADER + "\n0,0,0,0,0,0,0,0\n1,0,abc,0,0,0,0,0\n");
        assertNamed(rejected(options(pano, text, 0)), text, "line 3: shoulder_lift is 'abc', not a number");
        Path grip = write("b2.csv", HEADER + "\n0,0,0,0,0,0,0,255\n");
        assertNamed(rejected(options(pano, grip, 0)), grip, "line 2: gripper is 255; the gripper must be in [0, 1]");
        Path one = write("b3.csv", HEADER + "\n0,0,0,0,0,0,0,0\n");
        assertNamed(rejected(options(pano, one, 0)), one, "has 1 data row; at least 2 are needed");
    }

    @Test
    void aMissingOrBrokenVideoIsRejected() throws Exception {
        Path none = tmp.resolve("none.mp4");
        assertNamed(rejected(options(none, log(0, 2), 0)), none, "no such file");
        Path junk = write("junk.mp4", "not a video at all");
        InputException e = rejected(options(junk, log(0, 2), 0));
        assertEquals(junk, e.file().orElse(null));
    }

    @Test
    void aTruncatedFaststartVideoIsReportedAsTruncated() throws Exception {
        // The index is at the front (faststart), so the cut-off file still opens and lists every frame.
        for (double kept : new double[] {0.5, 0.8, 0.95}) {
            Path cut = tmp.resolve("cut-" + kept + ".mp4");
            byte[] whole = Files.readAllBytes(pano);
            Files.write(cut, java.util.Arrays.copyOf(whole, (int) (whole.length * kept)));
            assertNamed(rejected(options(cut, log(0, 2), 0)), cut, "truncated");
        }
    }

    @Test
    void aFailedImportLeavesAnExistingDatasetUntouched() throws Exception {
        Path joints = log(0, 2);
        CaptureImport.run(options(pano, joints, 0));
        String info = Files.readString(tmp.resolve("ds/meta/info.json"));
        Path bad = write("late.csv", HEADER + "\n10,0,0,0,0,0,0,0\n11,0,0,0,0,0,0,0\n");
        assertThrows(InputException.class, () -> CaptureImport.run(options(pano, bad, 0)));
        assertEquals(info, Files.readString(tmp.resolve("ds/meta/info.json")));
        assertEquals(List.of(), DatasetCheck.check(tmp.resolve("ds")));
    }
}
