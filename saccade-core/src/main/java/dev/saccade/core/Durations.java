package dev.saccade.core;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses human durations for flags such as {@code --budget 15m}: "90s", "15m", "1h30m", "2h". */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(h|m|s|ms)");

    private Durations() {}

    /** Parses {@code text}; throws {@link InputException} naming {@code flag} if it is not a duration. */
    public static Duration parse(String text, String flag) {
        String t = text == null ? "" : text.trim().toLowerCase(java.util.Locale.ROOT);
        Matcher m = PART.matcher(t);
        int pos = 0;
        double millis = 0;
        while (m.find() && m.start() == pos) {
            double v = Double.parseDouble(m.group(1));
            millis += switch (m.group(2)) {
                case "h" -> v * 3_600_000;
                case "m" -> v * 60_000;
                case "s" -> v * 1_000;
                default -> v;
            };
            pos = m.end();
        }
        if (t.isEmpty() || pos != t.length() || millis <= 0) {
            throw new InputException(flag + ": expected a duration such as 90s, 15m or 1h30m, got '" + text + "'");
        }
        return Duration.ofMillis(Math.round(millis));
    }
}
