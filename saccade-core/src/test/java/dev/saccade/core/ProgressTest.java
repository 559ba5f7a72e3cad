package dev.saccade.core;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {
    @Test
    void lineShowsCountRateAndEta() {
        AtomicLong now = new AtomicLong(0);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress p = new Progress("generate", 100, "frames", new PrintStream(bytes), false, now::get);
        now.set(10_000_000_000L);
        p.advance(25);
        String line = p.line(now.get());
        assertTrue(line.contains("25/100"), line);
        assertTrue(line.contains("2.5/s"), line);
        assertTrue(line.contains("ETA 0:30"), line);
        p.close();
        assertTrue(bytes.toString().contains("25/100"));
    }

    @Test
    void clockTimeFormatsHours() {
        assertEquals("1:01:01", Progress.clockTime(3661));
        assertEquals("2:05", Progress.clockTime(125));
    }
}
