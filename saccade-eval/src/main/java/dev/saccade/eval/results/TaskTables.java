package dev.saccade.eval.results;

import dev.saccade.data.Task;
import dev.saccade.eval.play.Regimes;
import dev.saccade.eval.results.MetricTable.Key;
import dev.saccade.eval.stats.Estimate;
import dev.saccade.gym.rollout.GazeRegime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * An evaluation split by task: one {@link MetricTable} per task among the evaluated episodes (in
 * {@link Task} order), each over that task's units alone, with the same regimes and metrics. A
 * multi-task run is judged per task from these: the learned eye, random gaze with its own hand, the
 * best fixed direction and the oracle, each with hand error and fovea hits ({@link #comparison}).
 *
 * @param byTask the table of each task, by task id
 */
public record TaskTables(Map<String, MetricTable> byTask) {
    /** One line of a task's comparison: what it is, and its regime. */
    public record Line(String label, Key key) {}

    /** The two figures each task's comparison shows. */
    public static final List<String> METRICS = List.of("hand_error_cm", "target_in_fovea");

    public TaskTables {
        byTask = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byTask));
    }

    /** Splits {@code table} by the task of each unit's episode. */
    public static TaskTables of(MetricTable table, IntFunction<Task> taskOfEpisode) {
        int[] eps = table.unitEpisodes();
        boolean[] present = new boolean[Task.values().length];
        Arrays.stream(eps).filter(e -> e >= 0).forEach(e -> present[taskOfEpisode.apply(e).ordinal()] = true);
        Map<String, MetricTable> out = new LinkedHashMap<>();
        for (Task t : Task.values()) {
            if (present[t.ordinal()]) {
                out.put(t.id(), table.forEpisodes(e -> taskOfEpisode.apply(e) == t));
            }
        }
        return new TaskTables(out);
    }

    /** True if the evaluated episodes hold more than one task (only then is the split worth showing). */
    public boolean multiTask() {
        return byTask.size() > 1;
    }

    /** Every task's rows, each marked with its task ({@code metrics.json} holds them after the rows over all tasks). */
    public List<MetricRow> rows() {
        List<MetricRow> rows = new ArrayList<>();
        byTask.forEach((task, t) -> t.rows().forEach(r -> rows.add(r.forTask(task))));
        return rows;
    }

    /**
     * The lines of a task's comparison that {@code t} has: the learned eye (greedy) with its co-trained
     * hand, random gaze with its own hand (else the co-trained one), the best fixed direction and the
     * oracle with the co-trained hand; then any labelled ablation's eye with its own co-trained hand.
     */
    public static List<Line> comparison(MetricTable t) {
        Key own = new Key(GazeRegime.RANDOM.cliName(), Regimes.OWN);
        List<Line> lines = new ArrayList<>();
        lines.add(new Line("learned eye", new Key(GazeRegime.LEARNED.cliName(), Regimes.CO_TRAINED)));
        lines.add(t.has(own) ? new Line("random gaze, its own hand", own)
                : new Line("random gaze, co-trained hand", new Key(GazeRegime.RANDOM.cliName(), Regimes.CO_TRAINED)));
        lines.add(new Line("best fixed direction", new Key(GazeRegime.BEST_FIXED.cliName(), Regimes.CO_TRAINED)));
        lines.add(new Line("oracle gaze", new Key(GazeRegime.ORACLE.cliName(), Regimes.CO_TRAINED)));
        for (Ablation a : Ablation.KNOWN) {
            lines.add(new Line(a.gaze() + " (ablation: " + a.label() + ")", new Key(a.gaze(), Regimes.CO_TRAINED)));
        }
        return lines.stream().filter(l -> t.has(l.key())).toList();
    }

    /**
     * The learned eye's hand error relative to random gaze's (the comparison's second line) in {@code t},
     * e.g. "−31 %, intervals apart", or null if either is missing.
     */
    public static String change(MetricTable t) {
        List<Line> lines = comparison(t);
        if (lines.size() < 2 || !lines.get(0).label().equals("learned eye") || !lines.get(1).label().startsWith("random")) {
            return null;
        }
        Estimate l = t.estimate(lines.get(0).key(), "hand_error_cm");
        Estimate r = t.estimate(lines.get(1).key(), "hand_error_cm");
        if (!Double.isFinite(l.mean()) || !Double.isFinite(r.mean()) || r.mean() == 0) {
            return null;
        }
        String apart = !l.separatedFrom(r) ? "intervals overlap" : l.mean() < r.mean() ? "intervals apart, learned lower"
                : "intervals apart, random lower";
        return String.format(Locale.ROOT, "%+.0f %%", 100 * (l.mean() / r.mean() - 1)).replace('-', '−') + ", " + apart;
    }

    /** One Markdown table per task (for the demo's and eval's printed summaries). */
    public String markdown() {
        StringBuilder sb = new StringBuilder();
        byTask.forEach((task, t) -> {
            String change = change(t);
            sb.append(String.format(Locale.ROOT, "%s (%d units)%s%n", task, t.unitCount(),
                    change == null ? "" : ": learned vs random " + change));
            sb.append("| gaze | hand | hand error (cm) | relevant thing in fovea (%) |\n|---|---|---|---|\n");
            for (Line line : comparison(t)) {
                sb.append("| ").append(line.label()).append(" | ").append(line.key().hand()).append(" | ")
                        .append(interval(t.estimate(line.key(), "hand_error_cm"), 1)).append(" | ")
                        .append(interval(t.estimate(line.key(), "target_in_fovea"), 100)).append(" |\n");
            }
            sb.append('\n');
        });
        return sb.toString();
    }

    /** "7.43 [6.41, 8.44]" (scaled), "–" when undefined. */
    public static String interval(Estimate e, double scale) {
        if (!Double.isFinite(e.mean())) {
            return "–";
        }
        String m = String.format(Locale.ROOT, "%.2f", scale * e.mean());
        if (!Double.isFinite(e.low())) {
            return m;
        }
        return m + String.format(Locale.ROOT, " [%.2f, %.2f]", scale * e.low(), scale * e.high());
    }
}
