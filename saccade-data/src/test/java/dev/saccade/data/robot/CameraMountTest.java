package dev.saccade.data.robot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.core.InputException;
import dev.saccade.data.Task;
import dev.saccade.data.lerobot.DatasetInfo;
import dev.saccade.data.lerobot.DatasetSpec;
import dev.saccade.data.lerobot.DatasetWriter;
import dev.saccade.data.lerobot.EpisodeWriter;
import dev.saccade.data.Features;
import java.util.Map;
import dev.saccade.data.synth.Camera360;
import dev.saccade.data.synth.EpisodeGenerator;
import dev.saccade.data.synth.SceneOptions;
import dev.saccade.data.synth.SyntheticEpisode;
import dev.saccade.sphere.Sphere;
import dev.saccade.sphere.Vec3;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CameraMountTest {
    @TempDir
    Path tmp;

    /** A one-episode dataset of two black frames whose info.json records {@code mount}. */
    private static void write(Path dir, CameraMount mount) throws Exception {
        try (DatasetWriter w = DatasetWriter.create(dir, DatasetSpec.saccade(30, 64, 32, false).withCamera(mount));
             EpisodeWriter ep = w.beginEpisode(Task.TOWEL_BUCKET.instruction())) {
            for (int f = 0; f < 2; f++) {
                ep.addFrame(new int[64 * 32], 64, 32, Map.of(Features.STATE, new float[7], Features.ACTION, new float[7]));
            }
            ep.commit();
            w.finish();
        }
    }

    @Test
    void gripperDirectionFromKinematicsAndCalibrationIsTheSyntheticAnnotation() {
        for (Task task : List.of(Task.TOWEL_BUCKET, Task.ESTOP_PRESS)) {
            SyntheticEpisode e = EpisodeGenerator.generate(task, 3, new SceneOptions(32, 0));
            float[][] state = e.state();
            float[][] annotation = e.gripperAnnotation();
            for (int f = 0; f < e.frames(); f += 7) {
                double[] d = Camera360.MOUNT.gripperDirection(state[f], 0);
                // the annotation is stored as floats, and the state's joints too: agree to float precision
                assertEquals(0, Sphere.angleBetween(d[0], d[1], annotation[f][0], annotation[f][1]), 1e-5, task + " frame " + f);
                assertEquals(annotation[f][2], d[2], 1e-5, "angular radius, " + task + " frame " + f);
            }
        }
    }

    @Test
    void orientationTurnsDirectionsAsDocumented() {
        Vec3 ahead = new Vec3(1, 0, 0.4); // 1 m along the base's +x, level with a camera at z 0.4
        CameraMount reference = CameraMount.at(0, 0, 0.4);
        double[] d = reference.direction(ahead);
        assertEquals(0, d[0], 1e-12);
        assertEquals(0, d[1], 1e-12);
        double[] yawed = new CameraMount(reference.position(), Math.toRadians(30), 0, 0).direction(ahead);
        assertEquals(Math.toRadians(-30), yawed[0], 1e-12, "a camera turned 30° left sees what is ahead 30° to its right");
        assertEquals(0, yawed[1], 1e-12);
        double[] pitched = new CameraMount(reference.position(), 0, Math.toRadians(20), 0).direction(ahead);
        assertEquals(Math.toRadians(-20), pitched[1], 1e-12, "a camera tilted up 20° sees the horizon 20° below its centre");
        Vec3 left = new Vec3(0, 1, 0.4); // base +y is the panorama's −x: 90° to the left
        assertEquals(Math.toRadians(-90), reference.direction(left)[0], 1e-12);
        double[] rolled = new CameraMount(reference.position(), 0, 0, Math.toRadians(90)).direction(left);
        assertEquals(Math.toRadians(-90), rolled[1], 1e-12, "rolled 90°, its up axis points at the base's −y, so +y is straight down");
    }

    @Test
    void calibrationRoundTripsThroughInfoJson() throws Exception {
        CameraMount mount = new CameraMount(new Vec3(-0.4, 0.05, 0.55), Math.toRadians(12.5), Math.toRadians(-3), Math.toRadians(1));
        Path ds = tmp.resolve("ds");
        write(ds, mount);
        CameraMount back = DatasetInfo.read(ds).camera().orElseThrow();
        assertEquals(mount.positionList(), back.positionList());
        for (int i = 0; i < 3; i++) {
            assertEquals(mount.orientationDegrees().get(i), back.orientationDegrees().get(i), 1e-12);
        }
        Path plain = tmp.resolve("plain");
        write(plain, Camera360.MOUNT);
        assertEquals(Camera360.MOUNT, DatasetInfo.read(plain).camera().orElseThrow());
        assertFalse(Files.readString(plain.resolve("meta/info.json")).contains("camera_orientation_deg"), "the reference orientation is not stored");
    }

    @Test
    void badCalibrationInInfoJsonIsAnErrorNamingTheKey() throws Exception {
        Path ds = tmp.resolve("ds");
        write(ds, Camera360.MOUNT);
        Path info = ds.resolve("meta/info.json");
        String good = Files.readString(info);
        Files.writeString(info, good.replaceFirst("\"camera_position_base\" : \\[[^]]*]", "\"camera_position_base\" : [ 1.0, 2.0 ]"));
        InputException arity = assertThrows(InputException.class, () -> DatasetInfo.read(ds));
        assertTrue(arity.userMessage().contains("saccade.camera_position_base") && arity.userMessage().contains(info.toString()), arity.userMessage());
        Files.writeString(info, good.replaceFirst("\"camera_position_base\" : \\[[^]]*]", "\"camera_position_base\" : [ 1.0, \"NaN\", 0.3 ]"));
        assertThrows(InputException.class, () -> DatasetInfo.read(ds));
        assertThrows(IllegalArgumentException.class, () -> CameraMount.at(0, Double.NaN, 1));
    }
}
