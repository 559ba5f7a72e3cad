package dev.saccade.core;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A progress bar for long work: done/total, rate, ETA and a free status text.
 *
 * <p>On a terminal it redraws one line in place; otherwise (a log file, CI) it prints a plain
 * line at most every {@code logEverySeconds}. It is thread-safe: workers may call
 * {@link #advance(long)} concurrently. Close it to print the final line.
 */
public final class Progress implements AutoCloseable {
    private static final int BAR_WIDTH = 24;

    private final String label;
    private final String unit;
    private final long total;
    private final PrintStream out;
    private final boolean interactive;
    private final LongSupplier clock;
    private final long startNanos;
    private final long minIntervalNanos;
    private long done;
    private long lastPrintNanos;
    private String status = "";
    private boolean closed;

    /**
     * @param label what is being done, e.g. "generate"
     * @param total the number of units to do, or 0 if unknown
     * @param unit  the unit's name for the rate, e.g. "frames"
     */
    public Progress(String label, long total, String unit) {
        this(label, total, unit, System.err, System.console() != null, System::nanoTime);
    }

    /** A progress bar with an explicit stream, terminal mode and clock (for tests). */
    public Progress(String label, long total, String unit, PrintStream out, boolean interactive, LongSupplier clock) {
        this.label = label;
        this.total = Math.max(0, total);
        this.unit = unit;
        this.out = out;
        this.interactive = interactive;
        this.clock = clock;
        this.startNanos = clock.getAsLong();
        this.minIntervalNanos = interactive ? 200_000_000L : 10_000_000_000L;
        this.lastPrintNanos = startNanos;
    }

    /** Records {@code units} more done and redraws if enough time has passed. */
    public synchronized void advance(long units) {
        done += units;
        maybePrint(false);
    }

    /** Sets the free status text shown after the rate (e.g. "reward -0.041 bc 0.32"). */
    public synchronized void status(String text) {
        status = text == null ? "" : text;
        maybePrint(false);
    }

    /** Units done so far. */
    public synchronized long done() {
        return done;
    }

    /** Seconds since this progress bar started. */
    public double elapsedSeconds() {
        return (clock.getAsLong() - startNanos) / 1e9;
    }

    private void maybePrint(boolean force) {
        long now = clock.getAsLong();
        if (!force && now - lastPrintNanos < minIntervalNanos) {
            return;
        }
        lastPrintNanos = now;
        String line = line(now);
        if (interactive) {
            out.print("\r" + line + "\u001b[K");
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** The current line, without terminal control characters. */
    synchronized String line(long nowNanos) {
        double seconds = Math.max(1e-9, (nowNanos - startNanos) / 1e9);
        double rate = done / seconds;
        StringBuilder sb = new StringBuilder(label).append(' ');
        if (total > 0) {
            int filled = (int) Math.min(BAR_WIDTH, Math.round(BAR_WIDTH * (double) done / total));
            sb.append('[').append("#".repeat(filled)).append(".".repeat(BAR_WIDTH - filled)).append("] ");
            sb.append(done).append('/').append(total);
        } else {
            sb.append(done);
        }
        sb.append(' ').append(unit).append(String.format(Locale.ROOT, " %.1f/s", rate));
        sb.append(" elapsed ").append(clockTime(seconds));
        if (total > 0 && done > 0 && done < total) {
            sb.append(" ETA ").append(clockTime((total - done) / rate));
        }
        if (!status.isEmpty()) {
            sb.append("  ").append(status);
        }
        return sb.toString();
    }

    /** Formats seconds as h:mm:ss or m:ss. */
    public static String clockTime(double seconds) {
        long s = Math.round(Math.max(0, seconds));
        long h = s / 3600;
        long m = (s % 3600) / 60;
        long r = s % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, r) : String.format(Locale.ROOT, "%d:%02d", m, r);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        maybePrint(true);
        if (interactive) {
            out.println();
        }
    }
}
