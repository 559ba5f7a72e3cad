package dev.saccade.runtime.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.data.Task;
import dev.saccade.data.synth.SceneOptions;
import dev.saccade.data.synth.SyntheticEpisode;
import dev.saccade.gym.eye.GazeLimits;
import dev.saccade.runtime.agent.ExpertAgent;
import dev.saccade.runtime.loop.EpisodeResult;
import dev.saccade.runtime.loop.FrameListener;
import dev.saccade.runtime.loop.LoopSettings;
import dev.saccade.runtime.loop.RuntimeLoop;
import dev.saccade.runtime.robot.JointCommand;
import dev.saccade.runtime.robot.JointLimits;
import dev.saccade.runtime.robot.RobotState;
import dev.saccade.sphere.render.PyramidSpec;
import org.junit.jupiter.api.Test;

class SimWorldTest {
    static final SimSettings SMALL = SimSettings.defaults().withWidth(64);

    static SimWorld open(Task task, long seed) {
        return SimWorld.open(task, seed, SMALL, PyramidSpec.defaults(16));
    }

    @Test
    void aSeedOpensTheGeneratorsSceneInItsFirstState() {
        SimWorld w = open(Task.BRUSH_TRAY, 5);
        SyntheticEpisode demo = SimWorld.scene(Task.BRUSH_TRAY, 5, new SceneOptions(64, 3));
        float[] first = demo.state()[0];
        assertArrayEquals(first, w.robot().state().proprio());
        assertArrayEquals(demo.render(0).pixels(), w.renderPanorama().pixels(), "the live frame 0 is the demonstration's frame 0");
    }

    @Test
    void theScriptedExpertSucceedsInTheClosedLoopOnEveryTestedScene() throws Exception {
        RuntimeLoop loop = new RuntimeLoop(LoopSettings.defaults());
        for (Task task : Task.values()) {
            int n = 6, ok = 0;
            for (long seed = 1000; seed < 1000 + n; seed++) {
                SimWorld w = open(task, seed);
                EpisodeResult r = loop.run(w, new ExpertAgent(w.scene().demonstration(), 30, GazeLimits.DEFAULT), seed, FrameListener.NONE);
                ok += r.success() ? 1 : 0;
                if (r.success() && !w.scene().pressTask()) {
                    assertTrue(w.closeCommands() >= 1 && w.firstCloseMiss() < 0.03,
                            task + " seed " + seed + ": the expert closed " + w.closeCommands() + " times, first " + w.firstCloseMiss() + " m off");
                }
                if (r.success()) {
                    assertTrue(r.successFrame() > 30 && r.successFrame() <= w.scene().demonstration().frames() + 30,
                            task + " seed " + seed + " succeeded at frame " + r.successFrame());
                    assertEquals(0, r.rejectedChunks());
                }
            }
            assertTrue(ok >= Math.ceil(0.95 * n), task + ": the expert succeeded on " + ok + " of " + n);
        }
    }

    @Test
    void theSameSceneAndCommandsGiveTheSameEpisode() throws Exception {
        RuntimeLoop loop = new RuntimeLoop(LoopSettings.defaults());
        double[][] ends = new double[2][];
        int[] frames = new int[2];
        for (int k = 0; k < 2; k++) {
            SimWorld w = open(Task.WOOD_SQUARE, 1005);
            EpisodeResult r = loop.run(w, new ExpertAgent(w.scene().demonstration(), 30, GazeLimits.DEFAULT), 1005, FrameListener.NONE);
            frames[k] = r.successFrame();
            ends[k] = new double[] {w.objectPose().translation().x(), w.objectPose().translation().y(), w.objectPose().translation().z(),
                w.robot().state().joint(0), w.eye().state().gaze().yaw()};
        }
        assertEquals(frames[0], frames[1]);
        assertArrayEquals(ends[0], ends[1], 0.0);
    }

    @Test
    void holdingStillNeverDoesTheTask() {
        for (Task task : Task.values()) {
            SimWorld w = open(task, 1001);
            RobotState s = w.robot().state();
            for (int f = 0; f < 90; f++) {
                w.robot().command(new JointCommand(s.joints(), 1.0)); // closes the gripper on nothing
                w.tick();
            }
            assertFalse(w.success(), task.id());
            assertFalse(w.holding(), task.id() + ": closed on nothing");
            assertEquals(1.0, w.robot().state().gripper(), 1e-9, "with nothing between them the fingers close fully");
        }
    }

    @Test
    void theArmKeepsToItsSpeedAndAccelerationLimitsWhateverItIsTold() {
        SimWorld w = open(Task.TOWEL_BUCKET, 1002);
        JointLimits limits = w.robot().limits();
        double period = w.robot().period();
        double[] far = {2.5, -2.5, 3.0, -3.0, 3.0, -6.0};
        double[] prevQ = w.robot().state().joints(), prevV = w.robot().state().velocities();
        for (int f = 0; f < 120; f++) {
            double[] target = f % 40 < 20 ? far : limits.min();
            w.robot().command(new JointCommand(target, f % 2));
            w.tick();
            RobotState s = w.robot().state();
            for (int j = 0; j < 6; j++) {
                double v = s.velocities()[j];
                assertTrue(Math.abs(v) <= limits.velocity(j) + 1e-9, "joint " + j + " at " + v + " rad/s");
                assertTrue(Math.abs(s.joint(j) - prevQ[j]) <= limits.velocity(j) * period + 1e-9);
                assertTrue(Math.abs(v - prevV[j]) <= limits.acceleration(j) * period + 1e-9, "joint " + j + " accelerated too hard at frame " + f + ": " + prevV[j] + " -> " + v + " q " + s.joint(j));
                assertTrue(s.joint(j) >= limits.min(j) && s.joint(j) <= limits.max(j));
            }
            prevQ = s.joints();
            prevV = s.velocities();
        }
    }

    @Test
    void anObjectLetGoOfAboveTheTableFallsOntoItAndDoesNotCount() throws Exception {
        SimWorld w = open(Task.ERASER_STAND, 1003);
        SyntheticEpisode demo = w.scene().demonstration();
        float[][] actions = demo.action();
        int f = 0;
        while (!w.holding() && f < actions.length) {
            w.robot().command(command(actions[f++]));
            w.tick();
        }
        assertTrue(w.holding(), "the expert's plan grasps the object");
        for (int k = 0; k < 20; k++) { // lift with it
            w.robot().command(command(actions[Math.min(actions.length - 1, f++)]));
            w.tick();
        }
        double z = w.objectPose().translation().z();
        assertTrue(z > 0.05, "lifted to " + z);
        double[] here = w.robot().state().joints();
        for (int k = 0; k < 40; k++) {
            w.robot().command(new JointCommand(here, 0));
            w.tick();
        }
        assertFalse(w.holding());
        assertEquals(0.0, w.objectPose().translation().z(), 1e-9, "it rests on the table top");
        assertFalse(w.success());
    }

    @Test
    void anExpertAimingTenCentimetresOffMissesTheGraspAndFails() throws Exception {
        RuntimeLoop loop = new RuntimeLoop(LoopSettings.defaults().withMaxFrames(400));
        for (Task task : new Task[] {Task.TOWEL_BUCKET, Task.ERASER_STAND, Task.ESTOP_PRESS}) {
            SimWorld w = open(task, 1004);
            ExpertAgent expert = new ExpertAgent(w.scene().demonstration(), 30, GazeLimits.DEFAULT);
            dev.saccade.runtime.loop.Agent off = new dev.saccade.runtime.loop.Agent() {
                @Override
                public String name() {
                    return "off";
                }

                @Override
                public java.util.Optional<PyramidSpec> pyramid() {
                    return java.util.Optional.empty();
                }

                @Override
                public void reset(Task t, long seed) {}

                @Override
                public dev.saccade.runtime.loop.AgentAction act(dev.saccade.runtime.loop.Percept p) {
                    dev.saccade.runtime.loop.AgentAction a = expert.act(p);
                    float[] c = a.chunk().clone();
                    for (int i = 0; i < c.length; i += 7) {
                        c[i] += 0.2f; // the base turned 11.5°: about 10 cm sideways at the props' distance
                    }
                    return new dev.saccade.runtime.loop.AgentAction(a.eyeAction(), c);
                }
            };
            EpisodeResult r = loop.run(w, off, 1004, FrameListener.NONE);
            assertFalse(r.success(), task.id());
            if (!w.scene().pressTask()) {
                assertTrue(w.firstCloseMiss() > 0.05, task.id() + ": closed " + w.firstCloseMiss() + " m from the grip point");
            }
        }
    }

    static JointCommand command(float[] action) {
        double[] q = new double[6];
        for (int j = 0; j < 6; j++) {
            q[j] = action[j];
        }
        return new JointCommand(q, action[6]);
    }
}
