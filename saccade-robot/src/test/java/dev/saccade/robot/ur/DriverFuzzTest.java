package dev.saccade.robot.ur;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.robot.rtde.Recipe;
import dev.saccade.robot.rtde.RtdeCommand;
import dev.saccade.robot.rtde.RtdeMessages;
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
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A hostile controller against the driver: 10,000 seeded server streams (refused or garbled
 * setups, IN_USE and NOT_FOUND, error messages, truncated and oversized packages, unknown types
 * and recipe ids, states with NaN or out-of-range joints) while the caller sends hostile targets
 * (NaN, out of range, steps far above the speed limit) and the clock jumps past the watchdog's
 * bounds. Every target that goes on the wire must be inside the joint limits and at most one step
 * from the one before; after a fault nothing more may be sent; nothing may escape but the
 * driver's documented exceptions.
 */
@Timeout(120)
class DriverFuzzTest {
    private static final long SEED = 0xD21BE5L;
    private static final int INPUTS = 10_000;
    private static final double[] HOME = {0, -Math.PI / 2, Math.PI / 2, -Math.PI / 2, -Math.PI / 2, 0};
    private static final Recipe OUT = new Recipe(1, UrRtdeDriver.OUTPUTS, UrRtdeDriver.OUTPUT_TYPES);
    private static final Recipe IN = new Recipe(2, UrRtdeDriver.INPUTS, UrRtdeDriver.INPUT_TYPES);

    private static final class Tally {
        long inputs, escapes, setupsRefused, faults, halts, targetsSent, targetsChecked, violations, writesAfterFault;
        String firstProblem;

        void problem(String what) {
            violations++;
            if (firstProblem == null) {
                firstProblem = what;
            }
        }
    }

    @Test
    void hostileControllersNeverGetATargetOutsideTheLimitsOrCrashTheDriver() {
        Tally t = new Tally();
        for (int input = 0; input < INPUTS; input++) {
            runOne(new Random(SEED + input), t);
        }
        System.out.printf(Locale.ROOT, "driver fuzz: %d inputs, %d setups refused, %d faults, %d steps spent halted,"
                + " %d targets sent and checked on the wire (%d returned), %d escapes, %d limit or step violations,"
                + " %d writes after a fault%n", t.inputs, t.setupsRefused, t.faults, t.halts, t.targetsChecked,
                t.targetsSent, t.escapes, t.violations, t.writesAfterFault);
        assertEquals(0, t.escapes);
        assertEquals(0, t.violations, t.firstProblem);
        assertEquals(0, t.writesAfterFault);
        assertTrue(t.targetsChecked > INPUTS, "the fuzz got past setup often enough: " + t.targetsChecked);
        assertTrue(t.setupsRefused > INPUTS / 20 && t.faults > INPUTS / 4, "refusals " + t.setupsRefused + ", faults " + t.faults);
    }

    private static void runOne(Random r, Tally t) {
        t.inputs++;
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        AtomicLong clock = new AtomicLong();
        UrRtdeDriver.Settings settings = UrRtdeDriver.Settings.defaults().withClock(clock::get);
        byte[] server = hostileServer(r);
        UrRtdeDriver driver;
        try {
            driver = UrRtdeDriver.open(RtdeTransport.of(new ByteArrayInputStream(server), sent), settings);
        } catch (UrDriverException e) {
            t.setupsRefused++;
            checkWire(sent.toByteArray(), settings, t);
            return;
        } catch (Throwable e) {
            t.escapes++;
            t.problem("open escaped: " + e);
            return;
        }
        double[] last = driver.state().orElseThrow().q();
        long lastAt = clock.get(); // mirrors the driver: the time of the last target, or of setup or rearming
        int sizeAtFault = -1;
        for (int step = 0; step < 60; step++) {
            try {
                switch (r.nextInt(10)) {
                    case 0, 1, 2, 3 -> {
                        clock.addAndGet(2_000_000);
                        driver.pump();
                    }
                    case 4, 5, 6 -> {
                        double[] q = hostileTarget(r, last);
                        UrRtdeDriver.Command c = driver.servo(q);
                        t.targetsSent++;
                        double[] target = c.target();
                        if (!settings.limits().contains(target)) {
                            t.problem("servo returned a target outside the limits");
                        }
                        double elapsed = (clock.get() - lastAt) / 1e9;
                        for (int j = 0; j < 6; j++) {
                            double moved = Math.abs(target[j] - last[j]);
                            if (moved > driver.filter().stepLimit(j, elapsed) * (1 + 1e-12) + 1e-15
                                    || moved > settings.limits().velocity(j) * elapsed * (1 + 1e-12) + 1e-15) {
                                t.problem("step of " + moved + " on joint " + j + " after " + elapsed + " s");
                            }
                        }
                        last = target;
                        lastAt = clock.get();
                    }
                    case 7 -> {
                        clock.addAndGet(r.nextBoolean() ? 250_000_000L : 700_000_000L); // past the command or state timeout
                        driver.checkWatchdog();
                    }
                    case 8 -> {
                        boolean reseeds = driver.status() != UrRtdeDriver.Status.SERVOING;
                        driver.rearm();
                        if (reseeds) { // rearming takes the arm's present position as the last target
                            last = driver.state().orElseThrow().q();
                            lastAt = clock.get();
                        }
                    }
                    default -> driver.halt("caller");
                }
            } catch (IllegalArgumentException | IllegalStateException | UrDriverException expected) {
                // the driver's documented refusals
            } catch (Throwable e) {
                t.escapes++;
                t.problem("escaped: " + e);
            }
            if (driver.status() == UrRtdeDriver.Status.HALTED) {
                t.halts++;
            }
            if (driver.status() == UrRtdeDriver.Status.FAULT && sizeAtFault < 0) {
                sizeAtFault = sent.size();
                t.faults++;
                if (driver.fault().isEmpty() || driver.fault().get().isBlank()) {
                    t.problem("a fault without a message");
                }
            }
        }
        if (sizeAtFault >= 0 && sent.size() != sizeAtFault) {
            t.writesAfterFault++;
        }
        checkWire(sent.toByteArray(), settings, t);
    }

    /** Every input package the driver wrote: joint targets inside the limits, command word 0 or more. */
    private static void checkWire(byte[] bytes, UrRtdeDriver.Settings settings, Tally t) {
        ByteArrayInputStream in = new ByteArrayInputStream(bytes);
        try {
            RtdePackage p;
            while ((p = RtdePackage.read(in)) != null) {
                if (p.command() != RtdeCommand.DATA_PACKAGE) {
                    continue;
                }
                DataPackage d = DataPackage.parse(p);
                Recipe recipe = new Recipe(d.recipeId(), UrRtdeDriver.INPUTS, UrRtdeDriver.INPUT_TYPES);
                RtdeValues v = recipe.decode(d);
                double[] q = new double[6];
                for (int j = 0; j < 6; j++) {
                    q[j] = v.getDouble(UrRtdeDriver.INPUTS.get(j));
                }
                t.targetsChecked++;
                if (!settings.limits().contains(q) || v.getLong("input_int_register_0") < 0) {
                    t.problem("on the wire: " + java.util.Arrays.toString(q));
                }
            }
        } catch (IOException | RuntimeException e) {
            t.problem("the driver wrote something unreadable: " + e);
        }
    }

    /** What a hostile caller asks for. */
    private static double[] hostileTarget(Random r, double[] last) {
        double[] q = last.clone();
        boolean finite = r.nextInt(10) < 7;
        for (int j = 0; j < 6; j++) {
            q[j] = switch (r.nextInt(8)) {
                case 0 -> finite ? -7.0 : Double.NaN;
                case 1 -> (r.nextBoolean() ? 1 : -1) * 1e6;
                case 2 -> last[j] + (r.nextDouble() - 0.5) * 10; // far faster than the speed limit
                case 3 -> finite ? 7.0 : Double.POSITIVE_INFINITY;
                default -> last[j] + (r.nextDouble() - 0.5) * 0.01;
            };
        }
        return q;
    }

    /** A controller's side of a session: a mostly correct setup with mutations, then states and junk. */
    static byte[] hostileServer(Random r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int mutate = r.nextInt(3) == 0 ? r.nextInt(12) : -1; // one in three setups is broken somewhere
        chatter(r, out);
        put(out, mutate == 0 ? new Accepted('V', false).toPackage() : new Accepted('V', true).toPackage());
        chatter(r, out);
        put(out, mutate == 1 ? new RtdePackage('v', new byte[] {0, 0, 0, 5}) : new ControllerVersion(5, 21, 0, 0).toPackage());
        List<RtdeType> outTypes = new ArrayList<>(UrRtdeDriver.OUTPUT_TYPES);
        if (mutate == 2) {
            outTypes.set(r.nextInt(outTypes.size()), RtdeType.NOT_FOUND);
        } else if (mutate == 3) {
            outTypes.set(1, RtdeType.VECTOR3D);
        } else if (mutate == 4) {
            outTypes.remove(outTypes.size() - 1);
        }
        put(out, new SetupReply('O', mutate == 5 ? 0 : 1, outTypes).toPackage());
        List<RtdeType> inTypes = new ArrayList<>(UrRtdeDriver.INPUT_TYPES);
        if (mutate == 6) {
            inTypes.set(r.nextInt(inTypes.size()), RtdeType.IN_USE);
        }
        put(out, mutate == 7 ? new RtdePackage('I', randomBytes(r, 20)) : new SetupReply('I', 2, inTypes).toPackage());
        chatter(r, out);
        put(out, mutate == 8 ? new RtdePackage('Q', new byte[] {1}) : new Accepted('S', mutate != 9).toPackage());
        put(out, state(r, mutate == 10));
        if (mutate == 11) {
            out.writeBytes(new byte[] {0x7f, 0x7f}); // the stream ends inside a header
        }
        int n = r.nextInt(40);
        for (int i = 0; i < n; i++) {
            switch (r.nextInt(12)) {
                case 0, 1, 2, 3, 4, 5 -> put(out, state(r, r.nextInt(8) == 0));
                case 6 -> put(out, new TextMessage("hostile", "fuzz", r.nextInt(5)).toPackage());
                case 7 -> put(out, new RtdePackage(r.nextInt(256), randomBytes(r, 30)));
                case 8 -> put(out, new DataPackage(r.nextInt(256), randomBytes(r, OUT.valueBytes() + 2)).toPackage());
                case 9 -> put(out, new RtdePackage('U', randomBytes(r, r.nextInt(4) == 0 ? 60_000 : 200)));
                case 10 -> out.writeBytes(randomBytes(r, 10));
                default -> {
                    ByteBuffer b = ByteBuffer.allocate(3 + 20);
                    b.putShort((short) (r.nextBoolean() ? r.nextInt(3) : 3 + 1000 + r.nextInt(60_000))).put((byte) 'U');
                    out.writeBytes(b.array());
                    return out.toByteArray();
                }
            }
        }
        return out.toByteArray();
    }

    private static void chatter(Random r, ByteArrayOutputStream out) {
        if (r.nextInt(6) == 0) {
            put(out, new TextMessage("setup note", "fuzz", r.nextInt(4)).toPackage());
        }
    }

    /** A state, plausible or with hostile joints, speeds and timestamps. */
    private static RtdePackage state(Random r, boolean hostile) {
        RtdeValues v = OUT.newValues();
        double[] q = HOME.clone();
        double[] qd = new double[6];
        for (int j = 0; j < 6; j++) {
            q[j] += (r.nextDouble() - 0.5) * 0.2;
            qd[j] = (r.nextDouble() - 0.5) * 0.5;
        }
        double timestamp = r.nextDouble() * 1000;
        if (hostile) {
            switch (r.nextInt(4)) {
                case 0 -> q[r.nextInt(6)] = Double.NaN;
                case 1 -> q[2] = 4.0; // the elbow past π
                case 2 -> qd[r.nextInt(6)] = Double.POSITIVE_INFINITY;
                default -> timestamp = Double.NaN;
            }
        }
        v.setDouble("timestamp", timestamp).setVector("actual_q", q).setVector("actual_qd", qd)
                .setLong("robot_mode", 7).setLong("safety_mode", 1).setLong("runtime_state", 2)
                .setLong("output_int_register_0", r.nextInt(100)).setLong("output_int_register_1", r.nextInt(3));
        return OUT.encode(v).toPackage();
    }

    private static void put(ByteArrayOutputStream out, RtdePackage p) {
        out.writeBytes(p.encode());
    }

    private static byte[] randomBytes(Random r, int max) {
        byte[] b = new byte[r.nextInt(max + 1)];
        r.nextBytes(b);
        return b;
    }

    /** The same streams from a real socket, with the driver's own reader and watchdog threads. */
    @Test
    void hostileControllersOverTcpEndInARefusalOrAFaultNeverAnEscape() throws Exception {
        Tally t = new Tally();
        try (ServerSocket server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            for (int input = 0; input < 100; input++) {
                byte[] stream = hostileServer(new Random(SEED ^ (input * 104729L)));
                ByteArrayOutputStream received = new ByteArrayOutputStream();
                Thread peer = new Thread(() -> {
                    try (Socket s = server.accept()) {
                        s.setSoTimeout(3000);
                        s.getOutputStream().write(stream);
                        s.getOutputStream().flush();
                        s.shutdownOutput(); // the driver reads the end of the stream
                        InputStream in = s.getInputStream();
                        byte[] buf = new byte[4096];
                        int n;
                        long deadline = System.nanoTime() + 300_000_000L; // read what the driver sends for a while
                        while (System.nanoTime() < deadline && (n = in.read(buf)) > 0) {
                            synchronized (received) {
                                received.write(buf, 0, n);
                            }
                        }
                    } catch (IOException ignored) {
                        // a closed or timed-out connection ends this peer
                    }
                });
                peer.start();
                UrRtdeDriver.Settings settings = UrRtdeDriver.Settings.defaults().withTimeouts(0.2, 0.5);
                try (UrRtdeDriver driver = UrRtdeDriver.connect("127.0.0.1", server.getLocalPort(), settings)) {
                    double[] last = driver.state().orElseThrow().q();
                    for (int i = 0; i < 20 && driver.status() != UrRtdeDriver.Status.FAULT; i++) {
                        try {
                            last = driver.servo(hostileTarget(new Random(input * 31L + i), last)).target();
                        } catch (IllegalArgumentException | IllegalStateException | UrDriverException expected) {
                            // refused, halted or faulted
                        }
                    }
                    for (int i = 0; i < 600 && driver.status() != UrRtdeDriver.Status.FAULT; i++) {
                        Thread.sleep(5); // the stream ends, so every session ends in a fault
                    }
                    if (driver.status() == UrRtdeDriver.Status.FAULT) {
                        t.faults++;
                    } else {
                        t.problem("input " + input + " did not end in a fault: " + driver.status());
                    }
                } catch (UrDriverException e) {
                    t.setupsRefused++;
                } catch (Throwable e) {
                    t.escapes++;
                    t.problem("escaped: " + e);
                }
                peer.join(5000);
                synchronized (received) {
                    checkWire(received.toByteArray(), settings, t);
                }
            }
        }
        assertEquals(0, t.escapes, t.firstProblem);
        assertEquals(0, t.violations, t.firstProblem);
        assertEquals(100, t.faults + t.setupsRefused);
    }
}
