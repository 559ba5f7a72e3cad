package dev.saccade.robot.rtde;

/** A package that breaks the RTDE wire format or the protocol's order; the message says how. */
public final class RtdeProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RtdeProtocolException(String message) {
        super(message);
    }

    public RtdeProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
