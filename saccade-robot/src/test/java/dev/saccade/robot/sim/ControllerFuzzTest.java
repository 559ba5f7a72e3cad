package dev.saccade.robot.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.robot.rtde.RtdeMessages;
import dev.saccade.robot.rtde.RtdePackage;
import dev.saccade.robot.rtde.RtdeTransport;
import dev.saccade.robot.ur.JointLimits;
import dev.saccade.robot.ur.ServoScript;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile clients against the simulated controller: 10,000 seeded inputs of malformed, truncated,
 * oversized, unknown and out-of-range packages, mixed with valid setups and joint targets far
 * faster than the speed limit, while the controller steps. The arm must never leave its position
 * range or exceed its speed limit, and nothing may escape (no exception out of a session, no
 * internal error).
 */
@Timeout(120)
class ControllerFuzzTest {
    private static final long SEED = 0x5ACCADEL;
    private static final int INPUTS = 10_000;
    private static final List<String> DRIVER_INPUTS = List.of("input_double_register_0", "input_double_register_1",
            "input_double_register_2", "input_double_register_3", "input_double_register_4", "input_double_register_5",
            "input_int_register_0");

    /** The built-in arm, checked after every step. */
    static final class CheckedArm implements ControllerBackend {
        private final KinematicArm arm = KinematicArm.ur5eHome();
        long steps;
        long violations;
        String firstViolation;

        @Override public JointLimits limits() { return arm.limits(); }
        @Override public ArmState state() { return arm.state(); }

        @Override
        public void step(double dt, ArmCommand command) {
            double[] before = arm.state().q();
            arm.step(dt, command);
            ArmState s = arm.state();
            steps++;
            JointLimits l = arm.limits();
            for (int j = 0; j < 6; j++) {
                boolean ok = l.contains(s.q())
                        && Math.abs(s.qd()[j]) <= l.velocity(j)
                        && Math.abs(s.q()[j] - before[j]) <= l.velocity(j) * dt * (1 + 1e-9);
                if (!ok) {
                    violations++;
                    if (firstViolation == null) {
                        firstViolation = "step " + steps + " joint " + j + ": q " + s.q()[j] + " qd " + s.qd()[j];
                    }
                }
            }
        }
    }

    /** Advances the controller one cycle for every 48 bytes the session reads. */
    static final class SteppingInput extends InputStream {
        private final ByteArrayInputStream in;
        private final SimulatedController sim;
        private int sinceStep;

        SteppingInput(byte[] bytes, SimulatedController sim) {
            this.in = new ByteArrayInputStream(bytes);
            this.sim = sim;
        }

        @Override
        public int read() {
            tick(1);
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            int n = in.read(b, off, Math.min(len, 48));
            tick(Math.max(n, 0));
            return n;
        }

        private void tick(int n) {
            sinceStep += n;
            while (sinceStep >= 48) {
                sinceStep -= 48;
                sim.advance(1);
            }
        }
    }

    @Test
    void hostileClientsNeverMoveTheArmOutsideItsLimitsOrCrashTheController() throws Exception {
        CheckedArm arm = new CheckedArm();
        try (SimulatedController sim = SimulatedController.start(SimulatedController.Settings.loopback(false), arm)) {
            // A client that owns one input, so hostile setups also meet IN_USE.
            ClientHarness owner = new ClientHarness(sim).negotiate();
            owner.send(new RtdeMessages.SetupInputsRequest(List.of("input_int_register_47")).toPackage());
            long escapes = 0;
            long packages = 0;
            long programRestarts = 0;
            long moving = 0;
            for (int input = 0; input < INPUTS; input++) {
                Random r = new Random(SEED + input);
                if (!sim.programRunning()) {
                    sim.startProgram(ServoScript.DEFAULT);
                    programRestarts++;
                }
                byte[] bytes = hostileClient(r, sim.armState().q());
                packages += bytes.length;
                ByteArrayOutputStream sink = new ByteArrayOutputStream();
                RtdeSession session = sim.attach(RtdeTransport.of(new SteppingInput(bytes, sim), sink), false);
                try {
                    session.run();
                } catch (Throwable t) {
                    escapes++;
                }
                sim.advance(5);
                moving += sim.armState().atRest() ? 0 : 1;
            }
            owner.close();
            System.out.printf(Locale.ROOT, "controller fuzz: %d inputs (%d bytes), %d arm steps checked, %d inputs left the"
                    + " arm moving, %d program restarts after protective stops, %d escapes, %d internal errors,"
                    + " %d limit violations%n", INPUTS, packages, arm.steps, moving, programRestarts, escapes,
                    sim.internalErrors(), arm.violations);
            assertEquals(0, escapes);
            assertEquals(0, sim.internalErrors(), String.valueOf(sim.log()));
            assertEquals(0, arm.violations, arm.firstViolation);
            assertTrue(moving > INPUTS / 20, "the fuzz drives the arm often enough to mean something: " + moving);
            assertTrue(programRestarts > 100, "out-of-range targets reached the program: " + programRestarts);
        }
    }

    /** The same kind of input through real sockets, with the controller running in real time. */
    @Test
    void hostileClientsOverTcpLeaveTheControllerServing() throws Exception {
        CheckedArm arm = new CheckedArm();
        try (SimulatedController sim = SimulatedController.start(SimulatedController.Settings.loopback(true), arm)) {
            sim.startProgram(ServoScript.DEFAULT);
            for (int input = 0; input < 200; input++) {
                Random r = new Random(SEED ^ (input * 7919L));
                byte[] bytes = hostileClient(r, sim.armState().q());
                try (Socket s = new Socket("127.0.0.1", sim.rtdePort())) {
                    s.setSoTimeout(2000);
                    OutputStream out = s.getOutputStream();
                    out.write(bytes);
                    out.flush();
                    if (r.nextBoolean()) {
                        s.shutdownOutput(); // sometimes half-close and read what comes back; sometimes just drop
                        s.getInputStream().readNBytes(1 << 16);
                    }
                } catch (IOException e) {
                    // the controller may close a connection whose framing broke: that is its right
                }
                if (!sim.programRunning()) {
                    sim.startProgram(ServoScript.DEFAULT);
                }
            }
            for (int i = 0; i < 1000 && sim.clients() > 0; i++) { // up to 10 s on a loaded machine
                Thread.sleep(10);
            }
            assertEquals(0, sim.clients(), "every hostile connection was closed");
            assertEquals(0, sim.internalErrors(), String.valueOf(sim.log()));
            assertEquals(0, arm.violations, arm.firstViolation);
            // Still serving: a well-behaved client gets its version.
            try (Socket s = new Socket("127.0.0.1", sim.rtdePort())) {
                s.setSoTimeout(5000);
                s.getOutputStream().write(RtdeMessages.emptyRequest('v').encode());
                // The controller may send text messages ('M', e.g. about the program it restarted) at any
                // moment, as RTDE allows; a client reads past them (a CI run met one first, under load).
                RtdePackage reply = RtdePackage.read(s.getInputStream());
                for (int skipped = 0; reply.command() == 'M' && skipped < 16; skipped++) {
                    reply = RtdePackage.read(s.getInputStream());
                }
                assertEquals('v', reply.command());
            }
        }
    }

    /** One hostile client: often a valid setup first, then a mix of good and bad packages. */
    static byte[] hostileClient(Random r, double[] q) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (r.nextInt(4) != 0) {
            Hostile.write(out, new RtdeMessages.ProtocolVersionRequest(r.nextInt(8) == 0 ? r.nextInt(5) : 2).toPackage());
            if (r.nextBoolean()) {
                double f = Hostile.pick(r, List.of(125.0, 500.0, 10.0, Double.NaN, -1.0, 1e9, 0.0));
                Hostile.write(out, Hostile.pkg('O', concat(ByteBuffer.allocate(8).putDouble(f).array(),
                        Hostile.ascii(r.nextBoolean() ? "timestamp,actual_q,actual_TCP_pose,joint_mode" : Hostile.names(r)))));
            }
            String inputs = r.nextInt(5) == 0 ? Hostile.names(r) : String.join(",", DRIVER_INPUTS);
            Hostile.write(out, Hostile.pkg('I', Hostile.ascii(inputs)));
            Hostile.write(out, RtdeMessages.emptyRequest('S'));
        }
        int n = r.nextInt(16);
        int word = r.nextInt(1000);
        for (int i = 0; i < n; i++) {
            switch (r.nextInt(14)) {
                case 0, 1, 2, 3, 4 -> { // joint targets: the driver's layout, hostile values, any recipe id
                    ByteBuffer b = ByteBuffer.allocate(1 + 6 * 8 + 4);
                    b.put((byte) Hostile.pick(r, List.of(1, 1, 2, 2, 0, 3, 255)).intValue());
                    for (double v : Hostile.target(r, q)) {
                        b.putDouble(v);
                    }
                    b.putInt(r.nextInt(10) == 0 ? r.nextInt() : ++word);
                    Hostile.write(out, Hostile.pkg('U', b.array()));
                }
                case 5 -> Hostile.write(out, Hostile.pkg(r.nextInt(256), Hostile.bytes(r, 40))); // any type byte
                case 6 -> Hostile.write(out, Hostile.pkg('I', Hostile.ascii(Hostile.names(r))));
                case 7 -> Hostile.write(out, Hostile.pkg('O', Hostile.bytes(r, 30)));
                case 8 -> Hostile.write(out, Hostile.pkg(r.nextBoolean() ? 'S' : 'P', Hostile.bytes(r, 2)));
                case 9 -> Hostile.write(out, Hostile.text(r));
                case 10 -> Hostile.write(out, Hostile.pkg('U', Hostile.bytes(r, r.nextInt(10) == 0 ? 60_000 : 80)));
                case 11 -> Hostile.write(out, Hostile.pkg('v', Hostile.bytes(r, 3)));
                case 12 -> out.writeBytes(Hostile.bytes(r, 12)); // raw noise: may break framing from here on
                default -> { // a frame that lies about its size: truncated, or below the header's own
                    out.writeBytes(r.nextBoolean()
                            ? Hostile.rawFrame(3 + 200 + r.nextInt(60_000), 'U', Hostile.bytes(r, 50))
                            : Hostile.rawFrame(r.nextInt(3), 'V', new byte[0]));
                    return out.toByteArray(); // nothing after it can be framed
                }
            }
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
