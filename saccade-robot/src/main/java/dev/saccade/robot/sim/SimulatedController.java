package dev.saccade.robot.sim;

import dev.saccade.data.robot.Pose;
import dev.saccade.data.robot.Ur5e;
import dev.saccade.robot.rtde.RtdeMessages.ControllerVersion;
import dev.saccade.robot.rtde.RtdeMessages.TextMessage;
import dev.saccade.robot.rtde.RtdeTransport;
import dev.saccade.robot.ur.ServoScript;
import dev.saccade.sphere.Rotation;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

/**
 * A simulated UR controller that speaks RTDE (protocol version 2) on its RTDE port and takes
 * URScript programs on its secondary-interface port, so Saccade's driver, and UR's own RTDE
 * clients, can be run against it on loopback.
 *
 * <p>It steps a {@link ControllerBackend} every control cycle (2 ms, 500 Hz, as an e-Series),
 * either in real time on its own thread or when a test calls {@link #advance}; its clock (the
 * {@code timestamp} output) counts cycles, so "within 0.5 s" is measured on the simulator's
 * clock. When {@link ServoScript} runs, input registers drive the arm exactly as the URScript
 * program would; without a program the arm stays at rest. Each client gets its output recipe at
 * the frequency it asked for (up to 500 Hz; a client that reads slowly gets only the newest
 * package, as UR's controller skips packages).
 */
public final class SimulatedController implements AutoCloseable {
    /** The control cycle of an e-Series controller, s. */
    public static final double PERIOD = 0.002;

    /**
     * Where and how the simulator runs.
     *
     * @param bind address to listen on (loopback unless asked otherwise)
     * @param rtdePort RTDE port (30004 on a real controller; 0 lets the OS choose)
     * @param scriptPort secondary-interface port for URScript (30002 on a real controller; 0 lets the OS choose)
     * @param realTime step on a thread at 500 Hz of wall time; false: only {@link #advance} steps
     * @param version the controller version to report
     * @param maxClients RTDE clients served at once
     */
    public record Settings(InetAddress bind, int rtdePort, int scriptPort, boolean realTime, ControllerVersion version,
            int maxClients) {
        /** Loopback, OS-chosen ports. */
        public static Settings loopback(boolean realTime) {
            return new Settings(InetAddress.getLoopbackAddress(), 0, 0, realTime, new ControllerVersion(5, 21, 0, 0), 8);
        }

        public Settings withPorts(int rtde, int script) {
            return new Settings(bind, rtde, script, realTime, version, maxClients);
        }

        public Settings withBind(InetAddress address) {
            return new Settings(address, rtdePort, scriptPort, realTime, version, maxClients);
        }
    }

    /** The controller at one cycle, as outputs are read from it. */
    record Snapshot(double time, ArmState arm, int robotMode, int safetyMode, long runtimeState, Registers registers,
            double[] tcpPose, double[] elbowPosition) {}

    /** UR robot mode RUNNING, safety modes NORMAL and PROTECTIVE_STOP, runtime states. */
    static final int ROBOT_MODE_RUNNING = 7, SAFETY_NORMAL = 1, SAFETY_PROTECTIVE_STOP = 3;
    static final long RUNTIME_STOPPED = 1, RUNTIME_PLAYING = 2;
    static final String SOURCE = "saccade-sim";

    private final Settings settings;
    private final ControllerBackend backend;
    final Object lock = new Object();
    final Registers registers = new Registers();
    private final List<RtdeSession> sessions = new CopyOnWriteArrayList<>();
    private final Map<String, RtdeSession> inputOwners = new HashMap<>();
    private final ArrayDeque<String> log = new ArrayDeque<>();
    private final ServerSocket rtdeSocket;
    private final ServerSocket scriptSocket;
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private volatile boolean open = true;
    private final java.util.concurrent.atomic.AtomicLong internalErrors = new java.util.concurrent.atomic.AtomicLong();

    // Guarded by lock.
    private long cycles;
    private ServoProgram program;
    private int safetyMode = SAFETY_NORMAL;
    private long inputPackages;
    private int nextSessionId = 1;

    private SimulatedController(Settings settings, ControllerBackend backend) throws IOException {
        this.settings = settings;
        this.backend = backend;
        this.rtdeSocket = new ServerSocket(settings.rtdePort(), 16, settings.bind());
        try {
            this.scriptSocket = new ServerSocket(settings.scriptPort(), 16, settings.bind());
        } catch (IOException e) {
            rtdeSocket.close();
            throw e;
        }
    }

    /** Binds both ports and starts serving (and, in real time, stepping). */
    public static SimulatedController start(Settings settings, ControllerBackend backend) throws IOException {
        SimulatedController c = new SimulatedController(settings, backend);
        c.spawn("sim-rtde-accept", c::acceptRtde);
        c.spawn("sim-script-accept", c::acceptScripts);
        if (settings.realTime()) {
            c.spawn("sim-clock", c::runClock);
        }
        return c;
    }

    private void spawn(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    /** The RTDE port (useful when the OS chose it). */
    public int rtdePort() {
        return rtdeSocket.getLocalPort();
    }

    /** The URScript (secondary interface) port. */
    public int scriptPort() {
        return scriptSocket.getLocalPort();
    }

    /** The address both ports listen on. */
    public InetAddress address() {
        return rtdeSocket.getInetAddress();
    }

    /** The simulator's clock, s. */
    public double time() {
        synchronized (lock) {
            return cycles * PERIOD;
        }
    }

    /** The arm now. */
    public ArmState armState() {
        synchronized (lock) {
            return backend.state();
        }
    }

    /** Input data packages applied so far (tests wait on it to step in lockstep with a client). */
    public long inputPackages() {
        synchronized (lock) {
            return inputPackages;
        }
    }

    /** Whether the servo program runs. */
    public boolean programRunning() {
        synchronized (lock) {
            return program != null;
        }
    }

    /** UR safety mode (1 normal, 3 protective stop). */
    public int safetyMode() {
        synchronized (lock) {
            return safetyMode;
        }
    }

    /** RTDE clients connected now. */
    public int clients() {
        return sessions.size();
    }

    /** The last errors and notes the simulator sent or logged (at most 100). */
    public List<String> log() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    /** Advances the simulation by {@code n} control cycles (any mode; tests use it in manual mode). */
    public void advance(int n) {
        for (int i = 0; i < n; i++) {
            cycle();
        }
    }

    /** Starts {@code script} as the running program (what a program sent to the script port does). */
    public void startProgram(ServoScript script) {
        synchronized (lock) {
            program = new ServoProgram(script);
            safetyMode = SAFETY_NORMAL;
            registers.outputInt[0] = 0;
            registers.outputInt[1] = ServoScript.STATUS_HALTED;
        }
        note("program " + ServoScript.PROGRAM + " started");
    }

    /** Stops the running program; the arm comes to rest. */
    public void stopProgram() {
        synchronized (lock) {
            program = null;
        }
        note("program stopped");
    }

    /** One control cycle: the program reads registers, the arm steps, outputs go to clients. */
    private void cycle() {
        String error = null;
        synchronized (lock) {
            ArmCommand command = new ArmCommand.Stop(Double.NaN);
            if (program != null) {
                ServoProgram.Cycle c = program.cycle(registers, PERIOD, backend.limits());
                command = c.command();
                if (c.error() != null) {
                    error = c.error();
                    program = null;
                    safetyMode = SAFETY_PROTECTIVE_STOP;
                    command = new ArmCommand.Stop(Double.NaN);
                }
            }
            backend.step(PERIOD, command);
            backend.exchange(registers);
            cycles++;
            Snapshot snapshot = null;
            for (RtdeSession s : sessions) {
                if (s.outputDue(cycles * PERIOD)) {
                    if (snapshot == null) {
                        snapshot = snapshot();
                    }
                    try {
                        s.emit(snapshot);
                    } catch (RuntimeException e) {
                        internalError("output to client " + s.id() + " failed: " + e);
                        s.close();
                    }
                }
            }
        }
        if (error != null) {
            broadcast(error, TextMessage.ERROR);
        }
    }

    private Snapshot snapshot() {
        ArmState arm = backend.state();
        double[] q = arm.q();
        Pose tool0 = Ur5e.tool0(q);
        Pose elbow = Ur5e.frames(q)[2];
        double[] rv = rotationVector(tool0.rotation());
        double[] tcp = {tool0.translation().x(), tool0.translation().y(), tool0.translation().z(), rv[0], rv[1], rv[2]};
        double[] elbowPosition = {elbow.translation().x(), elbow.translation().y(), elbow.translation().z()};
        Registers copy = registers; // read under the lock, encoded before it is released
        return new Snapshot(cycles * PERIOD, arm, ROBOT_MODE_RUNNING, safetyMode,
                program != null ? RUNTIME_PLAYING : RUNTIME_STOPPED, copy, tcp, elbowPosition);
    }

    /** Axis-angle of a rotation matrix, as UR writes poses (rx, ry, rz), through a unit quaternion. */
    static double[] rotationVector(Rotation r) {
        double w, x, y, z;
        double trace = r.m00() + r.m11() + r.m22();
        if (trace > 0) {
            double s = Math.sqrt(trace + 1) * 2;
            w = s / 4;
            x = (r.m21() - r.m12()) / s;
            y = (r.m02() - r.m20()) / s;
            z = (r.m10() - r.m01()) / s;
        } else if (r.m00() > r.m11() && r.m00() > r.m22()) {
            double s = Math.sqrt(1 + r.m00() - r.m11() - r.m22()) * 2;
            w = (r.m21() - r.m12()) / s;
            x = s / 4;
            y = (r.m01() + r.m10()) / s;
            z = (r.m02() + r.m20()) / s;
        } else if (r.m11() > r.m22()) {
            double s = Math.sqrt(1 + r.m11() - r.m00() - r.m22()) * 2;
            w = (r.m02() - r.m20()) / s;
            x = (r.m01() + r.m10()) / s;
            y = s / 4;
            z = (r.m12() + r.m21()) / s;
        } else {
            double s = Math.sqrt(1 + r.m22() - r.m00() - r.m11()) * 2;
            w = (r.m10() - r.m01()) / s;
            x = (r.m02() + r.m20()) / s;
            y = (r.m12() + r.m21()) / s;
            z = s / 4;
        }
        if (w < 0) { // the same rotation; keeps the angle in [0, π]
            w = -w;
            x = -x;
            y = -y;
            z = -z;
        }
        double n = Math.sqrt(x * x + y * y + z * z);
        if (n < 1e-12) {
            return new double[3];
        }
        double angle = 2 * Math.atan2(n, w);
        return new double[] {x / n * angle, y / n * angle, z / n * angle};
    }

    private void runClock() {
        long next = System.nanoTime();
        long period = (long) (PERIOD * 1e9);
        while (open) {
            long now = System.nanoTime();
            if (now < next) {
                LockSupport.parkNanos(next - now);
                continue;
            }
            cycle();
            next += period;
            if (System.nanoTime() - next > 50 * period) {
                next = System.nanoTime(); // far behind (a paused JVM): do not replay the gap in a burst
            }
        }
    }

    private void acceptRtde() {
        while (open) {
            try {
                Socket socket = rtdeSocket.accept();
                socket.setTcpNoDelay(true);
                if (sessions.size() >= settings.maxClients()) {
                    try (socket) {
                        socket.getOutputStream().write(new TextMessage("too many RTDE clients ("
                                + settings.maxClients() + ")", SOURCE, TextMessage.ERROR).toPackage().encode());
                    } catch (IOException ignored) {
                        // the client is gone anyway
                    }
                    continue;
                }
                RtdeSession session = attach(RtdeTransport.of(socket), true);
                Thread t = new Thread(session::run, "sim-rtde-session-" + session.id());
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!open) {
                    return;
                }
            }
        }
    }

    /**
     * A session for one client over {@code transport}; the caller runs {@link RtdeSession#run()}.
     * With {@code writerThread} false, outputs are written from the control cycle itself (for
     * in-memory streams that never block).
     */
    public RtdeSession attach(RtdeTransport transport, boolean writerThread) {
        int id;
        synchronized (lock) {
            id = nextSessionId++;
        }
        RtdeSession s = new RtdeSession(this, id, transport, settings.version(), writerThread);
        sessions.add(s);
        return s;
    }

    /** Forgets a closed session and frees the inputs it owned. */
    void release(RtdeSession s) {
        sessions.remove(s);
        synchronized (lock) {
            inputOwners.values().removeIf(owner -> owner == s);
        }
    }

    /** Who owns input {@code name}, other than {@code asker}. Holds the lock. */
    Optional<RtdeSession> ownerOtherThan(String name, RtdeSession asker) {
        RtdeSession o = inputOwners.get(name);
        return o == null || o == asker ? Optional.empty() : Optional.of(o);
    }

    /** Claims inputs for a session. Holds the lock. */
    void claim(List<String> names, RtdeSession s) {
        for (String n : names) {
            inputOwners.put(n, s);
        }
    }

    /** Counts one applied input package. Holds the lock. */
    void countInput() {
        inputPackages++;
    }

    /** Sends an error or note to every client and keeps it in the log. */
    void broadcast(String message, int level) {
        note(message);
        for (RtdeSession s : sessions) {
            s.sendText(message, level);
        }
    }

    /** A failure inside the simulator (a bug, never a client's fault): counted and logged. */
    void internalError(String message) {
        internalErrors.incrementAndGet();
        note(message);
    }

    /** Failures inside the simulator so far; fuzzing asserts there are none. */
    public long internalErrors() {
        return internalErrors.get();
    }

    void note(String message) {
        synchronized (log) {
            if (log.size() == 100) {
                log.removeFirst();
            }
            log.addLast(message);
        }
    }

    private void acceptScripts() {
        while (open) {
            try (Socket socket = scriptSocket.accept()) {
                socket.setSoTimeout(2000);
                String reply = runScript(readScript(socket.getInputStream()));
                OutputStream out = socket.getOutputStream();
                out.write((reply + "\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException e) {
                if (!open) {
                    return;
                }
            }
        }
    }

    /** Reads a program until the sender closes, at most 64 KiB, or until 2 s pass without a byte. */
    private static String readScript(InputStream in) throws IOException {
        byte[] buffer = new byte[1 << 16];
        int n = 0;
        try {
            int r;
            while (n < buffer.length && (r = in.read(buffer, n, buffer.length - n)) > 0) {
                n += r;
                if (endsProgram(new String(buffer, 0, n, StandardCharsets.US_ASCII))) {
                    break;
                }
            }
        } catch (SocketTimeoutException e) {
            // a sender that keeps the connection open: take what came
        }
        return new String(buffer, 0, n, StandardCharsets.US_ASCII);
    }

    private static boolean endsProgram(String text) {
        String t = text.stripTrailing();
        return t.startsWith("def ") && (t.endsWith("\nend"));
    }

    /** Runs a received program if it is the servo program; a bare {@code stopj(…)} or {@code halt} stops it. */
    private String runScript(String text) {
        Optional<ServoScript> servo = ServoScript.parse(text);
        if (servo.isPresent()) {
            startProgram(servo.get());
            return SOURCE + ": program " + ServoScript.PROGRAM + " running";
        }
        String line = text.strip();
        if (line.startsWith("stopj(") || line.equals("halt") || line.startsWith("stopl(")) {
            stopProgram();
            return SOURCE + ": program stopped";
        }
        // Not under the lock: a backend may take long (a simulated world builds its next scene).
        Optional<String> taken = backend.script(line);
        if (taken.isPresent()) {
            note(taken.get());
            return SOURCE + ": " + taken.get();
        }
        note("refused a program: not " + ServoScript.PROGRAM);
        return SOURCE + ": not run: this simulator runs only the " + ServoScript.PROGRAM + " program";
    }

    /** Stops serving: closes both ports and every client, stops the clock. */
    @Override
    public void close() {
        open = false;
        try {
            rtdeSocket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        try {
            scriptSocket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (RtdeSession s : sessions) {
            s.close();
        }
        for (Thread t : threads) {
            try {
                t.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
