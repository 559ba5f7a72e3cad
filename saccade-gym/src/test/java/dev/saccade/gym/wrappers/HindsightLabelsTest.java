package dev.saccade.gym.wrappers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.data.Features;
import dev.saccade.data.Task;
import dev.saccade.data.robot.CameraMount;
import dev.saccade.gym.demo.Demonstration;
import dev.saccade.gym.demo.Demonstrations;
import dev.saccade.gym.demo.Direction;
import dev.saccade.gym.demo.ToyDemonstrations;
import dev.saccade.gym.demo.WithoutAnnotations;
import dev.saccade.sphere.Sphere;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HindsightLabelsTest {
    /** A 10-frame episode at 10 fps whose gripper is commanded closed on frames [close, open). */
    private static Demonstration gripping(int close, int open) {
        int n = 10;
        float[] state = new float[n * Features.JOINT_DIM];
        float[] action = new float[n * Features.JOINT_DIM];
        for (int f = close; f < open; f++) {
            action[f * Features.JOINT_DIM + Features.GRIPPER] = 1;
        }
        return new Demonstration(0, Task.TOWEL_BUCKET, 10, n, state, action, Optional.empty());
    }

    @Test
    void eachFrameAimsAtTheNextChangeOfGripThenTheLastOne() {
        // Closes at 3 (the grasp: frames 0-2 aim there), opens at 7 (the release: frames 3-6 aim there), and
        // after the release the object stays where it was let go (frames 7-9).
        assertArrayEquals(new int[] {3, 3, 3, 7, 7, 7, 7, 7, 7, 7}, HindsightLabels.aimFrames(gripping(3, 7)));
        // Never changing grip: where the gripper will be a second (10 frames) ahead, within the episode.
        assertArrayEquals(new int[] {9, 9, 9, 9, 9, 9, 9, 9, 9, 9}, HindsightLabels.aimFrames(gripping(0, 0)));
    }

    @Test
    void aPressTaskAimsEveryFrameAtThePressNotAtItsChangesOfGrip() {
        // The e-stop demonstration closes the hand on the way (frame 1) and opens it on the way back (frame 8); the press is
        // where the pads come lowest (frame 5, an arm reaching down to the table; every other frame the arm is raised).
        float[] raised = {0.3f, -1.9f, 2.0f, -1.67f, -1.57f, 0f};
        float[] down = {0.3f, -0.9f, 1.9f, -2.57f, -1.57f, 0f};
        int n = 10;
        float[] state = new float[n * Features.JOINT_DIM];
        float[] action = new float[n * Features.JOINT_DIM];
        for (int f = 0; f < n; f++) {
            System.arraycopy(f == 5 ? down : raised, 0, state, f * Features.JOINT_DIM, 6);
            action[f * Features.JOINT_DIM + Features.GRIPPER] = f >= 1 && f < 8 ? 1 : 0;
        }
        assertTrue(CameraMount.gripperCentre(state, 5 * Features.JOINT_DIM).z() < CameraMount.gripperCentre(state, 0).z(), "frame 5 is lowest");
        CameraMount mount = CameraMount.at(-0.3, 0, 0.6);
        Demonstration press = new Demonstration(0, Task.ESTOP_PRESS, 10, n, state, action, Optional.empty());
        Direction[] aims = HindsightLabels.aims(press, mount);
        double[] pressed = mount.gripperAt(CameraMount.gripperCentre(state, 5 * Features.JOINT_DIM));
        for (int f = 0; f < n; f++) {
            assertEquals(pressed[0], aims[f].yaw(), 1e-12, "frame " + f);
            assertEquals(pressed[1], aims[f].pitch(), 1e-12, "frame " + f);
        }
        // The same motion as a pick-and-place demonstration aims at its changes of grip instead.
        Demonstration carry = new Demonstration(0, Task.TOWEL_BUCKET, 10, n, state, action, Optional.empty());
        assertArrayEquals(new int[] {1, 8, 8, 8, 8, 8, 8, 8, 8, 8}, HindsightLabels.aimFrames(carry));
        assertTrue(Math.abs(HindsightLabels.aims(carry, mount)[0].pitch() - pressed[1]) > 1e-3, "the grasp is not the press");
    }

    @Test
    void hindsightFromJointsAndCalibrationFindsTheRelevantThingWithoutItsAnnotation() {
        // Training's view of the episodes reads no annotation; the evaluation's view checks the aim against them.
        try (Demonstrations all = ToyDemonstrations.generate(4, 64, 11)) {
            Demonstrations training = WithoutAnnotations.of(all);
            CameraMount mount = training.camera().orElseThrow();
            int frames = 0;
            int near = 0;
            for (int e = 0; e < all.episodes().size(); e++) {
                Direction[] aims = HindsightLabels.aims(training.episodes().get(e), mount);
                Demonstration truth = all.episodes().get(e);
                if (HindsightLabels.pressTask(truth)) {
                    continue; // the toy carries its object in every task, the e-stop too; the press has its own test above
                }
                for (int f = 0; f < truth.length(); f++) {
                    Direction relevant = truth.relevant(f);
                    double deg = Math.toDegrees(Sphere.angleBetween(aims[f].yaw(), aims[f].pitch(), relevant.yaw(), relevant.pitch()));
                    frames++;
                    near += deg < 8.65 ? 1 : 0; // inside the fovea's half-width
                }
            }
            double share = near / (double) frames;
            System.out.printf("hindsight aim in the fovea's half-width of the relevant thing: %.3f of %d frames%n", share, frames);
            assertTrue(share > 0.8, "share " + share);
        }
    }
}
