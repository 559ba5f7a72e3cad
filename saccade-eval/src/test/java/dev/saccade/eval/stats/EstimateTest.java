package dev.saccade.eval.stats;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class EstimateTest {
    @Test
    void tQuantilesMatchTables() {
        // Standard table values of t(0.975, df).
        assertEquals(12.7062, StudentT.quantile(0.975, 1), 1e-4);
        assertEquals(2.2622, StudentT.quantile(0.975, 9), 1e-4);
        assertEquals(2.0423, StudentT.quantile(0.975, 30), 1e-4);
        assertEquals(-2.0423, StudentT.quantile(0.025, 30), 1e-4);
        assertEquals(0.5, StudentT.cdf(0, 5), 1e-12);
    }

    @Test
    void intervalOfKnownSample() {
        // mean 3, sample sd sqrt(2.5), n 5: half width = 2.7764 * 1.5811 / 2.2361 = 1.9632
        Estimate e = Estimate.of(new double[] {1, 2, 3, 4, 5});
        assertEquals(3, e.mean(), 1e-12);
        assertEquals(3 - 1.9632, e.low(), 1e-3);
        assertEquals(3 + 1.9632, e.high(), 1e-3);
        assertEquals(5, e.n());
    }

    @Test
    void nansAreIgnoredAndSeparationIsDetected() {
        Estimate a = Estimate.of(new double[] {1, 1.1, 0.9, Double.NaN});
        Estimate b = Estimate.of(new double[] {5, 5.1, 4.9});
        assertEquals(3, a.n());
        assertTrue(a.separatedFrom(b));
        assertFalse(a.separatedFrom(a));
        assertTrue(Double.isNaN(Estimate.of(new double[] {2}).low()));
    }
}
