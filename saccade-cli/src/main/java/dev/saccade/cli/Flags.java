package dev.saccade.cli;

/**
 * Checks of flag values that picocli's types cannot express. A bad value is a usage error: it
 * throws {@link BadFlag}, which the CLI reports with the flag's name and exit code 2.
 */
final class Flags {
    private Flags() {}

    /** A flag whose value is out of range or malformed. */
    static final class BadFlag extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadFlag(String message) {
            super(message);
        }
    }

    /**
     * An output file's directory must exist already: a typo in it is an error naming it, not a new
     * directory tree. Checked before any input is read, so nothing is written.
     */
    static void requireOutputDirectory(String flag, java.nio.file.Path file) {
        java.nio.file.Path parent = file.toAbsolutePath().getParent();
        if (parent == null || java.nio.file.Files.isDirectory(parent)) {
            return;
        }
        if (!java.nio.file.Files.exists(parent)) {
            throw new dev.saccade.core.InputException(parent, "no such directory (for " + flag + " " + file + "); create it first");
        }
        throw new dev.saccade.core.InputException(parent, "not a directory, so " + flag + " " + file + " cannot be written under it");
    }

    static void requireRange(String flag, long value, long min, long max) {
        if (value < min || value > max) {
            throw new BadFlag(flag + " must be in [" + min + ", " + max + "], got " + value);
        }
    }

    static double requireFinite(String flag, double value) {
        if (!Double.isFinite(value)) {
            throw new BadFlag(flag + " must be a finite number, got " + value);
        }
        return value;
    }

    /** Requires {@code low < value < high} (open interval). */
    /** {@code value} in {@code (low, high]}: above {@code low}, at most {@code high}. */
    static void requireAboveUpTo(String flag, double value, double low, double high) {
        requireFinite(flag, value);
        if (!(value > low && value <= high)) {
            throw new BadFlag(flag + " must be in (" + number(low) + ", " + number(high) + "], got " + value);
        }
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    static void requireOpenRange(String flag, double value, double low, double high) {
        requireFinite(flag, value);
        if (!(value > low && value < high)) {
            throw new BadFlag(flag + " must be in (" + low + ", " + high + "), got " + value);
        }
    }
}
