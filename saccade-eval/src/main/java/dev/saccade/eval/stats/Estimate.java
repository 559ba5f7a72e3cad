package dev.saccade.eval.stats;

import java.util.Arrays;

/**
 * A mean over independent units (episodes) with its 95 % confidence interval.
 *
 * <p>The interval is Student's t: {@code mean ± t(0.975, n−1)·s/√n}, the usual choice for a mean of
 * a few dozen episodes. With one unit the interval is unbounded (NaN ends); with none the mean is NaN.
 */
public record Estimate(double mean, double low, double high, int n) {
    /** Estimates the mean of {@code values}, ignoring NaNs (a unit with no defined value). */
    public static Estimate of(double[] values) {
        double[] v = Arrays.stream(values).filter(Double::isFinite).toArray();
        int n = v.length;
        if (n == 0) {
            return new Estimate(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        double mean = Arrays.stream(v).average().orElseThrow();
        if (n == 1) {
            return new Estimate(mean, Double.NaN, Double.NaN, 1);
        }
        double ss = 0;
        for (double x : v) {
            ss += (x - mean) * (x - mean);
        }
        double sd = Math.sqrt(ss / (n - 1));
        double half = StudentT.quantile(0.975, n - 1) * sd / Math.sqrt(n);
        return new Estimate(mean, mean - half, mean + half, n);
    }

    /** True if the two intervals do not overlap (both must be bounded). */
    public boolean separatedFrom(Estimate o) {
        return Double.isFinite(low) && Double.isFinite(o.low) && (high < o.low || o.high < low);
    }
}
