package dev.saccade.runtime.bridge;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The eye's end of the bridge, as an external eye process (motors and camera) or the simulated
 * controller's 360° camera runs it: it binds a publisher of camera frames on {@code PORT}, a
 * subscriber of gaze commands on {@code PORT + 1} and a subscriber of the hand's commands on
 * {@code PORT + 2}. Bound to loopback unless the endpoint names another host. Not thread-safe:
 * one thread uses it (ZeroMQ sockets belong to one thread).
 */
public final class EyeSide implements AutoCloseable {
    private final ZContext context = new ZContext(1);
    private final ZMQ.Socket frames;
    private final ZMQ.Socket gaze;
    private final ZMQ.Socket commands;
    private int subscribers;

    /** Binds the three sockets of {@code endpoint}. */
    public EyeSide(BridgeEndpoint endpoint) {
        try {
            frames = context.createSocket(SocketType.XPUB); // XPUB: learns whether anyone subscribes
            frames.setLinger(0);
            frames.setSndHWM(4);
            frames.bind(endpoint.frames());
            gaze = subscriber(endpoint.gaze());
            commands = subscriber(endpoint.commands());
        } catch (RuntimeException e) {
            context.close();
            throw new IllegalStateException("eye bridge: cannot bind " + endpoint.frames() + "..+2: " + e.getMessage(), e);
        }
    }

    private ZMQ.Socket subscriber(String address) {
        ZMQ.Socket s = context.createSocket(SocketType.SUB);
        s.setLinger(0);
        s.subscribe(new byte[0]);
        s.bind(address);
        return s;
    }

    /** Sends a camera frame (dropped when no one listens or a listener is behind). */
    public void publishFrame(EyeMessage frame) {
        send(frames, frame);
    }

    /** Subscribers of the frames now (a simulator renders only when there is one). */
    public int subscribers() {
        byte[] event;
        while ((event = frames.recv(ZMQ.DONTWAIT)) != null) {
            if (event.length > 0) {
                subscribers += event[0] == 1 ? 1 : -1;
            }
        }
        return Math.max(0, subscribers);
    }

    /** The next gaze command, if one came; a malformed one is an {@link IllegalArgumentException}. */
    public Optional<EyeMessage> pollGaze() {
        return receive(gaze, ZMQ.DONTWAIT);
    }

    /** The next hand command, if one came. */
    public Optional<EyeMessage> pollCommand() {
        return receive(commands, ZMQ.DONTWAIT);
    }

    /** Waits up to {@code millis} for the next hand command. */
    public Optional<EyeMessage> awaitCommand(int millis) {
        commands.setReceiveTimeOut(millis);
        return receive(commands, 0);
    }

    /** Waits up to {@code millis} for the next gaze command. */
    public Optional<EyeMessage> awaitGaze(int millis) {
        gaze.setReceiveTimeOut(millis);
        return receive(gaze, 0);
    }

    static void send(ZMQ.Socket socket, EyeMessage m) {
        List<byte[]> parts = m.encode();
        socket.send(parts.get(0), ZMQ.SNDMORE | ZMQ.DONTWAIT);
        socket.send(parts.get(1), ZMQ.SNDMORE | ZMQ.DONTWAIT);
        socket.send(parts.get(2), ZMQ.DONTWAIT);
    }

    /** One whole multipart message, decoded; every part is read even when the message is malformed. */
    static Optional<EyeMessage> receive(ZMQ.Socket socket, int flags) {
        byte[] first = socket.recv(flags);
        if (first == null) {
            return Optional.empty();
        }
        List<byte[]> parts = new ArrayList<>();
        parts.add(first);
        while (socket.hasReceiveMore() && parts.size() <= 16) {
            parts.add(socket.recv(0));
        }
        while (socket.hasReceiveMore()) {
            socket.recv(0); // drain an oversized message before refusing it
        }
        return Optional.of(EyeMessage.decode(parts));
    }

    @Override
    public void close() {
        context.close();
    }
}
