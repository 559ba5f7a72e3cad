package dev.saccade.runtime.eval;

import dev.saccade.eval.stats.Estimate;

/**
 * The Wilson score interval for a success rate: with {@code p = k/n} and {@code z = 1.96},
 * {@code (p + z²/2n ± z·√(p(1−p)/n + z²/4n²)) / (1 + z²/n)}. Unlike the normal approximation it
 * stays inside [0, 1] and is not empty at 0 or n successes, which matters at 30 episodes.
 */
public final class Wilson {
    /** The two-sided 95 % normal quantile. */
    public static final double Z95 = 1.959963984540054;

    private Wilson() {}

    /** The rate {@code k/n} with its 95 % Wilson interval, as an {@link Estimate} over {@code n} episodes. */
    public static Estimate of(int successes, int n) {
        if (n <= 0 || successes < 0 || successes > n) {
            if (n == 0) {
                return new Estimate(Double.NaN, Double.NaN, Double.NaN, 0);
            }
            throw new IllegalArgumentException(successes + " successes of " + n);
        }
        double p = successes / (double) n, z2 = Z95 * Z95;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = Z95 * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / (1 + z2 / n);
        // At 0 or n successes one end is exactly 0 or 1 (the formula gives it up to rounding).
        double low = successes == 0 ? 0 : Math.max(0, centre - half);
        double high = successes == n ? 1 : Math.min(1, centre + half);
        return new Estimate(p, low, high, n);
    }
}
