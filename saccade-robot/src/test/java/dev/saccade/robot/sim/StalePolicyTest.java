package dev.saccade.robot.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.saccade.robot.rtde.Recipe;
import dev.saccade.robot.rtde.RtdeMessages;
import dev.saccade.robot.ur.JointLimits;
import dev.saccade.robot.ur.ServoScript;
import dev.saccade.robot.ur.UrRtdeDriver;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Injected stalls: the policy stops sending while the arm moves near its speed limit, and the arm
 * must be at rest within 0.5 s on the simulator's clock. Every step runs in lockstep (the
 * simulator advances one cycle only after the driver's package arrived and the driver saw the
 * cycle's state), so the figures do not depend on the machine's load.
 */
@Timeout(60)
class StalePolicyTest {
    private static final int STALLS = 100;
    private static final int MOVE_CYCLES = 80;
    private static final double BOUND = 0.5;

    /** The driver's watchdog: the caller stops calling servo(); the driver halts the arm. */
    @Test
    void driverWatchdogStopsTheArmWithinHalfASecondOfAStall() throws Exception {
        try (SimulatedController sim = SimulatedController.start(SimulatedController.Settings.loopback(false),
                KinematicArm.ur5eHome())) {
            sim.startProgram(ServoScript.DEFAULT);
            UrRtdeDriver.Settings settings = UrRtdeDriver.Settings.defaults().withFrequency(500)
                    .withCommandPeriod(SimulatedController.PERIOD).withTimeouts(0.2, 0.5)
                    .withClock(() -> Math.round(sim.time() * 1e9));
            // connect() needs a first state: advance the simulator while the driver sets up.
            java.util.concurrent.atomic.AtomicBoolean connecting = new java.util.concurrent.atomic.AtomicBoolean(true);
            Thread stepper = new Thread(() -> {
                while (connecting.get()) {
                    sim.advance(1);
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            stepper.start();
            UrRtdeDriver connected;
            try {
                connected = UrRtdeDriver.connect("127.0.0.1", sim.rtdePort(), settings);
            } finally {
                connecting.set(false);
                stepper.join(10_000);
            }
            try (UrRtdeDriver driver = connected) {
                double[] stops = new double[STALLS];
                for (int stall = 0; stall < STALLS; stall++) {
                    driver.rearm();
                    double sign = stall % 2 == 0 ? 1 : -1;
                    double[] goal = driver.state().orElseThrow().q();
                    for (int i = 0; i < MOVE_CYCLES; i++) {
                        for (int j = 0; j < 6; j++) {
                            goal[j] += sign * 0.01; // faster than the filter lets through: it clamps to the speed limit
                        }
                        long inputs = sim.inputPackages();
                        driver.servo(goal);
                        awaitInputs(sim, inputs + 1);
                        step(sim, driver);
                    }
                    assertTrue(sim.armState().maxSpeed() > 2.0, "moving fast before the stall: " + sim.armState().maxSpeed());
                    double stalledAt = sim.time();
                    long inputsAtStall = sim.inputPackages();
                    boolean haltArrived = false;
                    while (!sim.armState().atRest()) {
                        if (sim.time() - stalledAt > 2) {
                            fail("the arm still moves 2 s after stall " + stall);
                        }
                        step(sim, driver);
                        driver.checkWatchdog();
                        if (!haltArrived && driver.status() == UrRtdeDriver.Status.HALTED) {
                            awaitInputs(sim, inputsAtStall + 1); // the halt reaches the controller before its next cycle
                            haltArrived = true;
                        }
                    }
                    assertEquals(UrRtdeDriver.Status.HALTED, driver.status(), "the watchdog halted the arm");
                    assertTrue(JointLimits.UR5E.contains(sim.armState().q()));
                    stops[stall] = sim.time() - stalledAt;
                }
                report("driver watchdog", stops);
            }
        }
    }

    /** The servo program's own watchdog: the client goes silent (a frozen driver, a cut cable). */
    @Test
    void programWatchdogStopsTheArmWithinHalfASecondWhenTheClientGoesSilent() throws Exception {
        try (SimulatedController sim = SimulatedController.start(SimulatedController.Settings.loopback(false),
                KinematicArm.ur5eHome())) {
            sim.startProgram(ServoScript.DEFAULT);
            ClientHarness c = new ClientHarness(sim).negotiate();
            Recipe in = ControllerProtocolTest.inputRecipe(c);
            c.send(RtdeMessages.emptyRequest('S'));
            double[] stops = new double[STALLS];
            int word = 0;
            double[] goal = sim.armState().q();
            for (int stall = 0; stall < STALLS; stall++) {
                double sign = stall % 2 == 0 ? 1 : -1;
                goal = sim.armState().q();
                for (int i = 0; i < MOVE_CYCLES; i++) {
                    for (int j = 0; j < 6; j++) {
                        goal[j] += sign * Math.PI * SimulatedController.PERIOD;
                    }
                    c.send(in.encode(ControllerProtocolTest.targets(in, goal, ++word)).toPackage());
                    sim.advance(1);
                    c.drain();
                }
                assertTrue(sim.armState().maxSpeed() > 2.0);
                double stalledAt = sim.time();
                while (!sim.armState().atRest() && sim.time() - stalledAt < 2) {
                    sim.advance(1);
                }
                assertTrue(sim.armState().atRest(), "stall " + stall);
                assertEquals(ServoScript.STATUS_STALE, sim.registers.outputInt[1]);
                stops[stall] = sim.time() - stalledAt;
                c.drain();
            }
            report("program watchdog", stops);
        }
    }

    private static void step(SimulatedController sim, UrRtdeDriver driver) throws InterruptedException {
        long seen = driver.stateCount();
        sim.advance(1);
        if (driver.awaitState(seen, 5000).isEmpty()) {
            fail("no state from the simulator within 5 s of wall time");
        }
    }

    private static void awaitInputs(SimulatedController sim, long n) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (sim.inputPackages() < n) {
            if (System.nanoTime() > deadline) {
                fail("the driver's package did not arrive within 5 s of wall time");
            }
            Thread.sleep(0, 50_000);
        }
    }

    private static void report(String what, double[] stops) {
        double[] sorted = stops.clone();
        Arrays.sort(sorted);
        double p50 = sorted[sorted.length / 2];
        double p99 = sorted[(int) Math.ceil(0.99 * sorted.length) - 1];
        double max = sorted[sorted.length - 1];
        System.out.printf(Locale.ROOT, "stale policy, %s: %d stalls, arm at rest after p50 %.3f s, p99 %.3f s, max %.3f s"
                + " (simulator clock)%n", what, stops.length, p50, p99, max);
        assertTrue(max <= BOUND, what + ": slowest stop " + max + " s");
    }
}
