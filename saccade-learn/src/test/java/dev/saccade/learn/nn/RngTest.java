package dev.saccade.learn.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RngTest {
    @Test
    void stateRestoresTheExactSequence() {
        Rng a = new Rng(42);
        for (int i = 0; i < 17; i++) {
            a.nextDouble();
        }
        Rng b = new Rng(a.state());
        for (int i = 0; i < 100; i++) {
            assertEquals(a.nextLong(), b.nextLong());
        }
    }

    @Test
    void forksAreIndependentAndLeaveTheParentAlone() {
        Rng a = new Rng(1);
        long before = a.state();
        Rng f1 = a.fork(1);
        Rng f2 = a.fork(2);
        assertEquals(before, a.state());
        assertNotEquals(f1.nextLong(), f2.nextLong());
    }

    @Test
    void categoricalFollowsItsProbabilities() {
        Rng r = new Rng(7);
        float[] p = {0.1f, 0f, 0.6f, 0.3f};
        int[] counts = new int[4];
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            counts[r.nextCategorical(p, 0, 4)]++;
        }
        assertEquals(0, counts[1], "zero-probability action never drawn");
        for (int k : new int[] {0, 2, 3}) {
            assertEquals(p[k], counts[k] / (double) n, 0.005, "action " + k);
        }
    }

    @Test
    void gaussianHasUnitVariance() {
        Rng r = new Rng(3);
        double s = 0;
        double s2 = 0;
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            double g = r.nextGaussian();
            s += g;
            s2 += g * g;
        }
        assertTrue(Math.abs(s / n) < 0.02);
        assertEquals(1.0, s2 / n - (s / n) * (s / n), 0.02);
    }
}
