package dev.saccade.runtime.ur;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.data.Task;
import dev.saccade.gym.eye.GazeLimits;
import dev.saccade.robot.sim.ArmState;
import dev.saccade.robot.sim.SimulatedController;
import dev.saccade.robot.ur.UrDriverException;
import dev.saccade.robot.ur.UrRtdeDriver;
import dev.saccade.runtime.agent.ExpertAgent;
import dev.saccade.runtime.eye.EyeLimits;
import dev.saccade.runtime.bridge.BridgeEndpoint;
import dev.saccade.runtime.bridge.ZmqEye;
import dev.saccade.runtime.loop.EpisodeResult;
import dev.saccade.runtime.robot.JointCommand;
import dev.saccade.runtime.loop.FrameListener;
import dev.saccade.runtime.loop.LoopSettings;
import dev.saccade.runtime.loop.RuntimeLoop;
import dev.saccade.runtime.sim.SimSettings;
import dev.saccade.runtime.sim.SimWorld;
import dev.saccade.sphere.render.PyramidSpec;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The closed loop over RTDE on loopback: the runtime drives {@code sim-robot}'s world through the
 * UR driver, episodes end as they do in process, and a dropped connection stops everything.
 */
class OverRtdeTest {
    private static final SimSettings SIM = SimSettings.defaults().withWidth(64).withMaxSeconds(8);
    private static final LoopSettings LOOP = LoopSettings.defaults().withMaxFrames(240);

    private static WorldController serve(Task task) throws Exception {
        return WorldController.start(task, 1000, SIM, SimulatedController.Settings.loopback(true), Optional.empty());
    }

    private static UrCell connect(WorldController w, int rtdePort, Task task) throws Exception {
        UrCell.Settings s = new UrCell.Settings("127.0.0.1", rtdePort, w.controller().scriptPort(), 125, true);
        // An eye bridge no one serves: the expert needs no frames; gaze and hand commands go out unheard.
        ZmqEye eye = new ZmqEye(BridgeEndpoint.loopback(BridgeEndpoint.DEFAULT_PORT + 7), EyeLimits.DEFAULT, PyramidSpec.defaults(16),
                SIM.antialias(), UrCell.PERIOD);
        return UrCell.connect(s, eye, task);
    }

    private static ExpertAgent expert(Task task, long seed) {
        return new ExpertAgent(SimWorld.open(task, seed, SIM, PyramidSpec.defaults(16)).scene().demonstration(), 30, GazeLimits.DEFAULT);
    }

    @Test
    void theExpertSucceedsOverRtdeOnTheScenesItSucceedsOnInProcess() throws Exception {
        Task task = Task.ESTOP_PRESS;
        RuntimeLoop loop = new RuntimeLoop(LOOP);
        try (WorldController w = serve(task); UrCell cell = connect(w, w.controller().rtdePort(), task)) {
            for (long seed = 1000; seed < 1002; seed++) {
                SimWorld local = SimWorld.open(task, seed, SIM, PyramidSpec.defaults(16));
                EpisodeResult inProcess = loop.run(local, expert(task, seed), seed, FrameListener.NONE);
                cell.beginEpisode(seed);
                assertEquals(seed, w.backend().view().seed(), "the controller serves the asked scene");
                EpisodeResult remote = loop.run(cell, expert(task, seed), seed, FrameListener.NONE);
                cell.robot().stop();
                assertTrue(inProcess.success(), "in process, seed " + seed);
                assertTrue(remote.success(), "over RTDE, seed " + seed + ": " + remote);
                assertEquals(0, remote.rejectedChunks());
                assertTrue(w.backend().world().success(), "the simulator's own world saw the task done");
                assertTrue(cell.link().contains("robot RUNNING | safety NORMAL"), cell.link());
            }
            assertEquals(0, w.controller().internalErrors());
        }
    }

    @Test
    void aDroppedConnectionStopsTheRunWithOneErrorAndNothingMovesAfter() throws Exception {
        Task task = Task.ESTOP_PRESS;
        try (WorldController w = serve(task); TcpCut cable = new TcpCut(w.controller().rtdePort());
             UrCell cell = connect(w, cable.port(), task)) {
            cell.beginEpisode(1000);
            RuntimeLoop loop = new RuntimeLoop(LOOP);
            FrameListener pullCable = (c, r) -> {
                if (r.frame() == 20) {
                    cable.cut();
                }
            };
            UrDriverException e = assertThrows(UrDriverException.class,
                    () -> loop.run(cell, expert(task, 1000), 1000, pullCable));
            assertTrue(e.getMessage().contains("controller closed the connection") || e.getMessage().contains("connection to the controller lost"),
                    e.getMessage());
            assertEquals(UrRtdeDriver.Status.FAULT, cell.driver().status());
            assertEquals(e.getMessage(), cell.driver().fault().orElseThrow(), "one error: the driver's fault, as thrown");
            // Every later command is refused with the same message.
            UrDriverException again = assertThrows(UrDriverException.class,
                    () -> cell.robot().command(new JointCommand(new double[6], 0)));
            assertEquals(e.getMessage(), again.getMessage());
            // The servo program's own watchdog stops the arm (the command word goes stale), and it stays put.
            ArmState rest = awaitRest(w.controller());
            long inputs = w.controller().inputPackages(); // packages in flight at the drop have been applied by now
            Thread.sleep(300);
            ArmState later = w.controller().armState();
            assertTrue(Arrays.equals(rest.q(), later.q()), "no motion after the stop: " + Arrays.toString(rest.q()) + " → " + Arrays.toString(later.q()));
            assertEquals(inputs, w.controller().inputPackages(), "nothing arrives after the drop");
        }
    }

    private static ArmState awaitRest(SimulatedController c) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            ArmState s = c.armState();
            if (s.atRest()) {
                return s;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the arm did not come to rest within 3 s: " + c.armState().maxSpeed() + " rad/s");
    }
}
