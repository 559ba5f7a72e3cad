package dev.saccade.robot.rtde;

/** The package types of RTDE protocol version 2 (the ASCII letter of each is its byte on the wire). */
public final class RtdeCommand {
    /** Request protocol version (client: uint16 version; controller: uint8 accepted). */
    public static final int REQUEST_PROTOCOL_VERSION = 'V';
    /** Get URControl version (client: empty; controller: uint32 major, minor, bugfix, build). */
    public static final int GET_URCONTROL_VERSION = 'v';
    /** Text message (uint8 length, message, uint8 length, source, uint8 level), either direction. */
    public static final int TEXT_MESSAGE = 'M';
    /** Data package (uint8 recipe id, then the recipe's values), either direction. */
    public static final int DATA_PACKAGE = 'U';
    /** Setup outputs (client: float64 frequency, names; controller: uint8 recipe id, types). */
    public static final int CONTROL_PACKAGE_SETUP_OUTPUTS = 'O';
    /** Setup inputs (client: names; controller: uint8 recipe id, types). */
    public static final int CONTROL_PACKAGE_SETUP_INPUTS = 'I';
    /** Start the synchronisation loop (client: empty; controller: uint8 accepted). */
    public static final int CONTROL_PACKAGE_START = 'S';
    /** Pause the synchronisation loop (client: empty; controller: uint8 accepted). */
    public static final int CONTROL_PACKAGE_PAUSE = 'P';

    /** The protocol version this code speaks. */
    public static final int PROTOCOL_VERSION = 2;

    private RtdeCommand() {}

    /** Whether {@code command} is one of the package types above. */
    public static boolean isKnown(int command) {
        return switch (command) {
            case REQUEST_PROTOCOL_VERSION, GET_URCONTROL_VERSION, TEXT_MESSAGE, DATA_PACKAGE,
                    CONTROL_PACKAGE_SETUP_OUTPUTS, CONTROL_PACKAGE_SETUP_INPUTS, CONTROL_PACKAGE_START,
                    CONTROL_PACKAGE_PAUSE -> true;
            default -> false;
        };
    }

    /** A readable name for a command byte: {@code 'V' (86)} or {@code 0x07}. */
    public static String describe(int command) {
        return command >= 0x21 && command < 0x7f
                ? "'" + (char) command + "' (" + command + ")"
                : String.format("0x%02x", command);
    }
}
