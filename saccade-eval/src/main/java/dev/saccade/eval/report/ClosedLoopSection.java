package dev.saccade.eval.report;

import dev.saccade.eval.results.MetricRow;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report's closed-loop section: per regime (gaze and hand) and task, the share of held-out
 * scenes the policy completed in the closed-loop world with its 95 % Wilson interval, and the time
 * to success over the completed ones. It reads the rows {@code saccade run} writes to its
 * {@code metrics.json} ({@code success_rate/TASK}, {@code time_to_success_s/TASK}) and nothing
 * else, so it can be added to any report, also to one already written ({@link #insertInto}).
 */
public final class ClosedLoopSection {
    static final String RATE = "success_rate/";
    static final String TIME = "time_to_success_s/";

    private ClosedLoopSection() {}

    /** Whether {@code rows} hold any closed-loop row. */
    public static boolean has(List<MetricRow> rows) {
        return rows.stream().anyMatch(r -> r.metric().startsWith(RATE));
    }

    /** Appends the section for {@code rows} (other rows are ignored) and how they were made ({@code command}, may be null). */
    public static void add(HtmlReport html, List<MetricRow> rows, String command, List<String> notes) {
        html.heading("Closed loop: does it do the task?");
        html.paragraph("The policy drives the simulated UR5e, gripper and eye in the closed-loop world (saccade run): every regime "
                + "plays the same held-out scenes, episode e of a task being the generator's scene of seed 1000 + e (a dataset made "
                + "from a low seed never holds it), 20 s at most, and the task's own predicate decides success (towel in the bucket, "
                + "eraser on the stand, e-stop pressed, brush in the tray, wood in the square). Success rates carry 95 % Wilson "
                + "intervals; time to success is over the successful episodes (Student t). expert is the scripted demonstration "
                + "replayed through the same loop: the ceiling. best-fixed's direction per task is chosen before the run from "
                + "other scenes' annotations, never from the played scene.");
        if (command != null) {
            html.code(command);
        }
        for (String note : notes) {
            html.paragraph(note);
        }
        Map<String, MetricRow> times = new LinkedHashMap<>();
        for (MetricRow r : rows) {
            if (r.metric().startsWith(TIME)) {
                times.put(r.gaze() + "\u0000" + r.hand() + "\u0000" + r.metric().substring(TIME.length()), r);
            }
        }
        List<List<String>> table = new ArrayList<>();
        for (MetricRow r : rows) {
            if (!r.metric().startsWith(RATE)) {
                continue;
            }
            String task = r.metric().substring(RATE.length());
            MetricRow t = times.get(r.gaze() + "\u0000" + r.hand() + "\u0000" + task);
            int successes = (int) Math.round(r.mean() * r.episodes());
            table.add(List.of(r.gaze(), r.hand(), task, successes + " / " + r.episodes(),
                    String.format(Locale.ROOT, "%.0f %% [%.0f, %.0f]", 100 * r.mean(), 100 * r.ci95Low(), 100 * r.ci95High()),
                    t == null || successes == 0 ? "–" : String.format(Locale.ROOT, "%.1f s [%s, %s]", t.mean(), fmt(t.ci95Low()), fmt(t.ci95High()))));
        }
        html.table(List.of("gaze", "hand", "task", "successes", "success rate [95 % Wilson]", "time to success [95 %]"), table);
    }

    /** Inserts the section into the report at {@code reportHtml} (written by {@link HtmlReport}), atomically. */
    public static void insertInto(Path reportHtml, String title, List<MetricRow> rows, String command, List<String> notes) throws IOException {
        HtmlReport section = new HtmlReport(title);
        add(section, rows, command, notes);
        HtmlReport.appendTo(reportHtml, section);
    }

    private static String fmt(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.1f", v) : "–";
    }
}
