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

    /**
     * The mean of the paired differences {@code a[i] − b[i]} with its interval: the sharper test when
     * two regimes were played on the same episodes (same starts, same first gazes). Pairs with a
     * non-finite side are left out.
     */
    public static Estimate difference(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("paired samples differ in length: " + a.length + " and " + b.length);
        }
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = Double.isFinite(a[i]) && Double.isFinite(b[i]) ? a[i] - b[i] : Double.NaN;
        }
        return of(d);
    }

    /** True if the interval lies wholly above or below {@code value} (it must be bounded). */
    public boolean excludes(double value) {
        return Double.isFinite(low) && (high < value || low > value);
    }

    /** True if the two intervals do not overlap (both must be bounded). */
    public boolean separatedFrom(Estimate o) {
        return Double.isFinite(low) && Double.isFinite(o.low) && (high < o.low || o.high < low);
    }
}
