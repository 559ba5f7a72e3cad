package dev.saccade.runtime.ur;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** A loopback TCP relay for one connection that a test can cut, as a pulled cable would. */
final class TcpCut implements AutoCloseable {
    private final ServerSocket server;
    private final int targetPort;
    private volatile Socket client, upstream;

    TcpCut(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::accept, "tcp-cut-accept");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        try {
            client = server.accept();
            client.setTcpNoDelay(true);
            upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
            upstream.setTcpNoDelay(true);
            pump(client.getInputStream(), upstream.getOutputStream());
            pump(upstream.getInputStream(), client.getOutputStream());
        } catch (IOException e) {
            // cut or closed
        }
    }

    private static void pump(InputStream in, OutputStream out) {
        Thread t = new Thread(() -> {
            byte[] b = new byte[8192];
            try {
                int n;
                while ((n = in.read(b)) > 0) {
                    out.write(b, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // cut
            }
        }, "tcp-cut-pump");
        t.setDaemon(true);
        t.start();
    }

    /** Drops the connection both ways. */
    void cut() {
        for (Socket s : new Socket[] {client, upstream}) {
            if (s != null) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // already closed
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        cut();
        server.close();
    }
}
