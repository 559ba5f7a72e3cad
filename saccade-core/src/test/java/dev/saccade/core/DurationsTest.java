package dev.saccade.core;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void parsesCompoundDurations() {
        assertEquals(Duration.ofMinutes(15), Durations.parse("15m", "--budget"));
        assertEquals(Duration.ofMinutes(90), Durations.parse("1h30m", "--budget"));
        assertEquals(Duration.ofMillis(1500), Durations.parse("1.5s", "--budget"));
    }

    @Test
    void rejectsGarbageNamingTheFlag() {
        InputException e = assertThrows(InputException.class, () -> Durations.parse("15 minutes", "--budget"));
        assertTrue(e.getMessage().startsWith("--budget"));
        assertThrows(InputException.class, () -> Durations.parse("0s", "--budget"));
        assertThrows(InputException.class, () -> Durations.parse("", "--budget"));
    }
}
