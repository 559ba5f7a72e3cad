package dev.saccade.robot.ur;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.robot.rtde.Recipe;
import dev.saccade.robot.rtde.RtdeMessages.Accepted;
import dev.saccade.robot.rtde.RtdeMessages.ControllerVersion;
import dev.saccade.robot.rtde.RtdeMessages.DataPackage;
import dev.saccade.robot.rtde.RtdeMessages.SetupReply;
import dev.saccade.robot.rtde.RtdeMessages.TextMessage;
import dev.saccade.robot.rtde.RtdePackage;
import dev.saccade.robot.rtde.RtdeTransport;
import dev.saccade.robot.rtde.RtdeType;
import dev.saccade.robot.rtde.RtdeValues;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The driver's stop paths against a scripted controller (in memory, its own clock): each fault
 * ends in a halt on the wire, one message, and no further commands.
 */
class DriverFaultTest {
    private static final double[] HOME = {0, -Math.PI / 2, Math.PI / 2, -Math.PI / 2, -Math.PI / 2, 0};
    private static final Recipe OUT = new Recipe(1, UrRtdeDriver.OUTPUTS, UrRtdeDriver.OUTPUT_TYPES);

    private final ByteArrayOutputStream sent = new ByteArrayOutputStream();
    private final AtomicLong clock = new AtomicLong();

    private static RtdePackage state(double[] q) {
        return state(q, 1, 2);
    }

    private static RtdePackage state(double[] q, int safetyMode, int runtimeState) {
        RtdeValues v = OUT.newValues().setDouble("timestamp", 1).setVector("actual_q", q).setVector("actual_qd", new double[6])
                .setLong("robot_mode", 7).setLong("safety_mode", safetyMode).setLong("runtime_state", runtimeState);
        return OUT.encode(v).toPackage();
    }

    @Test
    void aProtectiveStopOrAStoppedProgramHaltsTheStream() throws IOException {
        UrRtdeDriver d = driver(state(HOME, 3, 2), state(HOME, 1, 2), state(HOME, 1, 1));
        d.servo(HOME);
        d.pump();
        assertEquals(UrRtdeDriver.Status.HALTED, d.status());
        assertTrue(d.haltReason().orElseThrow().contains("safety mode 3"), d.haltReason().orElseThrow());
        List<double[]> inputs = inputsSent();
        assertEquals(0, inputs.get(inputs.size() - 1)[6], "a halt went out");
        d.pump(); // cleared
        d.rearm();
        d.servo(HOME);
        d.pump(); // the program stopped
        assertEquals(UrRtdeDriver.Status.HALTED, d.status());
        assertTrue(d.haltReason().orElseThrow().contains("not running"), d.haltReason().orElseThrow());
    }

    /** A driver set up against a controller that then sends {@code after}. */
    private UrRtdeDriver driver(RtdePackage... after) throws IOException {
        ByteArrayOutputStream server = new ByteArrayOutputStream();
        List<RtdePackage> script = new ArrayList<>(List.of(new Accepted('V', true).toPackage(),
                new ControllerVersion(5, 21, 0, 0).toPackage(),
                new SetupReply('O', 1, UrRtdeDriver.OUTPUT_TYPES).toPackage(),
                new SetupReply('I', 2, UrRtdeDriver.INPUT_TYPES).toPackage(),
                new Accepted('S', true).toPackage(), state(HOME)));
        script.addAll(List.of(after));
        for (RtdePackage p : script) {
            server.writeBytes(p.encode());
        }
        return UrRtdeDriver.open(RtdeTransport.of(new ByteArrayInputStream(server.toByteArray()), sent),
                UrRtdeDriver.Settings.defaults().withClock(clock::get));
    }

    /** The input packages the driver wrote: {target…, command word} each. */
    private List<double[]> inputsSent() throws IOException {
        Recipe in = new Recipe(2, UrRtdeDriver.INPUTS, UrRtdeDriver.INPUT_TYPES);
        ByteArrayInputStream bytes = new ByteArrayInputStream(sent.toByteArray());
        List<double[]> out = new ArrayList<>();
        RtdePackage p;
        while ((p = RtdePackage.read(bytes)) != null) {
            if (p.command() == 'U') {
                RtdeValues v = in.decode(DataPackage.parse(p));
                double[] row = new double[7];
                for (int j = 0; j < 6; j++) {
                    row[j] = v.getDouble(UrRtdeDriver.INPUTS.get(j));
                }
                row[6] = v.getLong("input_int_register_0");
                out.add(row);
            }
        }
        return out;
    }

    private void assertFaultedWithHalt(UrRtdeDriver d, String expected) throws IOException {
        assertEquals(UrRtdeDriver.Status.FAULT, d.status());
        String message = d.fault().orElseThrow();
        assertTrue(message.contains(expected), message);
        List<double[]> inputs = inputsSent();
        assertEquals(0, inputs.get(inputs.size() - 1)[6], "the last package halts the arm");
        int before = sent.size();
        UrDriverException e = assertThrows(UrDriverException.class, () -> d.servo(HOME));
        assertEquals(message, e.getMessage());
        assertThrows(UrDriverException.class, d::rearm);
        d.halt("again");
        d.checkWatchdog();
        assertEquals(before, sent.size(), "nothing more is sent after a fault");
    }

    @Test
    void aMalformedPackageIsAProtocolFault() throws IOException {
        UrRtdeDriver d = driver(state(HOME), new RtdePackage('U', new byte[] {1, 2, 3}));
        d.servo(HOME);
        assertTrue(d.pump());
        assertTrue(!d.pump());
        assertFaultedWithHalt(d, "protocol error from the controller");
    }

    @Test
    void anUnknownPackageTypeIsAProtocolFault() throws IOException {
        UrRtdeDriver d = driver(new RtdePackage('Z', new byte[0]));
        d.servo(HOME);
        d.pump();
        assertFaultedWithHalt(d, "unexpected package of type 'Z'");
    }

    @Test
    void anErrorMessageFromTheControllerIsAFault() throws IOException {
        UrRtdeDriver d = driver(new TextMessage("protective stop", "controller", TextMessage.ERROR).toPackage());
        d.servo(HOME);
        d.pump();
        assertFaultedWithHalt(d, "protective stop");
    }

    @Test
    void aStateOutsideTheLimitsIsAFault() throws IOException {
        double[] q = HOME.clone();
        q[2] = 3.5;
        UrRtdeDriver d = driver(state(q));
        d.servo(HOME);
        d.pump();
        assertFaultedWithHalt(d, "joint 2");
    }

    @Test
    void aDroppedConnectionIsAFault() throws IOException {
        UrRtdeDriver d = driver();
        d.servo(HOME);
        d.pump();
        assertFaultedWithHalt(d, "closed the connection");
    }

    @Test
    void silenceFromTheControllerIsAFaultAndAStalePolicyAHalt() throws IOException {
        UrRtdeDriver d = driver(state(HOME));
        d.servo(HOME);
        clock.addAndGet(199_000_000L);
        assertTrue(d.checkWatchdog());
        assertEquals(UrRtdeDriver.Status.SERVOING, d.status());
        clock.addAndGet(2_000_000L);
        d.checkWatchdog();
        assertEquals(UrRtdeDriver.Status.HALTED, d.status(), "no target for 0.201 s");
        assertTrue(d.haltReason().orElseThrow().contains("watchdog"));
        assertThrows(IllegalStateException.class, () -> d.servo(HOME));
        d.pump(); // a fresh state
        d.rearm();
        d.servo(HOME);
        clock.addAndGet(600_000_000L);
        assertTrue(!d.checkWatchdog());
        assertFaultedWithHalt(d, "no data from the controller");
    }

    @Test
    void refusedRecipesNameTheVariables() {
        ByteArrayOutputStream server = new ByteArrayOutputStream();
        List<RtdeType> in = new ArrayList<>(UrRtdeDriver.INPUT_TYPES);
        in.set(6, RtdeType.IN_USE);
        for (RtdePackage p : List.of(new Accepted('V', true).toPackage(), new ControllerVersion(5, 21, 0, 0).toPackage(),
                new SetupReply('O', 1, UrRtdeDriver.OUTPUT_TYPES).toPackage(), new SetupReply('I', 0, in).toPackage())) {
            server.writeBytes(p.encode());
        }
        UrDriverException e = assertThrows(UrDriverException.class, () -> UrRtdeDriver.open(
                RtdeTransport.of(new ByteArrayInputStream(server.toByteArray()), sent), UrRtdeDriver.Settings.defaults()));
        assertEquals("the controller refused the input recipe: input_int_register_0 is IN_USE"
                + " (another RTDE client or a fieldbus owns these registers)", e.getMessage());
    }

    @Test
    void aNonFiniteTargetHaltsTheArmAndSendsNothingOfIt() throws IOException {
        UrRtdeDriver d = driver();
        d.servo(HOME);
        double[] bad = HOME.clone();
        bad[4] = Double.NaN;
        assertThrows(IllegalArgumentException.class, () -> d.servo(bad));
        assertEquals(UrRtdeDriver.Status.HALTED, d.status());
        for (double[] row : inputsSent()) {
            for (int j = 0; j < 6; j++) {
                assertTrue(Double.isFinite(row[j]));
            }
        }
        List<double[]> inputs = inputsSent();
        assertEquals(0, inputs.get(inputs.size() - 1)[6]);
    }
}
