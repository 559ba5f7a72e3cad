package dev.saccade.robot.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.robot.ur.JointLimits;
import dev.saccade.robot.ur.ServoScript;
import dev.saccade.robot.ur.UrDriverException;
import dev.saccade.robot.ur.UrRtdeDriver;
import dev.saccade.robot.ur.UrState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Saccade's driver against the simulated controller over loopback TCP, in real time. */
@Timeout(30)
class DriverAgainstSimulatorTest {
    /** Generous timeouts: these tests check behaviour, not timing, on a machine shared with others. */
    private static UrRtdeDriver.Settings settings(double hz) {
        return UrRtdeDriver.Settings.defaults().withFrequency(hz).withTimeouts(0.5, 3.0);
    }

    @Test
    void driverSetsUpUploadsTheProgramAndServoesTheArmToAGoal() throws Exception {
        try (SimulatedController sim = SimulatedController.start(SimulatedController.Settings.loopback(true),
                KinematicArm.ur5eHome());
                UrRtdeDriver driver = UrRtdeDriver.connect("127.0.0.1", sim.rtdePort(), settings(125))) {
            assertEquals("5.21.0.0", driver.controllerVersion().toString());
            assertEquals(UrRtdeDriver.Status.READY, driver.status());
            driver.uploadProgram(ServoScript.DEFAULT, sim.scriptPort(), 5000);
            assertTrue(sim.programRunning());

            double[] goal = KinematicArm.HOME.clone();
            goal[0] += 0.3;
            goal[5] -= 0.2;
            double[] last = driver.state().orElseThrow().q();
            boolean reached = false;
            for (int i = 0; i < 1500 && !reached; i++) { // at most 1500 states (12 s at 125 Hz)
                long seen = driver.stateCount();
                UrState s = driver.awaitState(seen, 1000).orElseThrow();
                assertTrue(JointLimits.UR5E.contains(s.q()));
                if (driver.status() == UrRtdeDriver.Status.HALTED) {
                    driver.rearm(); // this thread was paused past the watchdog by a loaded machine: go on
                }
                last = driver.servo(goal).target();
                reached = maxDiff(s.q(), goal) < 1e-3;
            }
            assertTrue(reached, "the arm reached the goal; last target " + java.util.Arrays.toString(last));
            UrState s = driver.state().orElseThrow();
            assertEquals(UrState.ROBOT_MODE_RUNNING, s.robotMode());
            assertEquals(UrState.SAFETY_MODE_NORMAL, s.safetyMode());
            assertTrue(s.programRunning());
            assertEquals(ServoScript.STATUS_SERVOING, s.programStatus());
        }
    }

    @Test
    void aSecondClientFindsTheInputsInUseUntilTheFirstLeaves() throws Exception {
        try (SimulatedController sim = SimulatedController.start(SimulatedController.Settings.loopback(true),
                KinematicArm.ur5eHome())) {
            UrRtdeDriver first = UrRtdeDriver.connect("127.0.0.1", sim.rtdePort(), settings(125));
            UrDriverException refused = assertThrows(UrDriverException.class,
                    () -> UrRtdeDriver.connect("127.0.0.1", sim.rtdePort(), settings(125)));
            assertTrue(refused.getMessage().contains("IN_USE"), refused.getMessage());
            first.close();
            UrRtdeDriver second = null;
            for (int attempt = 0; attempt < 100 && second == null; attempt++) { // the server frees them when it sees the close
                try {
                    second = UrRtdeDriver.connect("127.0.0.1", sim.rtdePort(), settings(125));
                } catch (UrDriverException e) {
                    Thread.sleep(20);
                }
            }
            assertTrue(second != null, "the inputs were freed");
            second.close();
        }
    }

    @Test
    void droppedConnectionFaultsTheDriverWithOneMessageAndNoFurtherCommands() throws Exception {
        SimulatedController sim = SimulatedController.start(SimulatedController.Settings.loopback(true),
                KinematicArm.ur5eHome());
        UrRtdeDriver driver = UrRtdeDriver.connect("127.0.0.1", sim.rtdePort(), settings(125));
        driver.uploadProgram(ServoScript.DEFAULT, sim.scriptPort(), 5000);
        driver.servo(KinematicArm.HOME);
        sim.close();
        for (int i = 0; i < 500 && driver.status() != UrRtdeDriver.Status.FAULT; i++) {
            Thread.sleep(10);
        }
        assertEquals(UrRtdeDriver.Status.FAULT, driver.status());
        String message = driver.fault().orElseThrow();
        assertTrue(message.contains("controller"), message);
        UrDriverException e = assertThrows(UrDriverException.class, () -> driver.servo(KinematicArm.HOME));
        assertEquals(message, e.getMessage(), "the same one message every time");
        driver.close();
    }

    @Test
    void scriptPortAcknowledgesTheServoProgramAndRefusesOthers() throws Exception {
        try (SimulatedController sim = SimulatedController.start(SimulatedController.Settings.loopback(false),
                KinematicArm.ur5eHome())) {
            assertTrue(send(sim.scriptPort(), ServoScript.DEFAULT.render()).contains("running"));
            assertTrue(sim.programRunning());
            assertTrue(send(sim.scriptPort(), "stopj(2.0)").contains("stopped"));
            assertTrue(!sim.programRunning());
            assertTrue(send(sim.scriptPort(), "def other():\n  movej([0,0,0,0,0,0])\nend").contains("not run"));
            assertTrue(!sim.programRunning());
        }
    }

    @Test
    void theRenderedProgramReadsBackWithItsSettings() {
        ServoScript s = new ServoScript(0.05, 500, 0.3, 15);
        String text = s.render();
        assertTrue(text.contains("servoj(q, 0, 0, period, LOOKAHEAD, GAIN)"));
        assertTrue(text.contains("stopj(STOP_DECELERATION)"));
        assertEquals(Optional.of(s), ServoScript.parse(text));
    }

    private static String send(int port, String script) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write((script + "\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            socket.shutdownOutput();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream reply = new ByteArrayOutputStream();
            in.transferTo(reply);
            return reply.toString(StandardCharsets.US_ASCII);
        }
    }

    private static double maxDiff(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }
}
