package dev.saccade.robot.rtde;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The payloads of RTDE protocol version 2, one record per message, each with its encoder
 * ({@code toPackage}) and a strict decoder ({@code parse}) that rejects a wrong type byte, a wrong
 * length or trailing bytes with an {@link RtdeProtocolException}. Layouts follow UR's RTDE guide;
 * every number is big-endian.
 */
public final class RtdeMessages {
    private RtdeMessages() {}

    /** Client → controller: {@code uint16 protocol version}. */
    public record ProtocolVersionRequest(int version) {
        public RtdePackage toPackage() {
            return new RtdePackage(RtdeCommand.REQUEST_PROTOCOL_VERSION,
                    ByteBuffer.allocate(2).putShort((short) version).array());
        }

        public static ProtocolVersionRequest parse(RtdePackage p) {
            ByteBuffer b = body(p, RtdeCommand.REQUEST_PROTOCOL_VERSION, 2, "protocol version request");
            return new ProtocolVersionRequest(Short.toUnsignedInt(b.getShort()));
        }
    }

    /**
     * Controller → client reply to a version request, start or pause: {@code uint8 accepted}
     * (1 yes, 0 no; like UR's client, any non-zero byte counts as yes).
     */
    public record Accepted(int command, boolean accepted) {
        public RtdePackage toPackage() {
            return new RtdePackage(command, new byte[] {(byte) (accepted ? 1 : 0)});
        }

        public static Accepted parse(RtdePackage p, int expectedCommand) {
            ByteBuffer b = body(p, expectedCommand, 1, "reply");
            return new Accepted(expectedCommand, b.get() != 0);
        }
    }

    /** Controller → client: {@code uint32 major, minor, bugfix, build}. */
    public record ControllerVersion(long major, long minor, long bugfix, long build) {
        public RtdePackage toPackage() {
            return new RtdePackage(RtdeCommand.GET_URCONTROL_VERSION, ByteBuffer.allocate(16)
                    .putInt((int) major).putInt((int) minor).putInt((int) bugfix).putInt((int) build).array());
        }

        public static ControllerVersion parse(RtdePackage p) {
            ByteBuffer b = body(p, RtdeCommand.GET_URCONTROL_VERSION, 16, "controller version");
            return new ControllerVersion(Integer.toUnsignedLong(b.getInt()), Integer.toUnsignedLong(b.getInt()),
                    Integer.toUnsignedLong(b.getInt()), Integer.toUnsignedLong(b.getInt()));
        }

        @Override
        public String toString() {
            return major + "." + minor + "." + bugfix + "." + build;
        }
    }

    /**
     * Either direction (protocol v2): {@code uint8 message length, message, uint8 source length,
     * source, uint8 warning level}. Text is ASCII; longer than 255 bytes is cut on encoding.
     */
    public record TextMessage(String message, String source, int level) {
        /** Warning levels as UR numbers them. */
        public static final int EXCEPTION = 0, ERROR = 1, WARNING = 2, INFO = 3;

        public RtdePackage toPackage() {
            byte[] m = ascii(message);
            byte[] s = ascii(source);
            ByteBuffer b = ByteBuffer.allocate(3 + m.length + s.length);
            b.put((byte) m.length).put(m).put((byte) s.length).put(s).put((byte) level);
            return new RtdePackage(RtdeCommand.TEXT_MESSAGE, b.array());
        }

        public static TextMessage parse(RtdePackage p) {
            ByteBuffer b = body(p, RtdeCommand.TEXT_MESSAGE, -1, "text message");
            String message = lengthPrefixed(b, "message");
            String source = lengthPrefixed(b, "source");
            if (b.remaining() != 1) {
                throw new RtdeProtocolException("text message: " + (b.remaining() == 0 ? "no warning level"
                        : b.remaining() - 1 + " bytes after the warning level"));
            }
            return new TextMessage(message, source, Byte.toUnsignedInt(b.get()));
        }

        /** A one-line rendering: {@code ERROR from source: message}. */
        public String describe() {
            String name = switch (level) {
                case EXCEPTION -> "EXCEPTION";
                case ERROR -> "ERROR";
                case WARNING -> "WARNING";
                case INFO -> "INFO";
                default -> "level " + level;
            };
            return name + " from " + Printable.of(source) + ": " + Printable.of(message);
        }

        private static byte[] ascii(String s) {
            byte[] b = s.getBytes(StandardCharsets.US_ASCII);
            return b.length > 255 ? Arrays.copyOf(b, 255) : b;
        }

        private static String lengthPrefixed(ByteBuffer b, String what) {
            if (!b.hasRemaining()) {
                throw new RtdeProtocolException("text message: no " + what + " length");
            }
            int n = Byte.toUnsignedInt(b.get());
            if (b.remaining() < n) {
                throw new RtdeProtocolException("text message: " + what + " of " + n + " bytes but only "
                        + b.remaining() + " left");
            }
            byte[] s = new byte[n];
            b.get(s);
            return new String(s, StandardCharsets.US_ASCII);
        }
    }

    /** Client → controller (v2): {@code float64 frequency}, then the comma-separated variable names. */
    public record SetupOutputsRequest(double frequency, List<String> names) {
        public SetupOutputsRequest {
            names = List.copyOf(names);
        }

        public RtdePackage toPackage() {
            byte[] n = String.join(",", names).getBytes(StandardCharsets.US_ASCII);
            return new RtdePackage(RtdeCommand.CONTROL_PACKAGE_SETUP_OUTPUTS,
                    ByteBuffer.allocate(8 + n.length).putDouble(frequency).put(n).array());
        }

        public static SetupOutputsRequest parse(RtdePackage p) {
            ByteBuffer b = body(p, RtdeCommand.CONTROL_PACKAGE_SETUP_OUTPUTS, -1, "output setup");
            if (b.remaining() < 8) {
                throw new RtdeProtocolException("output setup: " + b.remaining() + " bytes, need 8 for the frequency");
            }
            double frequency = b.getDouble();
            return new SetupOutputsRequest(frequency, parseNames(b, "output setup"));
        }
    }

    /** Client → controller: the comma-separated variable names of an input recipe. */
    public record SetupInputsRequest(List<String> names) {
        public SetupInputsRequest {
            names = List.copyOf(names);
        }

        public RtdePackage toPackage() {
            return new RtdePackage(RtdeCommand.CONTROL_PACKAGE_SETUP_INPUTS,
                    String.join(",", names).getBytes(StandardCharsets.US_ASCII));
        }

        public static SetupInputsRequest parse(RtdePackage p) {
            return new SetupInputsRequest(parseNames(body(p, RtdeCommand.CONTROL_PACKAGE_SETUP_INPUTS, -1, "input setup"),
                    "input setup"));
        }
    }

    /**
     * Controller → client reply to an output or input setup: {@code uint8 recipe id}, then the
     * comma-separated types, one per requested name ({@code NOT_FOUND} or {@code IN_USE} where the
     * variable cannot be had).
     */
    public record SetupReply(int command, int recipeId, List<RtdeType> types) {
        public SetupReply {
            types = List.copyOf(types);
        }

        /** Whether every variable was granted (no NOT_FOUND or IN_USE). */
        public boolean granted() {
            return !types.isEmpty() && types.stream().allMatch(RtdeType::isData);
        }

        public RtdePackage toPackage() {
            StringBuilder s = new StringBuilder();
            for (RtdeType t : types) {
                s.append(s.length() == 0 ? "" : ",").append(t.name());
            }
            byte[] n = s.toString().getBytes(StandardCharsets.US_ASCII);
            return new RtdePackage(command, ByteBuffer.allocate(1 + n.length).put((byte) recipeId).put(n).array());
        }

        public static SetupReply parse(RtdePackage p, int expectedCommand) {
            ByteBuffer b = body(p, expectedCommand, -1, "setup reply");
            if (!b.hasRemaining()) {
                throw new RtdeProtocolException("setup reply: empty, no recipe id");
            }
            int id = Byte.toUnsignedInt(b.get());
            List<RtdeType> types = parseNames(b, "setup reply").stream().map(RtdeType::parse).toList();
            return new SetupReply(expectedCommand, id, types);
        }
    }

    /** Either direction: {@code uint8 recipe id}, then the values laid out by the recipe. */
    public record DataPackage(int recipeId, byte[] values) {
        public RtdePackage toPackage() {
            return new RtdePackage(RtdeCommand.DATA_PACKAGE,
                    ByteBuffer.allocate(1 + values.length).put((byte) recipeId).put(values).array());
        }

        public static DataPackage parse(RtdePackage p) {
            ByteBuffer b = body(p, RtdeCommand.DATA_PACKAGE, -1, "data package");
            if (!b.hasRemaining()) {
                throw new RtdeProtocolException("data package: empty, no recipe id");
            }
            int id = Byte.toUnsignedInt(b.get());
            byte[] values = new byte[b.remaining()];
            b.get(values);
            return new DataPackage(id, values);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof DataPackage d && d.recipeId == recipeId && Arrays.equals(d.values, values);
        }

        @Override
        public int hashCode() {
            return 31 * recipeId + Arrays.hashCode(values);
        }

        @Override
        public String toString() {
            return "DataPackage[recipe " + recipeId + ", " + values.length + " bytes]";
        }
    }

    /** An empty request (controller version, start, pause). */
    public static RtdePackage emptyRequest(int command) {
        return new RtdePackage(command, new byte[0]);
    }

    /** Checks an empty request's payload. */
    public static void requireEmpty(RtdePackage p, int command, String what) {
        body(p, command, 0, what);
    }

    private static ByteBuffer body(RtdePackage p, int command, int exactBytes, String what) {
        if (p.command() != command) {
            throw new RtdeProtocolException(what + ": expected a package of type " + RtdeCommand.describe(command)
                    + ", got " + RtdeCommand.describe(p.command()));
        }
        if (exactBytes >= 0 && p.payload().length != exactBytes) {
            throw new RtdeProtocolException(what + ": payload of " + p.payload().length + " bytes, expected "
                    + exactBytes);
        }
        return ByteBuffer.wrap(p.payload());
    }

    /** The rest of {@code b} as comma-separated names: non-empty, printable ASCII, no spaces. */
    private static List<String> parseNames(ByteBuffer b, String what) {
        byte[] rest = new byte[b.remaining()];
        b.get(rest);
        for (int i = 0; i < rest.length; i++) {
            if (rest[i] <= 0x20 || rest[i] >= 0x7f) {
                throw new RtdeProtocolException(what + ": byte " + (rest[i] & 0xff) + " at " + i
                        + " is not a printable name character");
            }
        }
        String text = new String(rest, StandardCharsets.US_ASCII);
        if (text.isEmpty()) {
            throw new RtdeProtocolException(what + ": no variable names");
        }
        List<String> names = Arrays.asList(text.split(",", -1));
        if (names.stream().anyMatch(String::isEmpty)) {
            throw new RtdeProtocolException(what + ": an empty name in '" + Printable.of(text) + "'");
        }
        return names;
    }
}
