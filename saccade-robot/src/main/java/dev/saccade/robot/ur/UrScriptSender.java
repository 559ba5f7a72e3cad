package dev.saccade.robot.ur;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Sends a URScript program to a controller's primary (30001) or secondary (30002) interface, as
 * UR's own tools do: connect, write the program text (a {@code def … end} block runs as a
 * program, replacing whatever runs), close. The interface does not answer a program with a
 * result; the driver sees that it runs through {@code runtime_state} and the program's status
 * register over RTDE.
 */
public final class UrScriptSender {
    /** UR's primary and secondary interface ports. */
    public static final int PRIMARY_PORT = 30001, SECONDARY_PORT = 30002;

    private UrScriptSender() {}

    /** Sends {@code script} to {@code host:port}, waiting at most {@code timeoutMillis} to connect. */
    public static void send(String host, int port, String script, int timeoutMillis) throws IOException {
        String text = script.endsWith("\n") ? script : script + "\n";
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), timeoutMillis);
            OutputStream out = socket.getOutputStream();
            out.write(text.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            socket.shutdownOutput();
        }
    }
}
