package dev.saccade.core;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Bad input from a user: a file that is not what it claims, a flag out of range, a value that is NaN.
 *
 * <p>It carries the file (when there is one) and the place inside it, so the CLI can print one line
 * such as {@code saccade: data/x.mp4: frame 118 of episode 3: 1200 state rows but 1199 video frames}
 * and exit with status 1. It is never used for programming errors.
 */
public final class InputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /** Bad input tied to a file; {@code message} names the place inside it. */
    public InputException(Path file, String message) {
        super(message);
        this.file = file;
    }

    /** Bad input tied to a file, caused by a lower-level failure (kept for debugging). */
    public InputException(Path file, String message, Throwable cause) {
        super(message, cause);
        this.file = file;
    }

    /** Bad input that is not a file: a flag or a value; {@code message} names it. */
    public InputException(String message) {
        this(null, message);
    }

    /** The file the problem is in, if any. */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /** One line for the user: {@code file: message}, or just the message. */
    public String userMessage() {
        return file == null ? getMessage() : file + ": " + getMessage();
    }

    /** Throws {@link InputException} naming {@code what} unless {@code value} is finite. */
    public static double requireFinite(double value, String what) {
        if (!Double.isFinite(value)) {
            throw new InputException(what + " must be a finite number, got " + value);
        }
        return value;
    }
}
