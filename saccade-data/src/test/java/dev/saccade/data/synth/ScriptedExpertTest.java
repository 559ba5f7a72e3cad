package dev.saccade.data.synth;

import static org.junit.jupiter.api.Assertions.*;

import dev.saccade.data.Task;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ScriptedExpertTest {
    private static final int SEEDS = 100;

    @ParameterizedTest
    @EnumSource(Task.class)
    void theExpertCompletesItsTaskInAlmostEverySeed(Task task) {
        int done = 0;
        StringBuilder failures = new StringBuilder();
        for (long seed = 100; seed < 100 + SEEDS; seed++) {
            // Outcomes are measured on the simulated motion; nothing is rendered.
            Outcome o = EpisodeGenerator.generate(task, seed, new SceneOptions(16, 4)).outcome();
            if (o.success()) {
                done++;
            } else {
                failures.append(" seed ").append(seed).append(": ").append(o);
            }
        }
        assertTrue(done >= 0.95 * SEEDS, task + ": " + done + "/" + SEEDS + " done;" + failures);
    }

    @ParameterizedTest
    @EnumSource(value = Task.class, names = "ESTOP_PRESS", mode = EnumSource.Mode.EXCLUDE)
    void theObjectIsCarriedAndLeftOnTheTarget(Task task) {
        SyntheticEpisode e = EpisodeGenerator.generate(task, 11, new SceneOptions(16, 0));
        Motion m = e.motion();
        var start = m.objectPose()[0].translation();
        var end = m.objectPose()[m.frames() - 1].translation();
        var target = e.scene().target.pose().translation();
        assertTrue(Math.hypot(start.x() - target.x(), start.y() - target.y()) > 0.2, "starts away from the target");
        assertTrue(Math.hypot(end.x() - target.x(), end.y() - target.y()) <= e.outcome().tolerance());
        double highest = 0;
        for (var p : m.objectPose()) {
            highest = Math.max(highest, p.translation().z());
        }
        assertTrue(highest > 0.15, "the object is lifted over the clutter, peak " + highest);
        // Closed on the object, the measured gripper stops at the object's width.
        double maxState = 0;
        for (double g : m.gripperState()) {
            maxState = Math.max(maxState, g);
        }
        assertTrue(maxState < 1 && maxState > 0.05, "gripper stops on the object at " + maxState);
    }

    @ParameterizedTest
    @EnumSource(value = Task.class, names = "ESTOP_PRESS", mode = EnumSource.Mode.EXCLUDE)
    void keyFramesMarkTheGraspAndTheRelease(Task task) {
        SyntheticEpisode e = EpisodeGenerator.generate(task, 12, new SceneOptions(16, 2));
        KeyFrames k = e.keyFrames();
        Motion m = e.motion();
        assertTrue(0 == k.start() && k.start() < k.grasp() && k.grasp() < k.release() && k.release() < k.end());
        assertEquals(e.frames() - 1, k.end());
        var rest = m.objectPose()[0].translation();
        assertEquals(rest, m.objectPose()[k.grasp() - 1].translation(), "untouched before the grasp");
        assertTrue(m.objectPose()[k.grasp() + 10].translation().z() > rest.z() + 0.01, "lifted after the grasp");
        assertTrue(m.gripperCommand()[k.grasp()] > 0.9 && m.gripperCommand()[k.end()] < 0.1, "closed to grasp, open at the end");
    }

    @ParameterizedTest
    @EnumSource(value = Task.class, names = "ESTOP_PRESS")
    void theButtonIsPushedInAndReleased(Task task) {
        SyntheticEpisode e = EpisodeGenerator.generate(task, 4, new SceneOptions(16, 2));
        double[] depth = e.motion().buttonDepth();
        double deepest = 0;
        for (double d : depth) {
            deepest = Math.max(deepest, d);
        }
        assertTrue(deepest >= Outcome.PRESS_DEPTH);
        assertEquals(0, depth[0]);
        assertEquals(0, depth[depth.length - 1]);
        KeyFrames k = e.keyFrames();
        assertEquals(deepest, depth[k.grasp()]);
        assertEquals(0, depth[k.release()]);
        assertTrue(depth[k.release() - 1] > 0);
    }
}
