package dev.saccade.data.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.data.Task;
import dev.saccade.data.robot.Ur5e;
import org.junit.jupiter.api.Test;

class LiveSceneTest {
    private static final SceneOptions SMALL = new SceneOptions(64, 3);

    private static LiveScene.State stateAt(SyntheticEpisode e, int f) {
        Motion m = e.motion();
        return new LiveScene.State(m.joints()[f], m.gripperState()[f], m.objectPose()[f], m.buttonDepth()[f]);
    }

    @Test
    void liveFramesEqualTheDemonstrationsFramesForTheSameState() {
        for (Task task : new Task[] {Task.TOWEL_BUCKET, Task.ESTOP_PRESS}) {
            SyntheticEpisode e = EpisodeGenerator.generate(task, 3, SMALL);
            LiveScene.Renderer live = LiveScene.of(e).renderer();
            KeyFrames k = e.keyFrames();
            for (int f : new int[] {0, k.grasp(), Math.min(e.frames() - 1, k.release() + 4)}) {
                int[] rgb = new int[64 * 32];
                byte[] labels = new byte[64 * 32];
                live.render(stateAt(e, f), rgb, labels);
                int[] expectedRgb = new int[64 * 32];
                byte[] expectedLabels = new byte[64 * 32];
                e.renderer().render(f, expectedRgb, expectedLabels);
                assertArrayEquals(expectedRgb, rgb, task + " frame " + f);
                assertArrayEquals(expectedLabels, labels, task + " frame " + f);
            }
        }
    }

    @Test
    void theObjectIsBetweenTheFingersAtTheGraspButNotAtTheStart() {
        for (Task task : new Task[] {Task.TOWEL_BUCKET, Task.ERASER_STAND, Task.BRUSH_TRAY, Task.WOOD_SQUARE}) {
            for (long seed = 0; seed < 4; seed++) {
                SyntheticEpisode e = EpisodeGenerator.generate(task, seed, SMALL);
                LiveScene scene = LiveScene.of(e);
                int grasp = e.keyFrames().grasp();
                double[][] q = e.motion().joints();
                assertTrue(scene.betweenFingers(Ur5e.tool0(q[grasp]), scene.start().object()), task + " seed " + seed);
                assertFalse(scene.betweenFingers(Ur5e.tool0(q[0]), scene.start().object()), task + " seed " + seed);
            }
        }
    }

    @Test
    void predicatesAgreeWithTheDemonstrationsOutcome() {
        for (Task task : Task.values()) {
            for (long seed = 0; seed < 3; seed++) {
                SyntheticEpisode e = EpisodeGenerator.generate(task, seed, SMALL);
                LiveScene scene = LiveScene.of(e);
                Motion m = e.motion();
                boolean done;
                if (scene.pressTask()) {
                    done = scene.pressed(Ur5e.tool0(m.joints()[e.keyFrames().grasp()]));
                    assertFalse(scene.pressed(Ur5e.tool0(m.joints()[0])));
                } else {
                    done = scene.placed(m.objectPose()[e.frames() - 1]);
                    assertFalse(scene.placed(m.objectPose()[0]), "the object does not start on its target");
                }
                assertEquals(e.outcome().success(), done, task + " seed " + seed);
            }
        }
    }
}
