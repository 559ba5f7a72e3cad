package dev.saccade.data.lerobot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.List;

/**
 * Statistics of one feature in LeRobot's layout ({@code compute_stats.py}): per component min,
 * max, mean, std (population), the quantiles q01, q10, q50, q90, q99, and the sample count.
 *
 * <p>For a vector feature the arrays have one entry per component and {@code count} is the number
 * of frames. For the video feature they have one entry per RGB channel, values are in [0, 1]
 * (pixel / 255), and LeRobot writes them with shape (3, 1, 1); {@code count} is the number of
 * frames sampled. Per-episode quantiles are exact; across episodes LeRobot keeps a conservative
 * envelope (the minimum of lower quantiles, the maximum of upper ones) and so does {@link #aggregate}.
 */
public record FeatureStats(double[] min, double[] max, double[] mean, double[] std, double[][] quantiles,
                           long count, boolean image) {
    /** The quantile levels and their LeRobot keys. */
    public static final double[] QUANTILES = {0.01, 0.10, 0.50, 0.90, 0.99};
    public static final List<String> QUANTILE_KEYS = List.of("q01", "q10", "q50", "q90", "q99");
    /** The stat keys in the order LeRobot writes them. */
    public static final List<String> KEYS = List.of("min", "max", "mean", "std", "count", "q01", "q10", "q50", "q90", "q99");

    /** Number of components (or channels). */
    public int size() {
        return mean.length;
    }

    /** Exact statistics of {@code rows} (frames × components). */
    public static FeatureStats ofRows(float[][] rows, int dim) {
        int n = rows.length;
        if (n == 0) {
            throw new IllegalArgumentException("no rows to compute statistics of");
        }
        double[] min = new double[dim];
        double[] max = new double[dim];
        double[] mean = new double[dim];
        double[] std = new double[dim];
        double[][] q = new double[QUANTILES.length][dim];
        double[] column = new double[n];
        for (int d = 0; d < dim; d++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                column[i] = rows[i][d];
                sum += column[i];
            }
            double m = sum / n;
            double ss = 0;
            for (int i = 0; i < n; i++) {
                double dv = column[i] - m;
                ss += dv * dv;
            }
            Arrays.sort(column);
            min[d] = column[0];
            max[d] = column[n - 1];
            mean[d] = m;
            std[d] = Math.sqrt(ss / n);
            for (int k = 0; k < QUANTILES.length; k++) {
                q[k][d] = quantileSorted(column, QUANTILES[k]);
            }
        }
        return new FeatureStats(min, max, mean, std, q, n, false);
    }

    /** Exact statistics of 8-bit channel values given as {@code histograms[channel][value]}, scaled to [0, 1]. */
    public static FeatureStats ofImageHistograms(long[][] histograms, long frames) {
        int channels = histograms.length;
        double[] min = new double[channels];
        double[] max = new double[channels];
        double[] mean = new double[channels];
        double[] std = new double[channels];
        double[][] q = new double[QUANTILES.length][channels];
        for (int c = 0; c < channels; c++) {
            long[] h = histograms[c];
            long n = 0;
            double sum = 0;
            int lo = -1;
            int hi = -1;
            for (int v = 0; v < h.length; v++) {
                if (h[v] > 0) {
                    if (lo < 0) {
                        lo = v;
                    }
                    hi = v;
                    n += h[v];
                    sum += (double) v * h[v];
                }
            }
            if (n == 0) {
                throw new IllegalArgumentException("no pixels to compute statistics of");
            }
            double m = sum / n;
            double ss = 0;
            for (int v = lo; v <= hi; v++) {
                ss += h[v] * (v - m) * (v - m);
            }
            min[c] = lo / 255.0;
            max[c] = hi / 255.0;
            mean[c] = m / 255.0;
            std[c] = Math.sqrt(ss / n) / 255.0;
            for (int k = 0; k < QUANTILES.length; k++) {
                q[k][c] = quantileOfHistogram(h, n, QUANTILES[k]) / 255.0;
            }
        }
        return new FeatureStats(min, max, mean, std, q, frames, true);
    }

    /** LeRobot's {@code aggregate_feature_stats}: count-weighted mean, pooled variance, min of mins, max of maxes. */
    public static FeatureStats aggregate(List<FeatureStats> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("nothing to aggregate");
        }
        int dim = parts.get(0).size();
        boolean image = parts.get(0).image;
        long total = 0;
        for (FeatureStats s : parts) {
            if (s.size() != dim) {
                throw new IllegalArgumentException("statistics of different sizes: " + dim + " and " + s.size());
            }
            total += s.count;
        }
        double[] min = new double[dim];
        double[] max = new double[dim];
        double[] mean = new double[dim];
        double[] std = new double[dim];
        double[][] q = new double[QUANTILES.length][dim];
        for (int d = 0; d < dim; d++) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            double m = 0;
            for (FeatureStats s : parts) {
                lo = Math.min(lo, s.min[d]);
                hi = Math.max(hi, s.max[d]);
                m += s.mean[d] * s.count;
            }
            m /= total;
            double var = 0;
            for (FeatureStats s : parts) {
                double delta = s.mean[d] - m;
                var += (s.std[d] * s.std[d] + delta * delta) * s.count;
            }
            min[d] = lo;
            max[d] = hi;
            mean[d] = m;
            std[d] = Math.sqrt(var / total);
            for (int k = 0; k < QUANTILES.length; k++) {
                boolean lower = QUANTILES[k] <= 0.5;
                double v = lower ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
                for (FeatureStats s : parts) {
                    v = lower ? Math.min(v, s.quantiles[k][d]) : Math.max(v, s.quantiles[k][d]);
                }
                q[k][d] = v;
            }
        }
        return new FeatureStats(min, max, mean, std, q, total, image);
    }

    /** The values of stat {@code key} (not "count"). */
    public double[] values(String key) {
        return switch (key) {
            case "min" -> min;
            case "max" -> max;
            case "mean" -> mean;
            case "std" -> std;
            default -> {
                int k = QUANTILE_KEYS.indexOf(key);
                if (k < 0) {
                    throw new IllegalArgumentException("unknown statistic " + key);
                }
                yield quantiles[k];
            }
        };
    }

    /** This feature's entry of stats.json: {"min": [...], ..., "count": [n]}; image stats as (3, 1, 1). */
    public ObjectNode toJson() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode o = f.objectNode();
        for (String key : KEYS) {
            ArrayNode a = o.putArray(key);
            if (key.equals("count")) {
                a.add(count);
                continue;
            }
            for (double v : values(key)) {
                if (image) {
                    a.addArray().addArray().add(v);
                } else {
                    a.add(v);
                }
            }
        }
        return o;
    }

    /** Reads an entry written by {@link #toJson()} (or by LeRobot); quantiles default to the mean if absent. */
    public static FeatureStats fromJson(JsonNode o, boolean image) {
        double[] min = flat(o.get("min"));
        double[] max = flat(o.get("max"));
        double[] mean = flat(o.get("mean"));
        double[] std = flat(o.get("std"));
        double[][] q = new double[QUANTILES.length][];
        for (int k = 0; k < QUANTILES.length; k++) {
            JsonNode node = o.get(QUANTILE_KEYS.get(k));
            q[k] = node == null ? mean.clone() : flat(node);
        }
        JsonNode c = o.get("count");
        long count = c == null ? 0 : (c.isArray() ? c.get(0).asLong() : c.asLong());
        return new FeatureStats(min, max, mean, std, q, count, image);
    }

    private static double[] flat(JsonNode node) {
        if (node == null) {
            throw new IllegalArgumentException("missing statistic");
        }
        java.util.ArrayList<Double> out = new java.util.ArrayList<>();
        collect(node, out);
        double[] a = new double[out.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = out.get(i);
        }
        return a;
    }

    private static void collect(JsonNode node, List<Double> out) {
        if (node.isArray()) {
            node.forEach(n -> collect(n, out));
        } else {
            out.add(node.asDouble());
        }
    }

    /** numpy's default ("linear") quantile of sorted values. */
    static double quantileSorted(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        double frac = pos - lo;
        return sorted[lo] + (sorted[hi] - sorted[lo]) * frac;
    }

    /** The same quantile, of the sorted list a histogram of integer values stands for. */
    static double quantileOfHistogram(long[] h, long n, double q) {
        double pos = q * (n - 1);
        long lo = (long) Math.floor(pos);
        double frac = pos - lo;
        double a = valueAtRank(h, lo);
        double b = valueAtRank(h, Math.min(n - 1, lo + 1));
        return a + (b - a) * frac;
    }

    private static int valueAtRank(long[] h, long rank) {
        long seen = 0;
        for (int v = 0; v < h.length; v++) {
            seen += h[v];
            if (rank < seen) {
                return v;
            }
        }
        return h.length - 1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureStats s && count == s.count && image == s.image && Arrays.equals(min, s.min)
                && Arrays.equals(max, s.max) && Arrays.equals(mean, s.mean) && Arrays.equals(std, s.std)
                && Arrays.deepEquals(quantiles, s.quantiles);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(mean) * 31 + Long.hashCode(count);
    }

    @Override
    public String toString() {
        return "FeatureStats[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + ", count=" + count + "]";
    }
}
