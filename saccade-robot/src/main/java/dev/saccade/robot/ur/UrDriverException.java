package dev.saccade.robot.ur;

/**
 * The driver stopped: the controller refused a setup, broke the protocol, reported an error or
 * went silent, or the connection dropped. The message is the one line a user needs.
 */
public final class UrDriverException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UrDriverException(String message) {
        super(message);
    }

    public UrDriverException(String message, Throwable cause) {
        super(message, cause);
    }
}
