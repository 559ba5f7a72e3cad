package dev.saccade.eval.results;

import dev.saccade.eval.stats.Estimate;

/**
 * One metric of one regime over the evaluated episodes: its mean and 95 % confidence interval
 * (Student t over episodes; NaN ends with fewer than two) and how many episodes defined it. A row
 * of {@code metrics.json} and {@code metrics.csv}.
 *
 * @param gaze the gaze regime ("learned", "random", …)
 * @param hand the hand ("co-trained", "own", "none")
 * @param task {@link #ALL_TASKS} for the row over every evaluated episode, or a task id ("towel-bucket")
 *             for the row over that task's episodes alone (a multi-task evaluation adds these)
 */
public record MetricRow(String gaze, String hand, String metric, String unit, double mean, double ci95Low, double ci95High,
                        int episodes, String task) {
    /** The task of a row over every evaluated episode, whatever their tasks. */
    public static final String ALL_TASKS = "all";

    public MetricRow {
        task = task == null || task.isEmpty() ? ALL_TASKS : task;
    }

    /** A row over every evaluated episode. */
    public MetricRow(String gaze, String hand, String metric, String unit, double mean, double ci95Low, double ci95High, int episodes) {
        this(gaze, hand, metric, unit, mean, ci95Low, ci95High, episodes, ALL_TASKS);
    }

    public static MetricRow of(String gaze, String hand, String metric, String unit, Estimate e) {
        return new MetricRow(gaze, hand, metric, unit, e.mean(), e.low(), e.high(), e.n());
    }

    /** This row as the row of one task's episodes. */
    public MetricRow forTask(String taskId) {
        return new MetricRow(gaze, hand, metric, unit, mean, ci95Low, ci95High, episodes, taskId);
    }

    /** True for a row over every evaluated episode (not one task's). */
    public boolean allTasks() {
        return ALL_TASKS.equals(task);
    }

    public Estimate estimate() {
        return new Estimate(mean, ci95Low, ci95High, episodes);
    }
}
