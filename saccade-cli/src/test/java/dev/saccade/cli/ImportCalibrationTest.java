package dev.saccade.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.data.lerobot.DatasetInfo;
import dev.saccade.data.robot.CameraMount;
import dev.saccade.data.video.VideoEncoder;
import dev.saccade.data.video.VideoSettings;
import java.util.Locale;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code saccade import --camera-position/--camera-orientation}: the rig's calibration into meta/info.json. */
class ImportCalibrationTest {
    @TempDir
    static Path tmp;

    static Path video;
    static Path log;

    @BeforeAll
    static void capture() throws Exception {
        video = tmp.resolve("pano.mp4");
        try (VideoEncoder e = new VideoEncoder(video, 64, 32, 30, new VideoSettings(2, 2, 1))) {
            for (int t = 0; t < 10; t++) {
                e.write(new int[64 * 32], 64, 32);
            }
            e.finish();
        }
        StringBuilder sb = new StringBuilder("timestamp,shoulder_pan,shoulder_lift,elbow,wrist_1,wrist_2,wrist_3,gripper\n");
        for (int i = 0; i <= 60; i++) {
            sb.append(String.format(Locale.ROOT, "%.2f,%.3f,-1.5,1.4,-1.5,-1.57,0,0.5%n", 100 + i * 0.01, i * 0.001));
        }
        log = tmp.resolve("log.csv");
        Files.writeString(log, sb.toString());
    }

    private static DatasetCommandTest.Run importInto(Path ds, String... calibration) {
        List<String> args = new java.util.ArrayList<>(List.of("import", "--video", video.toString(), "--joints",
                log.toString(), "--task", "towel-bucket", "--out", ds.toString(), "--offset", "100"));
        args.addAll(List.of(calibration));
        return DatasetCommandTest.run(args.toArray(String[]::new));
    }

    @Test
    void calibrationRoundTripsThroughImportAndInfoJson() throws Exception {
        Path ds = tmp.resolve("calibrated");
        DatasetCommandTest.Run r = importInto(ds, "--camera-position", "-0.35,0.02,0.4", "--camera-orientation", "15,-2.5,0");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("camera at [-0.35, 0.02, 0.4] m"), r.out());
        CameraMount m = DatasetInfo.read(ds).camera().orElseThrow();
        assertEquals(List.of(-0.35, 0.02, 0.4), m.positionList());
        assertEquals(15, m.orientationDegrees().get(0), 1e-12);
        assertEquals(-2.5, m.orientationDegrees().get(1), 1e-12);
        assertTrue(Files.readString(ds.resolve("meta/info.json")).contains("camera_position_base"));
        // appending without the flags keeps it; with the same calibration too
        assertEquals(0, importInto(ds).code());
        assertEquals(0, importInto(ds, "--camera-position", "-0.35,0.02,0.4", "--camera-orientation", "15,-2.5,0").code());
        assertEquals(m, DatasetInfo.read(ds).camera().orElseThrow());
        assertEquals(3, DatasetInfo.read(ds).totalEpisodes());
        // another rig's calibration is bad data, and the dataset is left as it was
        String before = Files.readString(ds.resolve("meta/info.json"));
        DatasetCommandTest.Run other = importInto(ds, "--camera-position", "0,0,1");
        assertEquals(1, other.code(), other.out());
        assertTrue(other.err().contains("saccade.camera_position_base"), other.err());
        assertEquals(before, Files.readString(ds.resolve("meta/info.json")));
    }

    @Test
    void withoutTheFlagsANewDatasetHasNoCalibration() {
        Path ds = tmp.resolve("uncalibrated");
        assertEquals(0, importInto(ds).code());
        assertTrue(DatasetInfo.read(ds).camera().isEmpty());
    }

    @Test
    void badCalibrationIsAUsageErrorAndWritesNothing() {
        String[][] bad = {
            {"--camera-position", "0.1,0.2"},                 // wrong arity
            {"--camera-position", "0.1,0.2,0.3,0.4"},
            {"--camera-position", "0.1,NaN,0.3"},             // not finite
            {"--camera-position", "0.1,,0.3"},                // a value missing
            {"--camera-position", "0.1,x,0.3"},
            {"--camera-position"},                            // the flag's value missing
            {"--camera-orientation", "10,0,0"},               // an orientation without a position
            {"--camera-position", "0,0,0.4", "--camera-orientation", "10,Infinity,0"},
        };
        for (String[] flags : bad) {
            Path ds = tmp.resolve("bad" + Math.abs(String.join(" ", flags).hashCode()));
            DatasetCommandTest.Run r = importInto(ds, flags);
            assertEquals(2, r.code(), String.join(" ", flags) + ": " + r.err());
            assertTrue(r.err().contains("--camera-"), String.join(" ", flags) + ": " + r.err());
            assertFalse(Files.exists(ds), "nothing written for " + String.join(" ", flags));
        }
    }
}
