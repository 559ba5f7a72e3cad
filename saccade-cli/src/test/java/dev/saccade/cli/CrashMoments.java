package dev.saccade.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Where the crash tests' kill moments come from: a random seed (printed with each result), or, to
 * replay one, the seed in {@code -Dsaccade.crash.seed} or explicit moments in
 * {@code -Dsaccade.crash.killsMs} (milliseconds after each launch, comma-separated).
 */
final class CrashMoments {
    private CrashMoments() {}

    /** The seed given in {@code saccade.crash.seed}, else a new random one. */
    static long seed() {
        String given = System.getProperty("saccade.crash.seed", "").trim();
        return given.isEmpty() ? new Random().nextLong() : Long.parseLong(given);
    }

    /** The kill moments given in {@code saccade.crash.killsMs}, in ms after each launch (empty: none given). */
    static List<Long> givenMs() {
        String given = System.getProperty("saccade.crash.killsMs", "").trim();
        return given.isEmpty() ? List.of() : Arrays.stream(given.split(",")).map(String::trim).map(Long::parseLong).toList();
    }
}
