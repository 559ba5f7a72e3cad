package dev.saccade.eval.results;

import dev.saccade.eval.stats.Estimate;

/**
 * One metric of one regime over the evaluated episodes: its mean and 95 % confidence interval
 * (Student t over episodes; NaN ends with fewer than two) and how many episodes defined it. A row
 * of {@code metrics.json} and {@code metrics.csv}.
 *
 * @param gaze the gaze regime ("learned", "random", …)
 * @param hand the hand ("co-trained", "own", "none")
 */
public record MetricRow(String gaze, String hand, String metric, String unit, double mean, double ci95Low, double ci95High,
                        int episodes) {
    public static MetricRow of(String gaze, String hand, String metric, String unit, Estimate e) {
        return new MetricRow(gaze, hand, metric, unit, e.mean(), e.low(), e.high(), e.n());
    }

    public Estimate estimate() {
        return new Estimate(mean, ci95Low, ci95High, episodes);
    }
}
