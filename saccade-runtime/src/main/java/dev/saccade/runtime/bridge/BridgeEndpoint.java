package dev.saccade.runtime.bridge;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Where an eye bridge lives: {@code zmq://HOST:PORT} (or {@code tcp://HOST:PORT}). Frames go out
 * on {@code PORT}; gaze commands come in on {@code PORT + 1}; the hand's commands go out on
 * {@code PORT + 2}. The eye's side binds, the runtime connects.
 */
public record BridgeEndpoint(String host, int port) {
    /** The simulator's eye bridge port unless another is given. */
    public static final int DEFAULT_PORT = 5560;

    public BridgeEndpoint {
        if (port < 1 || port > 65533) {
            throw new IllegalArgumentException("eye bridge port must be in [1, 65533] (it uses PORT..PORT+2), got " + port);
        }
    }

    /** The loopback bridge on {@code port}. */
    public static BridgeEndpoint loopback(int port) {
        return new BridgeEndpoint("127.0.0.1", port);
    }

    /** Parses {@code zmq://HOST:PORT}, {@code tcp://HOST:PORT} or {@code HOST:PORT}. */
    public static BridgeEndpoint parse(String text) {
        String t = text.strip();
        for (String scheme : new String[] {"zmq://", "tcp://"}) {
            if (t.startsWith(scheme)) {
                t = t.substring(scheme.length());
            }
        }
        int colon = t.lastIndexOf(':');
        if (colon <= 0 || colon == t.length() - 1) {
            throw new IllegalArgumentException("an eye bridge is zmq://HOST:PORT, got '" + text + "'");
        }
        int port;
        try {
            port = Integer.parseInt(t.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("eye bridge port must be a number, got '" + t.substring(colon + 1) + "'");
        }
        return new BridgeEndpoint(t.substring(0, colon), port);
    }

    /** Whether the host is a loopback address. */
    public boolean loopbackHost() {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    String frames() {
        return "tcp://" + host + ":" + port;
    }

    String gaze() {
        return "tcp://" + host + ":" + (port + 1);
    }

    String commands() {
        return "tcp://" + host + ":" + (port + 2);
    }
}
