package dev.saccade.robot.sim;

import dev.saccade.robot.rtde.RtdeMessages;
import dev.saccade.robot.rtde.RtdePackage;
import dev.saccade.robot.rtde.RtdeTransport;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** An in-memory RTDE client of a simulated controller: packages in by hand, everything sent back captured. */
final class ClientHarness {
    final ByteArrayOutputStream received = new ByteArrayOutputStream();
    final RtdeSession session;
    private int readOffset;

    ClientHarness(SimulatedController sim) {
        session = sim.attach(RtdeTransport.of(new ByteArrayInputStream(new byte[0]), received), false);
    }

    ClientHarness send(RtdePackage p) {
        session.handle(p);
        return this;
    }

    /** Negotiates version 2. */
    ClientHarness negotiate() {
        return send(new RtdeMessages.ProtocolVersionRequest(2).toPackage());
    }

    /** Packages received since the last call. */
    List<RtdePackage> drain() {
        byte[] all = received.toByteArray();
        ByteArrayInputStream in = new ByteArrayInputStream(all, readOffset, all.length - readOffset);
        List<RtdePackage> out = new ArrayList<>();
        try {
            RtdePackage p;
            while ((p = RtdePackage.read(in)) != null) {
                out.add(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        readOffset = all.length;
        return out;
    }

    void close() {
        session.close();
    }
}
