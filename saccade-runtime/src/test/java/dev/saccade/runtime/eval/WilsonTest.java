package dev.saccade.runtime.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.saccade.eval.stats.Estimate;
import org.junit.jupiter.api.Test;

class WilsonTest {
    @Test
    void matchesWorkedValues() {
        // 10 of 30: p = 1/3; centre (1/3 + 1.9208/30)/(1 + 3.8415/30) = 0.3523; half 0.1610/1.128 = ... → [0.1923, 0.5122]
        Estimate e = Wilson.of(10, 30);
        assertEquals(1 / 3.0, e.mean(), 1e-12);
        assertEquals(0.1923, e.low(), 5e-4);
        assertEquals(0.5122, e.high(), 5e-4);
        assertEquals(30, e.n());
    }

    @Test
    void allOrNoneStillGiveANonEmptyIntervalInsideTheUnitRange() {
        Estimate all = Wilson.of(30, 30);
        assertEquals(1.0, all.high(), 0);
        assertEquals(0.8865, all.low(), 5e-4); // z²/(n+z²) below 1: 30/(30+3.8415)
        Estimate none = Wilson.of(0, 30);
        assertEquals(0.0, none.low(), 0);
        assertEquals(0.1135, none.high(), 5e-4);
    }
}
