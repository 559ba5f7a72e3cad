package dev.saccade.robot.rtde;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

/** A byte stream to an RTDE peer: a TCP socket, or in-memory streams in tests. */
public interface RtdeTransport extends AutoCloseable {
    InputStream in();

    OutputStream out();

    /** Sets how long a read may block (0 = forever); ignored by transports without a timeout. */
    default void setReadTimeout(int millis) {}

    /** Closes both directions; a blocked reader returns. Never throws. */
    @Override
    void close();

    /** A TCP connection with Nagle off (RTDE packages are small and latency matters). */
    static RtdeTransport connect(String host, int port, int timeoutMillis) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), timeoutMillis);
            return of(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** Wraps a connected socket. */
    static RtdeTransport of(Socket socket) throws IOException {
        InputStream in = new java.io.BufferedInputStream(socket.getInputStream(), 1 << 14);
        OutputStream out = socket.getOutputStream();
        return new RtdeTransport() {
            @Override public InputStream in() { return in; }
            @Override public OutputStream out() { return out; }
            @Override public void setReadTimeout(int millis) {
                try {
                    socket.setSoTimeout(millis);
                } catch (IOException ignored) {
                    // a closed socket: the next read fails and says so
                }
            }
            @Override public void close() {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing is best effort; the peer sees the connection drop either way
                }
            }
        };
    }

    /** In-memory streams (tests and fuzzing). */
    static RtdeTransport of(InputStream in, OutputStream out) {
        return new RtdeTransport() {
            @Override public InputStream in() { return in; }
            @Override public OutputStream out() { return out; }
            @Override public void close() {
                try {
                    in.close();
                } catch (IOException ignored) {
                    // in-memory streams do not fail to close
                }
            }
        };
    }
}
