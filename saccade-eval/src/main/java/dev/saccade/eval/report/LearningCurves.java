package dev.saccade.eval.report;

import dev.saccade.core.InputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A run's {@code metrics.csv} (one row per training iteration, as {@code saccade train} writes it) by column. */
public record LearningCurves(Map<String, double[]> columns) {
    public LearningCurves {
        columns = Map.copyOf(columns);
    }

    /** Reads {@code file}; empty cells are NaN. */
    public static LearningCurves read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList();
        if (lines.isEmpty()) {
            throw new InputException(file, "empty: expected a header line");
        }
        String[] header = lines.get(0).split(",", -1);
        List<double[]> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",", -1);
            if (f.length != header.length) {
                throw new InputException(file, "line " + (i + 1) + ": " + f.length + " fields, the header has " + header.length);
            }
            double[] row = new double[f.length];
            for (int j = 0; j < f.length; j++) {
                try {
                    row[j] = f[j].isEmpty() ? Double.NaN : Double.parseDouble(f[j]);
                } catch (NumberFormatException e) {
                    row[j] = Double.NaN; // a text column: not plotted
                }
            }
            rows.add(row);
        }
        Map<String, double[]> columns = new LinkedHashMap<>();
        for (int j = 0; j < header.length; j++) {
            double[] c = new double[rows.size()];
            for (int i = 0; i < c.length; i++) {
                c[i] = rows.get(i)[j];
            }
            columns.put(header[j].trim(), c);
        }
        return new LearningCurves(columns);
    }

    public boolean has(String column) {
        return columns.containsKey(column);
    }

    /** A column, or an empty array if absent. */
    public double[] column(String name) {
        double[] c = columns.get(name);
        return c == null ? new double[0] : c.clone();
    }

    /** {@code {x, y}} of two columns, y scaled by {@code scale}, rows where either is undefined left out. */
    public double[][] series(String x, String y, double scale) {
        double[] xs = column(x);
        double[] ys = column(y);
        int n = Math.min(xs.length, ys.length);
        double[] ox = new double[n];
        double[] oy = new double[n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (Double.isFinite(xs[i]) && Double.isFinite(ys[i])) {
                ox[k] = xs[i];
                oy[k++] = scale * ys[i];
            }
        }
        return new double[][] {Arrays.copyOf(ox, k), Arrays.copyOf(oy, k)};
    }
}
