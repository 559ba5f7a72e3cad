package dev.saccade.eval.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.saccade.core.AtomicFiles;
import dev.saccade.core.InputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The evaluation's files, written atomically and read back (by {@code saccade claims}):
 * <ul>
 *   <li>{@code metrics.json}: an array of rows {@code {"gaze", "hand", "metric", "unit", "mean",
 *       "ci95_low", "ci95_high", "episodes", "task"}} (undefined numbers are {@code null}); {@code task} is
 *       {@code "all"} for the rows over every evaluated episode (files from before it had no
 *       {@code task}: read as {@code "all"}), and a task id for the rows a multi-task evaluation adds
 *       per task, after the {@code "all"} rows; the rows of a labelled ablation ({@link Ablation}, e.g. gaze
 *       {@code "oracle-teacher"}) also carry {@code "ablation"} (its label) and {@code "reads_annotations"};</li>
 *   <li>{@code metrics.csv}: the same rows as CSV (undefined numbers empty; {@code task} last);</li>
 *   <li>{@code episodes.csv}: every per-unit value ({@code gaze,hand,unit,episode,metric,value}),
 *       from which the intervals and paired differences can be recomputed.</li>
 * </ul>
 */
public final class MetricFiles {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CSV_HEADER = "gaze,hand,metric,unit,mean,ci95_low,ci95_high,episodes,task";
    private static final String VALUES_HEADER = "gaze,hand,unit,episode,metric,value";

    private MetricFiles() {}

    public static void writeJson(Path file, List<MetricRow> rows) throws IOException {
        ArrayNode array = JSON.createArrayNode();
        for (MetricRow r : rows) {
            ObjectNode o = array.addObject();
            o.put("gaze", r.gaze());
            o.put("hand", r.hand());
            o.put("metric", r.metric());
            o.put("unit", r.unit());
            number(o, "mean", r.mean());
            number(o, "ci95_low", r.ci95Low());
            number(o, "ci95_high", r.ci95High());
            o.put("episodes", r.episodes());
            o.put("task", r.task());
            Ablation.ofGaze(r.gaze()).ifPresent(a -> { // a labelled ablation's rows say so, beyond their name
                o.put("ablation", a.label());
                o.put("reads_annotations", a.readsAnnotations());
            });
        }
        AtomicFiles.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(array) + "\n");
    }

    private static void number(ObjectNode o, String name, double v) {
        if (Double.isFinite(v)) {
            o.put(name, v);
        } else {
            o.putNull(name);
        }
    }

    /**
     * The rows over every evaluated episode (task {@code "all"}), as the claims, the viewer and other
     * readers of one evaluation's figures want them; {@link #readJsonWithTasks} adds the per-task rows.
     */
    public static List<MetricRow> readJson(Path file) throws IOException {
        return readJsonWithTasks(file).stream().filter(MetricRow::allTasks).toList();
    }

    /** Every row, those over all evaluated episodes and those of one task each. */
    public static List<MetricRow> readJsonWithTasks(Path file) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw dev.saccade.data.JsonErrors.invalid(file, e);
        }
        if (root == null || !root.isArray()) {
            throw new InputException(file, "expected a JSON array of metric rows");
        }
        List<MetricRow> rows = new ArrayList<>();
        int i = 0;
        for (JsonNode n : root) {
            String row = "row " + i;
            if (!n.isObject()) {
                throw new InputException(file, row + ": expected an object, got " + n.getNodeType().name().toLowerCase(Locale.ROOT));
            }
            String gaze = text(file, row, n, "gaze", true);
            String metric = text(file, row, n, "metric", true);
            row += " (" + gaze + ", " + metric + ")";
            JsonNode e = n.get("episodes");
            if (e == null || !e.canConvertToInt() || !e.isIntegralNumber() || e.asInt() < 0) {
                throw new InputException(file, row + ": 'episodes' must be a count (an integer ≥ 0), got " + (e == null ? "nothing" : e));
            }
            int episodes = e.asInt();
            // Undefined numbers are null: the mean without episodes, the interval with fewer than two.
            double mean = num(file, row, n, "mean", episodes >= 1);
            double low = num(file, row, n, "ci95_low", false);
            double high = num(file, row, n, "ci95_high", false);
            if (Double.isNaN(low) != Double.isNaN(high)) {
                throw new InputException(file, row + ": 'ci95_low' and 'ci95_high' must both be numbers or both null");
            }
            if (!Double.isNaN(low) && !(low <= high)) {
                throw new InputException(file, row + ": 'ci95_low' " + low + " is above 'ci95_high' " + high);
            }
            rows.add(new MetricRow(gaze, text(file, row, n, "hand", false), metric, text(file, row, n, "unit", false),
                    mean, low, high, episodes, text(file, row, n, "task", false)));
            i++;
        }
        return rows;
    }

    private static String text(Path file, String row, JsonNode n, String field, boolean required) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new InputException(file, row + ": missing '" + field + "'");
            }
            return "";
        }
        if (!v.isTextual()) {
            throw new InputException(file, row + ": '" + field + "' must be a string, got " + v);
        }
        return v.asText();
    }

    /** A finite number, or NaN for null (or absent) when {@code required} is false. */
    private static double num(Path file, String row, JsonNode n, String field, boolean required) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new InputException(file, row + ": '" + field + "' must be a number, got " + (v == null ? "nothing" : "null"));
            }
            return Double.NaN;
        }
        if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
            throw new InputException(file, row + ": '" + field + "' must be a finite number, got " + v);
        }
        return v.asDouble();
    }

    public static void writeCsv(Path file, List<MetricRow> rows) throws IOException {
        StringBuilder sb = new StringBuilder(CSV_HEADER).append('\n');
        for (MetricRow r : rows) {
            sb.append(csv(r.gaze())).append(',').append(csv(r.hand())).append(',').append(csv(r.metric())).append(',')
                    .append(csv(r.unit())).append(',').append(fmt(r.mean())).append(',').append(fmt(r.ci95Low())).append(',')
                    .append(fmt(r.ci95High())).append(',').append(r.episodes()).append(',').append(csv(r.task())).append('\n');
        }
        AtomicFiles.writeString(file, sb.toString());
    }

    public static void writeValues(Path file, List<MetricTable.Value> values) throws IOException {
        StringBuilder sb = new StringBuilder(VALUES_HEADER).append('\n');
        for (MetricTable.Value v : values) {
            sb.append(csv(v.key().gaze())).append(',').append(csv(v.key().hand())).append(',').append(v.unit()).append(',')
                    .append(v.episode()).append(',').append(csv(v.metric())).append(',').append(fmt(v.value())).append('\n');
        }
        AtomicFiles.writeString(file, sb.toString());
    }

    public static List<MetricTable.Value> readValues(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        if (lines.isEmpty() || !lines.get(0).equals(VALUES_HEADER)) {
            throw new InputException(file, "line 1: expected the header " + VALUES_HEADER);
        }
        List<MetricTable.Value> out = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String[] f = lines.get(i).split(",", -1);
            try {
                if (f.length != 6) {
                    throw new IllegalArgumentException("has " + f.length + " fields, expected 6");
                }
                double value = f[5].isEmpty() ? Double.NaN : Double.parseDouble(f[5]);
                if (!f[5].isEmpty() && !Double.isFinite(value)) {
                    throw new IllegalArgumentException("value must be a finite number or empty, got " + f[5]);
                }
                out.add(new MetricTable.Value(new MetricTable.Key(f[0], f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3]), f[4], value));
            } catch (IllegalArgumentException e) {
                throw new InputException(file, "line " + (i + 1) + ": " + e.getMessage());
            }
        }
        return out;
    }

    private static String fmt(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "";
    }

    /** Names here never hold commas or quotes; refuse them rather than write a broken file. */
    private static String csv(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
            throw new IllegalArgumentException("CSV field with a comma, quote or newline: " + s);
        }
        return s;
    }
}
