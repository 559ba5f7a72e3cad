package dev.saccade.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.data.Task;
import dev.saccade.data.robot.CameraMount;
import dev.saccade.gym.demo.DatasetDemonstrations;
import dev.saccade.gym.demo.Demonstration;
import dev.saccade.gym.demo.Demonstrations;
import dev.saccade.gym.demo.Direction;
import dev.saccade.gym.demo.WithoutAnnotations;
import dev.saccade.gym.wrappers.HindsightLabels;
import dev.saccade.sphere.Sphere;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hindsight teacher's aim, made from what training sees (joints, gripper command, the camera's
 * calibration, the task), checked against the annotations of synthetic demonstrations of all five
 * tasks: the e-stop is pressed, not carried, and its aim must find the button too.
 */
class HindsightOnEveryTaskTest {
    @Test
    void theAimFindsTheRelevantThingInEveryTask(@TempDir Path dir) throws Exception {
        Path dataset = dir.resolve("all");
        CliRun gen = CliRun.of("generate", "--task", "all", "--episodes", "2", "--width", "32", "--seed", "7", "--out", dataset.toString());
        assertEquals(0, gen.exitCode(), gen.err());
        Map<Task, int[]> nearOfFrames = new EnumMap<>(Task.class);
        try (DatasetDemonstrations all = DatasetDemonstrations.open(dataset)) {
            Demonstrations training = WithoutAnnotations.of(all);
            CameraMount mount = training.camera().orElseThrow();
            for (int e = 0; e < all.episodes().size(); e++) {
                Direction[] aims = HindsightLabels.aims(training.episodes().get(e), mount);
                Demonstration truth = all.episodes().get(e);
                int[] c = nearOfFrames.computeIfAbsent(truth.task(), t -> new int[2]);
                for (int f = 0; f < truth.length(); f++) {
                    Direction r = truth.relevant(f);
                    c[0] += Sphere.angleBetween(aims[f].yaw(), aims[f].pitch(), r.yaw(), r.pitch()) < Math.toRadians(8.65) ? 1 : 0;
                    c[1]++;
                }
            }
        }
        assertEquals(Task.values().length, nearOfFrames.size(), "every task generated");
        nearOfFrames.forEach((task, c) -> {
            double share = c[0] / (double) c[1];
            System.out.printf("%s: hindsight aim within the fovea's half-width of the relevant thing on %.3f of %d frames%n", task.id(),
                    share, c[1]);
            // Measured 100 % for every task on the 90-episode demo dataset; before the press rule the e-stop's was 0 %.
            assertTrue(share > 0.9, task.id() + ": " + share);
        });
    }
}
