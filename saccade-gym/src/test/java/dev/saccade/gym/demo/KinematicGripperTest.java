package dev.saccade.gym.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.data.Features;
import dev.saccade.data.Task;
import dev.saccade.data.lerobot.DatasetSpec;
import dev.saccade.data.lerobot.DatasetWriter;
import dev.saccade.data.lerobot.EpisodeWriter;
import dev.saccade.data.robot.CameraMount;
import dev.saccade.data.synth.Camera360;
import dev.saccade.data.synth.EpisodeGenerator;
import dev.saccade.data.synth.SceneOptions;
import dev.saccade.data.synth.SyntheticEpisode;
import dev.saccade.data.video.VideoSettings;
import dev.saccade.sphere.Sphere;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gripper's direction from what a rig knows (FK + the calibration in info.json) is the synthetic annotation's, through a dataset. */
class KinematicGripperTest {
    @TempDir
    Path tmp;

    @Test
    void gripperFromKinematicsAndTheDatasetsCalibrationMatchesItsAnnotation() throws Exception {
        SyntheticEpisode e = EpisodeGenerator.generate(Task.TOWEL_BUCKET, 5, new SceneOptions(32, 0));
        Path ds = tmp.resolve("synthetic");
        DatasetSpec spec = DatasetSpec.saccade(Features.DEFAULT_FPS, 32, 16, true).withVideo(new VideoSettings(2, 4.0, 1))
                .withCamera(Camera360.MOUNT);
        try (DatasetWriter w = DatasetWriter.create(ds, spec); EpisodeWriter ep = w.beginEpisode(e.task().instruction())) {
            for (int f = 0; f < e.frames(); f++) {
                Map<String, float[]> values = new LinkedHashMap<>();
                values.put(Features.STATE, e.state()[f]);
                values.put(Features.ACTION, e.action()[f]);
                values.put(Features.ANNOTATION_OBJECT, e.objectAnnotation()[f]);
                values.put(Features.ANNOTATION_TARGET, e.targetAnnotation()[f]);
                values.put(Features.ANNOTATION_GRIPPER, e.gripperAnnotation()[f]);
                values.put(Features.ANNOTATION_TOOL0, e.tool0()[f]);
                ep.addFrame(new int[32 * 16], 32, 16, values);
            }
            ep.commit();
            w.finish();
        }
        try (DatasetDemonstrations all = DatasetDemonstrations.open(ds)) {
            Demonstrations training = WithoutAnnotations.of(all);
            CameraMount mount = training.camera().orElseThrow();
            assertEquals(Camera360.MOUNT, mount);
            Demonstration seen = training.episodes().get(0);
            Demonstration truth = all.episodes().get(0);
            assertTrue(seen.annotationsWithheld());
            for (int f = 0; f < seen.length(); f += 5) {
                Direction fk = seen.gripperFromKinematics(f, mount); // training side: no annotation read
                Direction annotated = truth.gripperDirection(f);  // evaluation side
                assertEquals(0, Sphere.angleBetween(fk.yaw(), fk.pitch(), annotated.yaw(), annotated.pitch()), 1e-5, "frame " + f);
                assertEquals(annotated.radius(), fk.radius(), 1e-5);
            }
        }
    }
}
