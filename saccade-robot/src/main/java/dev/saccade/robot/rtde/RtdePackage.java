package dev.saccade.robot.rtde;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * One RTDE package: its type byte and its payload. On the wire it is {@code uint16 size} (header
 * included, so 3 + payload length), {@code uint8 command}, payload; big-endian.
 */
public record RtdePackage(int command, byte[] payload) {
    /** Bytes of the header: uint16 size and uint8 command. */
    public static final int HEADER_BYTES = 3;
    /** The largest package the size field can describe. */
    public static final int MAX_BYTES = 0xffff;

    public RtdePackage {
        if (command < 0 || command > 0xff) {
            throw new IllegalArgumentException("command byte out of range: " + command);
        }
        if (payload.length > MAX_BYTES - HEADER_BYTES) {
            throw new RtdeProtocolException("payload of " + payload.length + " bytes does not fit one package");
        }
    }

    /** The whole package as it goes on the wire. */
    public byte[] encode() {
        int size = HEADER_BYTES + payload.length;
        byte[] out = new byte[size];
        out[0] = (byte) (size >>> 8);
        out[1] = (byte) size;
        out[2] = (byte) command;
        System.arraycopy(payload, 0, out, HEADER_BYTES, payload.length);
        return out;
    }

    /**
     * Reads one package from {@code in}. Returns null at a clean end of stream (before the first
     * header byte); throws {@link EOFException} when the stream ends inside a package and
     * {@link RtdeProtocolException} for a size below the header's own (the stream cannot be
     * resynchronised after either).
     */
    public static RtdePackage read(InputStream in) throws IOException {
        int hi = in.read();
        if (hi < 0) {
            return null;
        }
        int lo = in.read();
        int command = in.read();
        if (lo < 0 || command < 0) {
            throw new EOFException("stream ended inside a package header");
        }
        int size = (hi << 8) | lo;
        if (size < HEADER_BYTES) {
            throw new RtdeProtocolException("package size " + size + " is smaller than its 3-byte header");
        }
        byte[] payload = in.readNBytes(size - HEADER_BYTES);
        if (payload.length != size - HEADER_BYTES) {
            throw new EOFException("stream ended inside a package of " + size + " bytes (type "
                    + RtdeCommand.describe(command) + ") after " + (HEADER_BYTES + payload.length));
        }
        return new RtdePackage(command, payload);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RtdePackage p && p.command == command && Arrays.equals(p.payload, payload);
    }

    @Override
    public int hashCode() {
        return 31 * command + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "RtdePackage[" + RtdeCommand.describe(command) + ", " + payload.length + " bytes]";
    }
}
