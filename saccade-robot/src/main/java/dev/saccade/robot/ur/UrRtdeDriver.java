package dev.saccade.robot.ur;

import dev.saccade.robot.rtde.Recipe;
import dev.saccade.robot.rtde.RtdeCommand;
import dev.saccade.robot.rtde.RtdeMessages;
import dev.saccade.robot.rtde.RtdeMessages.Accepted;
import dev.saccade.robot.rtde.RtdeMessages.ControllerVersion;
import dev.saccade.robot.rtde.RtdeMessages.DataPackage;
import dev.saccade.robot.rtde.RtdeMessages.SetupReply;
import dev.saccade.robot.rtde.RtdeMessages.TextMessage;
import dev.saccade.robot.rtde.RtdePackage;
import dev.saccade.robot.rtde.RtdeProtocolException;
import dev.saccade.robot.rtde.RtdeTransport;
import dev.saccade.robot.rtde.RtdeType;
import dev.saccade.robot.rtde.RtdeValues;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * A UR e-Series/CB3 driver over RTDE (protocol version 2), for streaming joint targets.
 *
 * <p>{@link #connect} negotiates the protocol, reads the controller version, sets up an output
 * recipe (timestamp, actual_q, actual_qd, robot_mode, safety_mode, runtime_state and the servo
 * program's two output registers) and an input recipe (input_double_register_0..5 for the joint
 * target, input_int_register_0 for the command word), starts the synchronisation and reads the
 * first state. {@link #uploadProgram} sends {@link ServoScript} to the secondary interface and
 * waits until it runs. {@link #servo} then sends joint targets.
 *
 * <p>Safety lives here, not only in the caller: every target is checked by a {@link SafetyFilter}
 * (finite, inside the position limits, at most what the speed limit allows since the last target,
 * and at most one step); a watchdog halts the
 * arm when no target came for {@code commandTimeout} and faults when no state came for
 * {@code stateTimeout}; any protocol error, error message from the controller or dropped
 * connection is a fault: the driver sends a halt if it still can, closes the connection, keeps one
 * message ({@link #fault()}) and refuses every further command. A controller that leaves normal
 * safety mode or stops the servo program while targets stream halts the driver (rearm once cleared).
 */
public final class UrRtdeDriver implements AutoCloseable {
    /** Where the driver is. */
    public enum Status {
        /** Connected and streaming state; no target sent since (re)arming. */
        READY,
        /** Targets are being sent. */
        SERVOING,
        /** The arm was halted (by the watchdog, a rejected target or the caller); {@link #rearm()} to go on. */
        HALTED,
        /** A fault stopped the driver for good; {@link #fault()} says why. */
        FAULT,
        /** Closed by the caller. */
        CLOSED
    }

    /**
     * Driver settings.
     *
     * @param frequency output rate asked of the controller, Hz (≤ 500 on e-Series, 125 on CB3)
     * @param limits the arm's joint limits
     * @param commandPeriod the interval the caller sends targets at; a target moves at most the speed
     *     limit times the time since the last one, that time counted as at most this period
     * @param maxStep the largest change of any joint between two targets, rad
     * @param commandTimeout seconds without a new target before the watchdog halts the arm
     * @param stateTimeout seconds without a state from the controller before the driver faults
     * @param connectTimeoutMillis bound on connecting and on each setup reply
     * @param clock the driver's clock in nanoseconds (System::nanoTime; tests pass a simulated one)
     * @param extras variables read and written beside the driver's own (a gripper's registers, a
     *     simulated world's status); none by default
     */
    public record Settings(double frequency, JointLimits limits, double commandPeriod, double maxStep,
            double commandTimeout, double stateTimeout, int connectTimeoutMillis, LongSupplier clock, Extras extras) {
        public Settings {
            java.util.Objects.requireNonNull(extras, "extras");
            if (!(frequency > 0 && frequency <= 500)) {
                throw new IllegalArgumentException("RTDE output frequency must be in (0, 500] Hz, got " + frequency);
            }
            if (!(commandTimeout > 0 && commandTimeout <= 0.5) || !(stateTimeout > 0 && stateTimeout <= 5)) {
                throw new IllegalArgumentException("the watchdog needs command timeout in (0, 0.5] s and state timeout in (0, 5] s");
            }
            new SafetyFilter(limits, commandPeriod, maxStep); // validates both
        }

        /** 500 Hz output, UR5e limits, targets at 125 Hz, ≤ 0.05 rad a step, halt after 0.2 s, fault after 0.5 s of silence. */
        public static Settings defaults() {
            return new Settings(500, JointLimits.UR5E, 1.0 / 125, 0.05, 0.2, 0.5, 2000, System::nanoTime, Extras.NONE);
        }

        public Settings withFrequency(double hz) {
            return new Settings(hz, limits, commandPeriod, maxStep, commandTimeout, stateTimeout, connectTimeoutMillis, clock, extras);
        }

        public Settings withCommandPeriod(double seconds) {
            return new Settings(frequency, limits, seconds, maxStep, commandTimeout, stateTimeout, connectTimeoutMillis, clock, extras);
        }

        public Settings withTimeouts(double command, double state) {
            return new Settings(frequency, limits, commandPeriod, maxStep, command, state, connectTimeoutMillis, clock, extras);
        }

        /** The same with a step clamp of {@code rad} per target. */
        public Settings withMaxStep(double rad) {
            return new Settings(frequency, limits, commandPeriod, rad, commandTimeout, stateTimeout, connectTimeoutMillis, clock, extras);
        }

        /** The same with {@code more} variables beside the driver's own. */
        public Settings withExtras(Extras more) {
            return new Settings(frequency, limits, commandPeriod, maxStep, commandTimeout, stateTimeout, connectTimeoutMillis, clock, more);
        }

        public Settings withClock(LongSupplier nanos) {
            return new Settings(frequency, limits, commandPeriod, maxStep, commandTimeout, stateTimeout, connectTimeoutMillis, nanos, extras);
        }
    }

    /**
     * Variables the driver carries beside its own: outputs read with every state
     * ({@link #outputs()}), inputs written with every target ({@link #setInput}). Names must not
     * repeat the driver's own.
     */
    public record Extras(List<String> outputs, List<RtdeType> outputTypes, List<String> inputs, List<RtdeType> inputTypes) {
        /** Nothing beyond the driver's own variables. */
        public static final Extras NONE = new Extras(List.of(), List.of(), List.of(), List.of());

        public Extras {
            outputs = List.copyOf(outputs);
            outputTypes = List.copyOf(outputTypes);
            inputs = List.copyOf(inputs);
            inputTypes = List.copyOf(inputTypes);
            if (outputs.size() != outputTypes.size() || inputs.size() != inputTypes.size()) {
                throw new IllegalArgumentException("one type per extra variable");
            }
            for (String n : outputs) {
                if (OUTPUTS.contains(n)) {
                    throw new IllegalArgumentException("extra output " + n + " is one of the driver's own");
                }
            }
            for (String n : inputs) {
                if (INPUTS.contains(n)) {
                    throw new IllegalArgumentException("extra input " + n + " is one of the driver's own");
                }
            }
        }
    }

    /** One target as sent: its command word, the joint values after the safety filter, and when. */
    public record Command(int word, double[] target, long sentNanos) {
        public Command {
            target = target.clone();
        }

        @Override public double[] target() { return target.clone(); }
    }

    /** The output variables, in recipe order, and the types a UR controller gives them. */
    public static final List<String> OUTPUTS = List.of("timestamp", "actual_q", "actual_qd", "robot_mode",
            "safety_mode", "runtime_state", "output_int_register_0", "output_int_register_1");
    static final List<RtdeType> OUTPUT_TYPES = List.of(RtdeType.DOUBLE, RtdeType.VECTOR6D, RtdeType.VECTOR6D,
            RtdeType.INT32, RtdeType.INT32, RtdeType.UINT32, RtdeType.INT32, RtdeType.INT32);
    /** The input variables: the six joint targets and the command word. */
    public static final List<String> INPUTS = List.of("input_double_register_0", "input_double_register_1",
            "input_double_register_2", "input_double_register_3", "input_double_register_4",
            "input_double_register_5", "input_int_register_0");
    static final List<RtdeType> INPUT_TYPES = List.of(RtdeType.DOUBLE, RtdeType.DOUBLE, RtdeType.DOUBLE,
            RtdeType.DOUBLE, RtdeType.DOUBLE, RtdeType.DOUBLE, RtdeType.INT32);

    /** Bound on packages skipped (text messages) while waiting for one setup reply. */
    private static final int MAX_PACKAGES_PER_REPLY = 64;
    private static final int AGE_RING = 4096;

    private final RtdeTransport transport;
    private final Settings settings;
    private final SafetyFilter filter;
    private final LongSupplier clock;
    private final Object lock = new Object();
    private String host = "127.0.0.1";

    private ControllerVersion controllerVersion;
    private Recipe outputs;
    private Recipe inputs;
    private RtdeValues inputValues;

    // Guarded by lock.
    private Status status = Status.READY;
    private String fault;
    private String haltReason;
    private UrState state;
    private RtdeValues lastOutputs;
    private long stateCount;
    private long lastStateNanos;
    private long lastCommandNanos;
    private double[] lastTarget;
    private int word;
    private int lastEcho;
    private final long[] sentAt = new long[AGE_RING];
    private final List<String> messages = new ArrayList<>();
    private Thread reader;
    private Thread watchdog;

    private UrRtdeDriver(RtdeTransport transport, Settings settings) {
        this.transport = transport;
        this.settings = settings;
        this.filter = new SafetyFilter(settings.limits(), settings.commandPeriod(), settings.maxStep());
        this.clock = settings.clock();
    }

    /**
     * Connects to an RTDE server (a UR controller's port 30004, or the simulated controller), sets
     * up the recipes, starts synchronisation and starts the reader and watchdog threads. Throws
     * {@link UrDriverException} with one line saying what the controller refused.
     */
    public static UrRtdeDriver connect(String host, int port, Settings settings) throws IOException {
        RtdeTransport transport = RtdeTransport.connect(host, port, settings.connectTimeoutMillis());
        UrRtdeDriver driver = open(transport, settings);
        driver.host = host;
        driver.startThreads();
        return driver;
    }

    /**
     * Runs the setup over {@code transport} without starting threads (the caller then feeds
     * {@link #pump()} itself; used by tests that script the controller's side byte by byte).
     */
    public static UrRtdeDriver open(RtdeTransport transport, Settings settings) throws IOException {
        UrRtdeDriver driver = new UrRtdeDriver(transport, settings);
        try {
            driver.setUp();
            return driver;
        } catch (RtdeProtocolException e) {
            transport.close();
            throw new UrDriverException("RTDE setup failed: protocol error from the controller: " + e.getMessage(), e);
        } catch (UrDriverException e) {
            transport.close();
            throw e;
        } catch (IOException e) {
            transport.close();
            throw new UrDriverException("RTDE setup failed: " + describe(e), e);
        }
    }

    private void setUp() throws IOException {
        transport.setReadTimeout(settings.connectTimeoutMillis());
        send(new RtdeMessages.ProtocolVersionRequest(RtdeCommand.PROTOCOL_VERSION).toPackage());
        if (!Accepted.parse(awaitReply(RtdeCommand.REQUEST_PROTOCOL_VERSION), RtdeCommand.REQUEST_PROTOCOL_VERSION)
                .accepted()) {
            throw new UrDriverException("the controller does not speak RTDE protocol version 2 (needs PolyScope 3.5 or later)");
        }
        send(RtdeMessages.emptyRequest(RtdeCommand.GET_URCONTROL_VERSION));
        controllerVersion = ControllerVersion.parse(awaitReply(RtdeCommand.GET_URCONTROL_VERSION));

        List<String> outNames = concat(OUTPUTS, settings.extras().outputs());
        List<String> inNames = concat(INPUTS, settings.extras().inputs());
        send(new RtdeMessages.SetupOutputsRequest(settings.frequency(), outNames).toPackage());
        outputs = granted(SetupReply.parse(awaitReply(RtdeCommand.CONTROL_PACKAGE_SETUP_OUTPUTS),
                RtdeCommand.CONTROL_PACKAGE_SETUP_OUTPUTS), outNames, concat(OUTPUT_TYPES, settings.extras().outputTypes()), "output");
        send(new RtdeMessages.SetupInputsRequest(inNames).toPackage());
        inputs = granted(SetupReply.parse(awaitReply(RtdeCommand.CONTROL_PACKAGE_SETUP_INPUTS),
                RtdeCommand.CONTROL_PACKAGE_SETUP_INPUTS), inNames, concat(INPUT_TYPES, settings.extras().inputTypes()), "input");
        inputValues = inputs.newValues();

        send(RtdeMessages.emptyRequest(RtdeCommand.CONTROL_PACKAGE_START));
        if (!Accepted.parse(awaitReply(RtdeCommand.CONTROL_PACKAGE_START), RtdeCommand.CONTROL_PACKAGE_START).accepted()) {
            throw new UrDriverException("the controller refused to start RTDE synchronisation");
        }
        RtdePackage first = awaitReply(RtdeCommand.DATA_PACKAGE);
        synchronized (lock) {
            onState(DataPackage.parse(first));
            if (status == Status.FAULT) {
                throw new UrDriverException(fault);
            }
            lastTarget = state.q();
            lastCommandNanos = clock.getAsLong();
            // Nothing moves until the first target: the command word starts at "halt".
            writeInputs(lastTarget, ServoScript.HALT);
        }
        transport.setReadTimeout(0); // from here on the watchdog bounds silence
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }

    private Recipe granted(SetupReply reply, List<String> names, List<RtdeType> expected, String what) {
        if (reply.types().size() != names.size()) {
            throw new UrDriverException("the controller answered the " + what + " setup with " + reply.types().size()
                    + " types for " + names.size() + " variables");
        }
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            RtdeType t = reply.types().get(i);
            if (t != expected.get(i)) {
                problems.add(names.get(i) + " is " + t + (t.isData() ? " (expected " + expected.get(i) + ")" : ""));
            }
        }
        if (!problems.isEmpty()) {
            String hint = problems.stream().anyMatch(p -> p.endsWith("IN_USE"))
                    ? " (another RTDE client or a fieldbus owns these registers)" : "";
            throw new UrDriverException("the controller refused the " + what + " recipe: " + String.join(", ", problems) + hint);
        }
        if (reply.recipeId() < 1) {
            throw new UrDriverException("the controller gave the " + what + " recipe id 0");
        }
        return new Recipe(reply.recipeId(), names, expected);
    }

    /** Reads packages until one of type {@code command}; text messages are kept, an error ends setup. */
    private RtdePackage awaitReply(int command) throws IOException {
        for (int i = 0; i < MAX_PACKAGES_PER_REPLY; i++) {
            RtdePackage p = RtdePackage.read(transport.in());
            if (p == null) {
                throw new EOFException("the controller closed the connection");
            }
            if (p.command() == command) {
                return p;
            }
            if (p.command() == RtdeCommand.TEXT_MESSAGE) {
                TextMessage m = TextMessage.parse(p);
                if (m.level() <= TextMessage.ERROR) {
                    throw new UrDriverException("RTDE setup failed: the controller says " + m.describe());
                }
                remember(m.describe());
                continue;
            }
            throw new RtdeProtocolException("expected a reply of type " + RtdeCommand.describe(command) + ", got "
                    + RtdeCommand.describe(p.command()));
        }
        throw new RtdeProtocolException("no reply of type " + RtdeCommand.describe(command) + " within "
                + MAX_PACKAGES_PER_REPLY + " packages");
    }

    /** Starts the reader (one thread reading states) and the watchdog (a check every 10 ms). */
    public void startThreads() {
        synchronized (lock) {
            if (reader != null) {
                return;
            }
            reader = new Thread(() -> {
                while (pump()) {
                    // pump() handles one package per call
                }
            }, "rtde-driver-reader");
            watchdog = new Thread(() -> {
                while (checkWatchdog()) {
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "rtde-driver-watchdog");
            reader.setDaemon(true);
            watchdog.setDaemon(true);
            reader.start();
            watchdog.start();
        }
    }

    /**
     * Reads and handles one package from the controller. Returns false once the driver is faulted
     * or closed (then there is nothing more to read).
     */
    public boolean pump() {
        RtdePackage p;
        try {
            p = RtdePackage.read(transport.in());
            if (p == null) {
                fault("the controller closed the connection");
                return false;
            }
        } catch (RtdeProtocolException e) {
            fault("protocol error from the controller: " + e.getMessage());
            return false;
        } catch (IOException e) {
            fault("connection to the controller lost: " + describe(e));
            return false;
        }
        synchronized (lock) {
            if (status == Status.FAULT || status == Status.CLOSED) {
                return false;
            }
            try {
                switch (p.command()) {
                    case RtdeCommand.DATA_PACKAGE -> onState(DataPackage.parse(p));
                    case RtdeCommand.TEXT_MESSAGE -> {
                        TextMessage m = TextMessage.parse(p);
                        if (m.level() <= TextMessage.ERROR) {
                            fault("the controller reported " + m.describe());
                        } else {
                            remember(m.describe());
                        }
                    }
                    default -> fault("protocol error from the controller: unexpected package of type "
                            + RtdeCommand.describe(p.command()) + " while streaming");
                }
            } catch (RtdeProtocolException e) {
                fault("protocol error from the controller: " + e.getMessage());
            }
            return status != Status.FAULT && status != Status.CLOSED;
        }
    }

    /** Handles one output package; a state that cannot be true is a fault. Holds the lock. */
    private void onState(DataPackage data) {
        RtdeValues v = outputs.decode(data);
        double timestamp = v.getDouble("timestamp");
        double[] q = v.getVector("actual_q");
        double[] qd = v.getVector("actual_qd");
        int bad = settings.limits().firstViolation(q);
        if (!Double.isFinite(timestamp)) {
            fault("the controller sent timestamp " + timestamp);
            return;
        }
        if (bad >= 0) {
            fault(String.format(Locale.ROOT, "the controller reports joint %d at %s rad, outside its limits", bad, q[bad]));
            return;
        }
        for (int j = 0; j < qd.length; j++) {
            if (!Double.isFinite(qd[j])) {
                fault("the controller reports joint " + j + " speed " + qd[j]);
                return;
            }
        }
        long now = clock.getAsLong();
        int echo = (int) v.getLong("output_int_register_0");
        long age = -1;
        if (echo != lastEcho && echo > 0 && echo <= word && word - echo < AGE_RING) {
            age = now - sentAt[echo % AGE_RING];
        }
        lastEcho = echo;
        lastOutputs = v;
        state = new UrState(timestamp, q, qd, (int) v.getLong("robot_mode"), (int) v.getLong("safety_mode"),
                v.getLong("runtime_state"), echo, (int) v.getLong("output_int_register_1"), now, age);
        stateCount++;
        lastStateNanos = now;
        // A controller that stopped on its own (protective stop, program ended) no longer follows
        // targets: stop streaming them until the caller rearms after it is cleared.
        if (status == Status.SERVOING && state.safetyMode() != UrState.SAFETY_MODE_NORMAL) {
            halt("the controller is in safety mode " + state.safetyMode() + " (1 = normal, 3 = protective stop)");
        } else if (status == Status.SERVOING && !state.programRunning()) {
            halt("the servo program is not running on the controller (runtime state " + state.runtimeState() + ")");
        }
        lock.notifyAll();
    }

    /**
     * Sends a joint target (rad) after the safety filter and returns what was sent. A target that
     * is not six finite numbers halts the arm and throws {@link IllegalArgumentException}; a halted
     * driver throws {@link IllegalStateException} until {@link #rearm()}; a faulted or closed one
     * throws {@link UrDriverException}.
     */
    public Command servo(double[] q) {
        synchronized (lock) {
            requireMovable();
            double[] target;
            long now = clock.getAsLong();
            try {
                target = filter.next(lastTarget, q, (now - lastCommandNanos) / 1e9);
            } catch (IllegalArgumentException e) {
                halt("rejected target: " + e.getMessage());
                throw e;
            }
            word = word == Integer.MAX_VALUE ? 1 : word + 1;
            sentAt[word % AGE_RING] = now;
            if (!writeInputs(target, word)) {
                throw new UrDriverException(fault);
            }
            lastTarget = target;
            lastCommandNanos = now;
            status = Status.SERVOING;
            return new Command(word, target, now);
        }
    }

    /** Halts the arm now (command word 0: the servo program stops it); {@link #rearm()} to go on. */
    public void halt(String reason) {
        synchronized (lock) {
            if (status == Status.READY || status == Status.SERVOING || status == Status.HALTED) {
                if (writeInputs(lastTarget, ServoScript.HALT)) {
                    status = Status.HALTED;
                    haltReason = reason;
                }
                lock.notifyAll();
            }
        }
    }

    /** After a halt: takes the arm's present position as the last target and allows targets again. */
    public void rearm() {
        synchronized (lock) {
            requireNotFaulted();
            if (status == Status.SERVOING) {
                return;
            }
            lastTarget = state.q();
            lastCommandNanos = clock.getAsLong();
            haltReason = null;
            status = Status.READY;
        }
    }

    /**
     * One watchdog check: halts when servoing without a new target for {@code commandTimeout},
     * faults when no state came for {@code stateTimeout}. Returns false once faulted or closed.
     * The watchdog thread calls it every 10 ms; a caller may call it any time.
     */
    public boolean checkWatchdog() {
        synchronized (lock) {
            if (status == Status.FAULT || status == Status.CLOSED) {
                return false;
            }
            long now = clock.getAsLong();
            if (now - lastStateNanos > seconds(settings.stateTimeout())) {
                fault(String.format(Locale.ROOT, "no data from the controller for %.3f s (watchdog)",
                        (now - lastStateNanos) / 1e9));
                return false;
            }
            if (status == Status.SERVOING && now - lastCommandNanos > seconds(settings.commandTimeout())) {
                halt(String.format(Locale.ROOT, "no new joint target for %.3f s (watchdog)", (now - lastCommandNanos) / 1e9));
            }
            return true;
        }
    }

    /** Waits up to {@code timeoutMillis} for a state newer than the last one seen by this call's caller. */
    public Optional<UrState> awaitState(long afterCount, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        synchronized (lock) {
            while (stateCount <= afterCount && status != Status.FAULT && status != Status.CLOSED) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return Optional.empty();
                }
                lock.wait(Math.max(1, left / 1_000_000L));
            }
            return stateCount > afterCount ? Optional.ofNullable(state) : Optional.empty();
        }
    }

    /** Number of states received so far (for {@link #awaitState}). */
    public long stateCount() {
        synchronized (lock) {
            return stateCount;
        }
    }

    /**
     * Sends {@link ServoScript} to the controller's secondary interface ({@code scriptPort}, 30002
     * on a real controller) and waits up to {@code timeoutMillis} until the controller reports the
     * program playing.
     */
    public void uploadProgram(ServoScript script, int scriptPort, long timeoutMillis) throws IOException, InterruptedException {
        UrScriptSender.send(host, scriptPort, script.render(), settings.connectTimeoutMillis());
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        long seen = stateCount();
        while (System.nanoTime() < deadline) {
            Optional<UrState> s = awaitState(seen, 50);
            requireNotFaulted();
            if (s.isPresent()) {
                seen = stateCount();
                if (s.get().programRunning()) {
                    return;
                }
            }
        }
        throw new UrDriverException("the servo program did not start on the controller within " + timeoutMillis + " ms");
    }

    /**
     * The latest output package in full (the driver's variables and the extras), decoded; read
     * extras with {@code getDouble}/{@code getLong}. A new object per state (the driver never
     * writes to one it handed out). Empty before the first state.
     */
    public Optional<RtdeValues> outputs() {
        synchronized (lock) {
            return Optional.ofNullable(lastOutputs);
        }
    }

    /**
     * Sets extra input {@code name} (one of {@link Extras#inputs()}); it goes out with the next
     * target or halt. Not checked by the safety filter (extras are not joint targets), but a value
     * that is not finite is refused ({@link IllegalArgumentException}).
     */
    public void setInput(String name, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be finite, got " + value);
        }
        synchronized (lock) {
            if (!settings.extras().inputs().contains(name)) {
                throw new IllegalArgumentException(name + " is not an extra input of this driver");
            }
            RtdeType t = settings.extras().inputTypes().get(settings.extras().inputs().indexOf(name));
            if (t == RtdeType.DOUBLE) {
                inputValues.setDouble(name, value);
            } else {
                inputValues.setLong(name, (long) value);
            }
        }
    }

    /** The latest state, if any. */
    public Optional<UrState> state() {
        synchronized (lock) {
            return Optional.ofNullable(state);
        }
    }

    public Status status() {
        synchronized (lock) {
            return status;
        }
    }

    /** Why the driver faulted: one line, or empty. */
    public Optional<String> fault() {
        synchronized (lock) {
            return Optional.ofNullable(fault);
        }
    }

    /** Why the arm was last halted, while halted. */
    public Optional<String> haltReason() {
        synchronized (lock) {
            return Optional.ofNullable(haltReason);
        }
    }

    /** The controller's version, as it reported it. */
    public ControllerVersion controllerVersion() {
        return controllerVersion;
    }

    /** Warnings and information messages the controller sent (at most the last 32). */
    public List<String> messages() {
        synchronized (lock) {
            return List.copyOf(messages);
        }
    }

    /** The filter every target passes. */
    public SafetyFilter filter() {
        return filter;
    }

    /** Halts the arm, pauses synchronisation and closes the connection. */
    @Override
    public void close() {
        Thread r;
        Thread w;
        synchronized (lock) {
            if (status == Status.CLOSED) {
                return;
            }
            if (status != Status.FAULT) {
                halt("driver closed");
                try {
                    send(RtdeMessages.emptyRequest(RtdeCommand.CONTROL_PACKAGE_PAUSE));
                } catch (IOException ignored) {
                    // closing anyway
                }
                status = Status.CLOSED;
            }
            r = reader;
            w = watchdog;
            lock.notifyAll();
        }
        transport.close();
        join(r);
        join(w);
    }

    private static void join(Thread t) {
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Stops for good: a last halt if the connection still takes it, one message, the connection closed. */
    private void fault(String message) {
        synchronized (lock) {
            if (status == Status.FAULT || status == Status.CLOSED) {
                return;
            }
            if (inputValues != null && lastTarget != null) {
                try {
                    writeRaw(lastTarget, ServoScript.HALT);
                } catch (IOException | RuntimeException ignored) {
                    // the connection is gone; the servo program's own watchdog stops the arm
                }
            }
            status = Status.FAULT;
            fault = message;
            lock.notifyAll();
        }
        transport.close();
    }

    /** Writes the input recipe; on failure faults and returns false. Holds the lock. */
    private boolean writeInputs(double[] target, int commandWord) {
        try {
            writeRaw(target, commandWord);
            return true;
        } catch (IOException e) {
            fault("connection to the controller lost: " + describe(e));
            return false;
        }
    }

    private void writeRaw(double[] target, int commandWord) throws IOException {
        for (int j = 0; j < JointLimits.JOINTS; j++) {
            inputValues.setDouble(INPUTS.get(j), target[j]);
        }
        inputValues.setLong("input_int_register_0", commandWord);
        send(inputs.encode(inputValues).toPackage());
    }

    private void send(RtdePackage p) throws IOException {
        synchronized (transport) {
            transport.out().write(p.encode());
            transport.out().flush();
        }
    }

    private void requireNotFaulted() {
        if (status == Status.FAULT) {
            throw new UrDriverException(fault);
        }
        if (status == Status.CLOSED) {
            throw new UrDriverException("the driver is closed");
        }
    }

    private void requireMovable() {
        requireNotFaulted();
        if (status == Status.HALTED) {
            throw new IllegalStateException("the arm is halted (" + haltReason + "); call rearm() first");
        }
    }

    private void remember(String message) {
        synchronized (lock) {
            if (messages.size() == 32) {
                messages.remove(0);
            }
            messages.add(message);
        }
    }

    private static long seconds(double s) {
        return (long) (s * 1e9);
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
