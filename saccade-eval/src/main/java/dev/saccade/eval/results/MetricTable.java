package dev.saccade.eval.results;

import dev.saccade.eval.metrics.EpisodeTrace;
import dev.saccade.eval.metrics.GazeMetrics;
import dev.saccade.eval.metrics.SearchMetrics;
import dev.saccade.eval.stats.Estimate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

/**
 * Every metric's value per evaluation unit, per regime (gaze and hand): the per-episode numbers the
 * intervals are computed from. Units are aligned across regimes (unit u is the same episode start
 * under every regime), so two regimes can also be compared pairwise ({@link #difference}).
 */
public final class MetricTable {
    /** A regime: a gaze with a hand. */
    public record Key(String gaze, String hand) {
        @Override
        public String toString() {
            return hand.isEmpty() ? gaze : gaze + " / " + hand;
        }
    }

    /** One value of one unit, as {@code episodes.csv} keeps it. */
    public record Value(Key key, int unit, int episode, String metric, double value) {}

    private final Map<Key, Map<String, double[]>> values = new LinkedHashMap<>();
    private final Map<Key, int[]> episodes = new LinkedHashMap<>();
    private final Map<String, String> units = new LinkedHashMap<>();
    private final int unitCount;

    private MetricTable(int unitCount) {
        this.unitCount = unitCount;
    }

    /** The DemoEyeGym metrics ({@link GazeMetrics}) of every trace; {@code unitCount} units per regime. */
    public static MetricTable ofTraces(List<EpisodeTrace> traces, int unitCount) {
        MetricTable t = new MetricTable(unitCount);
        t.units.putAll(GazeMetrics.UNITS);
        for (EpisodeTrace trace : traces) {
            t.put(new Key(trace.gaze(), trace.hand()), trace.unit(), trace.episode(), GazeMetrics.all(trace));
        }
        return t;
    }

    /** The visual-search metrics ({@link SearchMetrics}) of every search episode (hand "": none is involved). */
    public static MetricTable ofSearches(List<SearchMetrics.Episode> searches, int unitCount) {
        MetricTable t = new MetricTable(unitCount);
        t.units.putAll(SearchMetrics.UNITS);
        for (SearchMetrics.Episode e : searches) {
            t.put(new Key(e.gaze(), ""), e.episode(), -1, SearchMetrics.all(e));
        }
        return t;
    }

    /** A table of values read back from {@code episodes.csv}. */
    public static MetricTable ofValues(List<Value> rows, Map<String, String> unitsByMetric) {
        int n = rows.stream().mapToInt(Value::unit).max().orElse(-1) + 1;
        MetricTable t = new MetricTable(n);
        t.units.putAll(unitsByMetric);
        for (Value v : rows) {
            t.put(v.key(), v.unit(), v.episode(), Map.of(v.metric(), v.value()));
        }
        return t;
    }

    private void put(Key key, int unit, int episode, Map<String, Double> metrics) {
        if (unit < 0 || unit >= unitCount) {
            throw new IllegalArgumentException("unit " + unit + " outside [0, " + unitCount + ")");
        }
        Map<String, double[]> byMetric = values.computeIfAbsent(key, k -> new LinkedHashMap<>());
        episodes.computeIfAbsent(key, k -> filled(unitCount))[unit] = episode;
        metrics.forEach((name, v) -> {
            units.putIfAbsent(name, "");
            byMetric.computeIfAbsent(name, m -> {
                double[] a = new double[unitCount];
                Arrays.fill(a, Double.NaN);
                return a;
            })[unit] = v;
        });
    }

    private static int[] filled(int n) {
        int[] a = new int[n];
        Arrays.fill(a, -1);
        return a;
    }

    /** The regimes, in the order they were first seen. */
    public List<Key> keys() {
        return List.copyOf(values.keySet());
    }

    /** The metrics, in report order, with their units. */
    public Map<String, String> metrics() {
        return java.util.Collections.unmodifiableMap(units);
    }

    public int unitCount() {
        return unitCount;
    }

    public boolean has(Key key) {
        return values.containsKey(key);
    }

    /** The per-unit values of {@code metric} under {@code key} (NaN where undefined or not played). */
    public double[] values(Key key, String metric) {
        Map<String, double[]> m = values.get(key);
        if (m == null || !m.containsKey(metric)) {
            double[] nan = new double[unitCount];
            Arrays.fill(nan, Double.NaN);
            return nan;
        }
        return m.get(metric).clone();
    }

    /** Mean and 95 % interval of {@code metric} under {@code key} over units. */
    public Estimate estimate(Key key, String metric) {
        return Estimate.of(values(key, metric));
    }

    /** Mean and interval of the paired difference {@code a − b} of {@code metric} over the units both played. */
    public Estimate difference(Key a, Key b, String metric) {
        return Estimate.difference(values(a, metric), values(b, metric));
    }

    /** One row per regime and metric, regimes in order, metrics in report order. */
    public List<MetricRow> rows() {
        List<MetricRow> rows = new ArrayList<>();
        for (Key k : values.keySet()) {
            for (Map.Entry<String, String> m : units.entrySet()) {
                if (values.get(k).containsKey(m.getKey())) {
                    rows.add(MetricRow.of(k.gaze(), k.hand(), m.getKey(), m.getValue(), estimate(k, m.getKey())));
                }
            }
        }
        return rows;
    }

    /** The dataset episode of every unit (-1 where no regime played it). */
    public int[] unitEpisodes() {
        int[] out = filled(unitCount);
        for (int[] eps : episodes.values()) {
            for (int u = 0; u < unitCount; u++) {
                if (out[u] < 0) {
                    out[u] = eps[u];
                }
            }
        }
        return out;
    }

    /**
     * The table of the units whose episode {@code keep} accepts (one task's, say), renumbered in
     * order: unit u is still the same episode start under every regime, so paired differences hold.
     */
    public MetricTable forEpisodes(IntPredicate keep) {
        int[] eps = unitEpisodes();
        int[] kept = IntStream.range(0, unitCount).filter(u -> eps[u] >= 0 && keep.test(eps[u])).toArray();
        MetricTable t = new MetricTable(kept.length);
        t.units.putAll(units);
        for (Map.Entry<Key, Map<String, double[]>> e : values.entrySet()) {
            int[] from = episodes.get(e.getKey());
            int[] to = filled(kept.length);
            Map<String, double[]> byMetric = new LinkedHashMap<>();
            for (int i = 0; i < kept.length; i++) {
                to[i] = from[kept[i]];
            }
            e.getValue().forEach((metric, v) -> {
                double[] a = new double[kept.length];
                for (int i = 0; i < kept.length; i++) {
                    a[i] = v[kept[i]];
                }
                byMetric.put(metric, a);
            });
            t.values.put(e.getKey(), byMetric);
            t.episodes.put(e.getKey(), to);
        }
        return t;
    }

    /** Every defined per-unit value, for {@code episodes.csv}. */
    public List<Value> valueRows() {
        List<Value> out = new ArrayList<>();
        for (Map.Entry<Key, Map<String, double[]>> e : values.entrySet()) {
            int[] eps = episodes.get(e.getKey());
            for (Map.Entry<String, double[]> m : e.getValue().entrySet()) {
                double[] v = m.getValue();
                for (int u = 0; u < v.length; u++) {
                    if (eps[u] >= 0 || !Double.isNaN(v[u])) {
                        out.add(new Value(e.getKey(), u, eps[u], m.getKey(), v[u]));
                    }
                }
            }
        }
        return out;
    }
}
