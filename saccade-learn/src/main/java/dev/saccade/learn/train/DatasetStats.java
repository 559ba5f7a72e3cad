package dev.saccade.learn.train;

import dev.saccade.data.Features;
import dev.saccade.gym.demo.Demonstration;
import dev.saccade.learn.policy.ActionStats;
import java.util.List;

/**
 * The hand's normalisation computed from demonstrations, as the original computes its statistics
 * from its data: per joint, the mean and standard deviation of {@code action[f + k] − state[f]} over
 * every frame f and chunk offset k that exists, and the range of the state. The gripper keeps the
 * original's mean 0 and std 1 (its deltas are mostly 0 and would otherwise blow up).
 */
public final class DatasetStats {
    private DatasetStats() {}

    public static ActionStats of(List<Demonstration> demos, int chunk) {
        int d = Features.JOINT_DIM;
        double[] sum = new double[d];
        double[] sum2 = new double[d];
        double[] min = new double[d];
        double[] max = new double[d];
        java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
        long n = 0;
        for (Demonstration demo : demos) {
            for (int f = 0; f < demo.length(); f++) {
                for (int j = 0; j < d; j++) {
                    double s = demo.state()[f * d + j];
                    min[j] = Math.min(min[j], s);
                    max[j] = Math.max(max[j], s);
                }
                for (int k = 0; k < chunk && f + k < demo.length(); k++) {
                    for (int j = 0; j < d; j++) {
                        double delta = demo.action()[(f + k) * d + j] - demo.state()[f * d + j];
                        sum[j] += delta;
                        sum2[j] += delta * delta;
                    }
                    n++;
                }
            }
        }
        if (n == 0) {
            return ActionStats.original();
        }
        double[] mean = new double[d];
        double[] std = new double[d];
        for (int j = 0; j < d; j++) {
            mean[j] = sum[j] / n;
            std[j] = Math.max(1e-3, Math.sqrt(Math.max(0, sum2[j] / n - mean[j] * mean[j])));
            double margin = Math.max(1e-3, 0.05 * (max[j] - min[j]));
            min[j] -= margin;
            max[j] += margin;
        }
        int g = Features.GRIPPER;
        mean[g] = 0;
        std[g] = 1;
        min[g] = 0;
        max[g] = 1;
        return new ActionStats(mean, std, min, max);
    }
}
