package dev.saccade.robot.sim;

import dev.saccade.robot.rtde.Recipe;
import dev.saccade.robot.rtde.RtdeCommand;
import dev.saccade.robot.rtde.RtdeMessages;
import dev.saccade.robot.rtde.RtdeMessages.Accepted;
import dev.saccade.robot.rtde.RtdeMessages.ControllerVersion;
import dev.saccade.robot.rtde.RtdeMessages.DataPackage;
import dev.saccade.robot.rtde.RtdeMessages.SetupInputsRequest;
import dev.saccade.robot.rtde.RtdeMessages.SetupOutputsRequest;
import dev.saccade.robot.rtde.RtdeMessages.SetupReply;
import dev.saccade.robot.rtde.RtdeMessages.TextMessage;
import dev.saccade.robot.rtde.RtdePackage;
import dev.saccade.robot.rtde.RtdeProtocolException;
import dev.saccade.robot.rtde.RtdeTransport;
import dev.saccade.robot.rtde.RtdeType;
import dev.saccade.robot.rtde.RtdeValues;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * One RTDE client of the {@link SimulatedController}: reads its packages, answers them as a UR
 * controller does, and streams its output recipe. Anything malformed or out of order gets one
 * text message (level ERROR) and is otherwise ignored; only a broken frame (a size below the
 * header's, a stream that ends inside a package) or a client that stops reading ends the session.
 */
public final class RtdeSession {
    /** Replies waiting for a client that does not read; past this the session is closed. */
    private static final int MAX_QUEUED = 1024;
    /** Data package bytes the 16-bit size field can carry (header and recipe id taken off). */
    private static final int MAX_VALUE_BYTES = RtdePackage.MAX_BYTES - RtdePackage.HEADER_BYTES - 1;

    private final SimulatedController controller;
    private final int id;
    private final RtdeTransport transport;
    private final ControllerVersion version;
    private final boolean writerThread;
    private final ConcurrentLinkedQueue<byte[]> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicReference<byte[]> pendingOutput = new AtomicReference<>();
    private volatile boolean closed;
    private volatile Thread writer;

    // Guarded by controller.lock.
    private boolean negotiated;
    private boolean started;
    private Recipe outputs;
    private double outputPeriod;
    private double nextOutput;
    private final Map<Integer, Recipe> inputs = new HashMap<>();
    private int nextRecipeId = 1;

    RtdeSession(SimulatedController controller, int id, RtdeTransport transport, ControllerVersion version,
            boolean writerThread) {
        this.controller = controller;
        this.id = id;
        this.transport = transport;
        this.version = version;
        this.writerThread = writerThread;
    }

    /** The session's number (1, 2, …). */
    public int id() {
        return id;
    }

    /** Serves the client until it disconnects, breaks framing, or the controller closes. */
    public void run() {
        if (writerThread) {
            writer = new Thread(this::writeLoop, "sim-rtde-writer-" + id);
            writer.setDaemon(true);
            writer.start();
        }
        try {
            while (!closed) {
                RtdePackage p = RtdePackage.read(transport.in());
                if (p == null) {
                    break;
                }
                handle(p);
            }
        } catch (RtdeProtocolException e) {
            sendText("closing the connection: " + e.getMessage(), TextMessage.ERROR);
        } catch (IOException e) {
            // the client went away or sent half a package: nothing more to say to it
        } catch (RuntimeException e) {
            // A bug must not take the controller down with it; the client is told and dropped.
            controller.internalError("session " + id + " failed: " + e);
            sendText("internal error; closing the connection", TextMessage.EXCEPTION);
        } finally {
            close();
        }
    }

    /** Handles one package from the client. */
    void handle(RtdePackage p) {
        try {
            switch (p.command()) {
                case RtdeCommand.REQUEST_PROTOCOL_VERSION -> {
                    int v = RtdeMessages.ProtocolVersionRequest.parse(p).version();
                    boolean ok = v == RtdeCommand.PROTOCOL_VERSION;
                    synchronized (controller.lock) {
                        negotiated |= ok;
                    }
                    reply(new Accepted(p.command(), ok).toPackage());
                }
                case RtdeCommand.GET_URCONTROL_VERSION -> {
                    RtdeMessages.requireEmpty(p, p.command(), "controller version request");
                    reply(version.toPackage());
                }
                case RtdeCommand.TEXT_MESSAGE -> controller.note("client " + id + ": " + TextMessage.parse(p).describe());
                case RtdeCommand.CONTROL_PACKAGE_SETUP_OUTPUTS -> setupOutputs(p);
                case RtdeCommand.CONTROL_PACKAGE_SETUP_INPUTS -> setupInputs(p);
                case RtdeCommand.CONTROL_PACKAGE_START -> {
                    RtdeMessages.requireEmpty(p, p.command(), "start");
                    boolean ok;
                    synchronized (controller.lock) {
                        ok = negotiated && (outputs != null || !inputs.isEmpty());
                        if (ok) {
                            // The reply is queued before the lock lets the control cycle emit a first data
                            // package: a client reads 'S' first (a CI run's driver once got 'U' before it).
                            reply(new Accepted(p.command(), true).toPackage());
                            started = true;
                            nextOutput = controller.time() + SimulatedController.PERIOD;
                        }
                    }
                    if (!ok) {
                        error("start refused: negotiate protocol version 2 and set up a recipe first");
                        reply(new Accepted(p.command(), false).toPackage());
                    }
                }
                case RtdeCommand.CONTROL_PACKAGE_PAUSE -> {
                    RtdeMessages.requireEmpty(p, p.command(), "pause");
                    synchronized (controller.lock) {
                        started = false;
                    }
                    reply(new Accepted(p.command(), true).toPackage());
                }
                case RtdeCommand.DATA_PACKAGE -> input(DataPackage.parse(p));
                default -> error("unknown package type " + RtdeCommand.describe(p.command()) + ": ignored");
            }
        } catch (RtdeProtocolException e) {
            error(e.getMessage());
        }
    }

    private void setupOutputs(RtdePackage p) {
        if (!isNegotiated()) {
            error("output setup before protocol version 2 was negotiated: ignored");
            return;
        }
        SetupOutputsRequest request = SetupOutputsRequest.parse(p);
        List<RtdeType> types = new ArrayList<>();
        for (String name : request.names()) {
            types.add(Variables.outputType(name).orElse(RtdeType.NOT_FOUND));
        }
        String problem = null;
        double f = request.frequency();
        if (!(f > 0 && f <= 500)) {
            problem = "output frequency " + f + " Hz is outside (0, 500]";
        }
        SetupReply reply;
        synchronized (controller.lock) {
            if (started) {
                problem = "cannot change recipes while synchronising; pause first";
            }
            problem = problem != null ? problem : recipeProblem(request.names(), types);
            if (problem == null) {
                outputs = new Recipe(nextRecipeId++, request.names(), types);
                outputPeriod = 1 / f;
                reply = new SetupReply(p.command(), outputs.id(), types);
            } else {
                reply = new SetupReply(p.command(), 0, types);
            }
        }
        if (problem != null) {
            error("output setup refused: " + problem);
        }
        reply(reply.toPackage());
    }

    private void setupInputs(RtdePackage p) {
        if (!isNegotiated()) {
            error("input setup before protocol version 2 was negotiated: ignored");
            return;
        }
        SetupInputsRequest request = SetupInputsRequest.parse(p);
        List<RtdeType> types = new ArrayList<>();
        String problem;
        SetupReply reply;
        synchronized (controller.lock) {
            for (String name : request.names()) {
                Optional<RtdeType> t = Variables.inputType(name);
                types.add(t.isEmpty() ? RtdeType.NOT_FOUND
                        : controller.ownerOtherThan(name, this).isPresent() ? RtdeType.IN_USE : t.get());
            }
            problem = started ? "cannot change recipes while synchronising; pause first"
                    : recipeProblem(request.names(), types);
            if (problem == null) {
                Recipe r = new Recipe(nextRecipeId++, request.names(), types);
                inputs.put(r.id(), r);
                controller.claim(request.names(), this);
                reply = new SetupReply(p.command(), r.id(), types);
            } else {
                reply = new SetupReply(p.command(), 0, types);
            }
        }
        if (problem != null) {
            error("input setup refused: " + problem);
        }
        reply(reply.toPackage());
    }

    /** Why a recipe cannot be granted, or null. Holds the lock. */
    private String recipeProblem(List<String> names, List<RtdeType> types) {
        List<String> bad = new ArrayList<>();
        int bytes = 0;
        for (int i = 0; i < names.size(); i++) {
            if (!types.get(i).isData()) {
                bad.add(names.get(i) + " " + types.get(i));
            }
            bytes += types.get(i).bytes();
        }
        if (!bad.isEmpty()) {
            return String.join(", ", bad.subList(0, Math.min(4, bad.size()))) + (bad.size() > 4 ? ", …" : "");
        }
        if (bytes > MAX_VALUE_BYTES) {
            return "the recipe's " + bytes + " bytes do not fit one package";
        }
        if (nextRecipeId > 255) {
            return "no recipe ids left on this connection";
        }
        return null;
    }

    private void input(DataPackage data) {
        String problem = null;
        synchronized (controller.lock) {
            Recipe recipe = inputs.get(data.recipeId());
            if (!started) {
                problem = "data package before start: ignored";
            } else if (recipe == null) {
                problem = "data package for unknown input recipe " + data.recipeId() + ": ignored";
            } else {
                try {
                    RtdeValues values = recipe.decode(data);
                    for (String name : recipe.names()) {
                        Variables.apply(name, values, controller.registers);
                    }
                    controller.countInput();
                } catch (RtdeProtocolException e) {
                    problem = e.getMessage() + ": ignored";
                }
            }
        }
        if (problem != null) {
            error(problem); // sent after the lock is released: a slow client must not hold up the clock
        }
    }

    private boolean isNegotiated() {
        synchronized (controller.lock) {
            return negotiated;
        }
    }

    /** Whether an output package is due at {@code time}; advances the schedule. Holds the lock. */
    boolean outputDue(double time) {
        if (!started || outputs == null || closed) {
            return false;
        }
        if (time + 1e-9 < nextOutput) {
            return false;
        }
        nextOutput += outputPeriod;
        if (nextOutput < time) {
            nextOutput = time + outputPeriod; // fell behind: skip, as UR's controller does
        }
        return true;
    }

    /** Encodes the output recipe from {@code s} and hands it to the writer. Holds the lock. */
    void emit(SimulatedController.Snapshot s) {
        RtdeValues v = outputs.newValues();
        for (String name : outputs.names()) {
            Variables.read(name, v, s);
        }
        byte[] frame = outputs.encode(v).toPackage().encode();
        if (writerThread) {
            pendingOutput.set(frame); // only the newest matters to a slow reader
            wake();
        } else {
            write(frame);
        }
    }

    private void error(String message) {
        controller.note("client " + id + ": " + message);
        sendText(message, TextMessage.ERROR);
    }

    /** Sends a text message to this client. */
    void sendText(String message, int level) {
        reply(new TextMessage(message, SimulatedController.SOURCE, level).toPackage());
    }

    private void reply(RtdePackage p) {
        byte[] frame = p.encode();
        if (!writerThread) {
            write(frame);
            return;
        }
        if (queued.incrementAndGet() > MAX_QUEUED) {
            controller.note(String.format(Locale.ROOT, "client %d does not read its replies: closed", id));
            close();
            return;
        }
        queue.add(frame);
        wake();
    }

    private void wake() {
        Thread w = writer;
        if (w != null) {
            LockSupport.unpark(w);
        }
    }

    private void writeLoop() {
        while (!closed) {
            byte[] f = queue.poll();
            if (f != null) {
                queued.decrementAndGet();
                write(f);
                continue;
            }
            f = pendingOutput.getAndSet(null);
            if (f != null) {
                write(f);
                continue;
            }
            LockSupport.park(this);
        }
    }

    private void write(byte[] frame) {
        if (closed) {
            return;
        }
        try {
            synchronized (transport) {
                transport.out().write(frame);
                transport.out().flush();
            }
        } catch (IOException e) {
            close();
        }
    }

    /** Ends the session: closes the connection and frees its inputs. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        transport.close();
        wake();
        controller.release(this);
    }
}
