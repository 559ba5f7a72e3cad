package dev.saccade.eval.report;

import dev.saccade.eval.metrics.EpisodeTrace;
import dev.saccade.eval.metrics.GazeMetrics;
import dev.saccade.eval.metrics.SearchMetrics;
import dev.saccade.eval.play.Film;
import dev.saccade.eval.results.Ablation;
import dev.saccade.eval.results.MetricTable;
import dev.saccade.eval.results.MetricTable.Key;
import dev.saccade.eval.results.TaskTables;
import dev.saccade.eval.stats.Estimate;
import dev.saccade.gym.rollout.EyeStrip;
import dev.saccade.gym.rollout.StepRecord;
import dev.saccade.sphere.EquirectFrame;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The evaluation's {@code report.html}: what was evaluated and how, the headline comparison of the
 * learned eye with random gaze, learning curves, metric bars with 95 % intervals, the hand's error
 * over an episode, a gaze heat map over the sample episode's panorama, its gaze trace, the eye's
 * views, visual search, every metric, and what each one means. One self-contained file
 * ({@link HtmlReport}).
 */
public final class EvaluationReport {
    /** The headline metrics, shown in the summary table and as bars. */
    static final List<String> HEADLINE = List.of("hand_error_cm", "hand_error_playing_cm", "endpoint_error_cm", "bc_l1",
            "target_in_fovea");
    static final List<String> GAZE_BARS = List.of("target_in_fovea", "small_action_share", "dwell_steps", "gaze_speed_deg_s",
            "tracking_error_deg", "object_gaze_open", "target_gaze_closed");

    /**
     * What the report is made of.
     *
     * @param title        the report's title
     * @param facts        label → value lines describing the evaluation (dataset, run, episodes, seed, time)
     * @param command      the command line that made it
     * @param demo         DemoEyeGym metrics per regime and unit
     * @param search       visual-search metrics per gaze and unit (may be null)
     * @param traces       every DemoEyeGym trace (for the per-step hand error)
     * @param films        the sample episode per gaze
     * @param curves       learning curves by run name ({@code RUN/metrics.csv}), may be empty
     * @param panorama     the 360° frame of (episode position, frame), for the heat map
     * @param learned      the learned gaze's name ("learned"), and the regime it is compared with first
     * @param notes        paragraphs of caveats (hands missing, ablations not run, …)
     * @param tasks        the demo table split by task, shown as one table per task (null: one task)
     */
    public record Inputs(String title, Map<String, String> facts, String command, MetricTable demo, MetricTable search,
                         List<EpisodeTrace> traces, List<Film> films, Map<String, LearningCurves> curves,
                         BiFunction<Integer, Integer, EquirectFrame> panorama, String learned, List<String> notes, TaskTables tasks) {
        /** The inputs of a one-task evaluation. */
        public Inputs(String title, Map<String, String> facts, String command, MetricTable demo, MetricTable search,
                      List<EpisodeTrace> traces, List<Film> films, Map<String, LearningCurves> curves,
                      BiFunction<Integer, Integer, EquirectFrame> panorama, String learned, List<String> notes) {
            this(title, facts, command, demo, search, traces, films, curves, panorama, learned, notes, null);
        }
    }

    private EvaluationReport() {}

    /** The verdict on "learned beats random on hand error" (H1) for the report and the summary. */
    public record Verdict(Key learned, Key random, Estimate learnedError, Estimate randomError, Estimate difference,
                          boolean separated) {
        public String sentence() {
            String paired = !difference.excludes(0) ? "includes 0" : difference.mean() < 0 ? "excludes 0 (learned lower)"
                    : "excludes 0 (random lower)";
            String intervals = !separated ? "overlap"
                    : learnedError.mean() < randomError.mean() ? "do not overlap: the learned eye is better"
                    : "do not overlap: random gaze is better";
            return String.format(Locale.ROOT,
                    "Hand error, learned eye (%s) %s cm vs random gaze (%s) %s cm: the 95 %% intervals %s; "
                            + "the paired difference %s cm %s.",
                    learned, interval(learnedError), random, interval(randomError), intervals, interval(difference), paired);
        }

        /** The criterion: lower error with non-overlapping intervals. */
        public boolean learnedBetter() {
            return separated && learnedError.mean() < randomError.mean();
        }
    }

    /**
     * Learned (greedy, co-trained hand) against random gaze with its own hand if there is one,
     * else with the co-trained hand; null if either is missing.
     */
    public static Verdict verdict(MetricTable t, String learned) {
        Key l = new Key(learned, dev.saccade.eval.play.Regimes.CO_TRAINED);
        Key own = new Key(dev.saccade.gym.rollout.GazeRegime.RANDOM.cliName(), dev.saccade.eval.play.Regimes.OWN);
        Key r = t.has(own) ? own : new Key(dev.saccade.gym.rollout.GazeRegime.RANDOM.cliName(), dev.saccade.eval.play.Regimes.CO_TRAINED);
        if (!t.has(l) || !t.has(r)) {
            return null;
        }
        String m = "hand_error_cm";
        Estimate a = t.estimate(l, m);
        Estimate b = t.estimate(r, m);
        return new Verdict(l, r, a, b, t.difference(l, r, m), a.separatedFrom(b));
    }

    public static HtmlReport build(Inputs in) {
        HtmlReport html = new HtmlReport(in.title());
        html.facts(in.facts());
        if (in.command() != null) {
            html.code(in.command());
        }
        Verdict v = verdict(in.demo(), in.learned());
        html.heading("Does looking help? (H1)");
        html.paragraph(v == null ? "The learned eye and random gaze were not both evaluated." : v.sentence());
        html.paragraph("Intervals are 95 % Student-t intervals over evaluation units (an episode from one start frame and first gaze); "
                + "every regime played the same units, so the paired difference (same unit under both regimes) is the sharper test. "
                + "Fovea hits are reported beside the error because a gain over random gaze can come from steadier looking alone "
                + "(../shared/reference/learning-feasibility.md): compare with fixed, best-fixed and oracle gaze too.");
        for (String note : in.notes()) {
            html.paragraph(note);
        }
        html.table(headlineHeader(in.demo()), headlineRows(in.demo()));
        if (in.tasks() != null) {
            taskTables(html, in.tasks());
        }

        if (!in.curves().isEmpty()) {
            html.heading("Learning curves");
            Map<String, double[][]> error = new LinkedHashMap<>();
            Map<String, double[][]> bc = new LinkedHashMap<>();
            in.curves().forEach((name, c) -> {
                error.put(name, c.series("env_steps", "reward", -100));
                bc.put(name, c.series("env_steps", "bc_loss", 1));
            });
            html.image(Plots.lines("hand error during training (−reward)", "env steps", "cm per step", error),
                    "Training: the hand's mean Chamfer error per step in each iteration's rollout (minus the eye's reward, in cm).");
            html.image(Plots.lines("BC loss", "env steps", "normalised L1", bc), "Training: the hand's BC loss per iteration.");
            Map<String, double[][]> entropy = new LinkedHashMap<>();
            in.curves().forEach((name, c) -> {
                double[][] series = c.series("env_steps", "entropy", 1);
                if (series[0].length > 0) { // a hand trained under a baseline gaze has no eye and no entropy
                    entropy.put(name, series);
                }
            });
            if (!entropy.isEmpty()) {
                html.image(Plots.lines("eye policy entropy (ln 25 = 3.22 is uniform)", "env steps", "nats", entropy),
                        "Training: the entropy of the eye's action distribution.");
            }
        }

        html.heading("Metrics per regime, with 95 % intervals");
        for (String m : concat(HEADLINE, GAZE_BARS)) {
            if (in.demo().metrics().containsKey(m)) {
                html.image(Plots.metricBars(m, in.demo().metrics().get(m), bars(in.demo(), m)),
                        m + ": " + GazeMetrics.DESCRIPTIONS.getOrDefault(m, ""));
            }
        }

        html.heading("The hand's error over an episode");
        html.image(Plots.lines("hand error per step (mean over units)", "time (s)", "cm", perStep(in.traces())),
                "Mean Chamfer error at each step over every unit, per regime (the first 30 steps are the paused search phase).");

        if (!in.films().isEmpty()) {
            html.heading("Where the eye looked: the sample episode");
            for (Film f : in.films()) {
                if (f.steps().isEmpty() || f.steps().get(0).object() == null) {
                    continue;
                }
                Film.Frame first = f.steps().get(0);
                EquirectFrame pano = in.panorama().apply(f.episode(), first.frame());
                double[] yaws = f.steps().stream().mapToDouble(Film.Frame::yaw).toArray();
                double[] pitches = f.steps().stream().mapToDouble(Film.Frame::pitch).toArray();
                Film.Frame mid = f.steps().stream().filter(s -> s.gripperClosed()).findFirst().orElse(first);
                BufferedImage heat = PanoramaOverlays.gazeHeatmap(pano, yaws, pitches, 4, 900,
                        new PanoramaOverlays.Mark(first.object().yaw(), first.object().pitch(), Color.CYAN, "object"),
                        new PanoramaOverlays.Mark(first.target().yaw(), first.target().pitch(), Color.MAGENTA, "place target"),
                        new PanoramaOverlays.Mark(mid.gripper().yaw(), mid.gripper().pitch(), Color.WHITE, "gripper at grasp"));
                html.image(heat, "Gaze heat map, " + f.gaze() + ": every step's gaze over the episode's start frame (cyan: object, "
                        + "magenta: place target, white: gripper when it closes).");
            }
            for (Film f : in.films()) {
                if (f.gaze().equals(in.learned()) || f.gaze().equals("oracle")) {
                    html.image(GazeTracePlot.render(f), "Gaze trace, " + f.gaze()
                            + ": the eye's yaw and pitch over time against the object, place target and gripper directions.");
                }
            }
            for (Film f : in.films()) {
                if (f.gaze().equals(in.learned()) && !f.pyramids().isEmpty()) {
                    html.image(strip(f), "What the " + f.gaze() + " eye saw: the pyramid levels (fovea on top) at every "
                            + "kept step; green frame: the relevant thing in the fovea, red: not, grey: paused and not.");
                }
            }
        }

        if (in.search() != null && !in.search().keys().isEmpty()) {
            html.heading("Visual search (H6)");
            List<List<String>> rows = new ArrayList<>();
            for (Key k : in.search().keys()) {
                List<String> row = new ArrayList<>();
                row.add(k.gaze());
                for (String m : SearchMetrics.UNITS.keySet()) {
                    row.add(interval(in.search().estimate(k, m)));
                }
                rows.add(row);
            }
            List<String> header = new ArrayList<>();
            header.add("gaze");
            header.addAll(SearchMetrics.UNITS.keySet());
            html.table(header, rows);
            for (String m : List.of("search_success", "search_time_s")) {
                html.image(Plots.metricBars(m, SearchMetrics.UNITS.get(m), bars(in.search(), m)), m + ": " + SearchMetrics.DESCRIPTIONS.get(m));
            }
        }

        html.heading("Every metric");
        List<List<String>> all = new ArrayList<>();
        for (Key k : in.demo().keys()) {
            for (String m : in.demo().metrics().keySet()) {
                Estimate e = in.demo().estimate(k, m);
                all.add(List.of(k.gaze(), k.hand(), m, fmt(e.mean()), fmt(e.low()), fmt(e.high()), Integer.toString(e.n())));
            }
        }
        html.table(List.of("gaze", "hand", "metric", "mean", "95 % low", "95 % high", "units"), all);

        html.heading("What the metrics mean");
        List<List<String>> defs = new ArrayList<>();
        GazeMetrics.DESCRIPTIONS.forEach((k, d) -> defs.add(List.of(k, GazeMetrics.UNITS.get(k), d)));
        SearchMetrics.DESCRIPTIONS.forEach((k, d) -> defs.add(List.of(k, SearchMetrics.UNITS.get(k), d)));
        html.table(List.of("metric", "unit", "meaning"), defs);
        html.paragraph("Gaze regimes: learned = the run's eye acting greedily, learned-sampled = sampling as in training; random = uniform "
                + "over the 25 actions; fixed = keeps the first gaze; best-fixed = per task the single direction with the most fovea hits "
                + "of the relevant thing; oracle = saccades to the object while the gripper is open and to the place target while it is "
                + "closed; follow = saccades to the gripper. Hands: co-trained = the evaluated run's hand; own = a hand trained under that "
                + "gaze; none = holds the current pose (predicts no motion).");
        for (Key k : in.demo().keys()) {
            Ablation.ofGaze(k.gaze()).ifPresent(a -> html.paragraph("Ablation: " + a.gaze() + " (" + a.label() + ") = " + a.about()
                    + "; its rows in metrics.json carry \"ablation\" and \"reads_annotations\"."));
        }
        return html;
    }

    /** One table per task: the learned eye against random gaze (its own hand), the best fixed direction and the oracle. */
    static void taskTables(HtmlReport html, TaskTables tasks) {
        html.heading("Per task");
        html.paragraph("The same evaluation split by the task of each held-out episode (every task has its own held-out "
                + "episodes): hand error and the share of playing steps with the relevant thing in the fovea, each with its 95 % "
                + "interval over that task's units. The table above pools the tasks.");
        tasks.byTask().forEach((task, t) -> {
            String change = TaskTables.change(t);
            html.subheading(task + " (" + t.unitCount() + " units)" + (change == null ? "" : ": learned vs random " + change));
            List<List<String>> rows = new ArrayList<>();
            for (TaskTables.Line line : TaskTables.comparison(t)) {
                rows.add(List.of(line.label(), line.key().hand(), interval(t.estimate(line.key(), "hand_error_cm")),
                        percent(t.estimate(line.key(), "target_in_fovea"))));
            }
            html.table(List.of("gaze", "hand", "hand error (cm)", "relevant thing in the fovea"), rows);
        });
    }

    /** Writes the report atomically. */
    public static void write(Inputs in, Path file) throws IOException {
        build(in).write(file);
    }

    private static List<String> headlineHeader(MetricTable t) {
        List<String> h = new ArrayList<>(List.of("gaze", "hand"));
        for (String m : HEADLINE) {
            h.add(m + " (" + t.metrics().getOrDefault(m, "") + ")");
        }
        h.add("error ÷ random");
        return h;
    }

    private static List<List<String>> headlineRows(MetricTable t) {
        Key randomKey = new Key(dev.saccade.gym.rollout.GazeRegime.RANDOM.cliName(), dev.saccade.eval.play.Regimes.CO_TRAINED);
        double random = t.has(randomKey) ? t.estimate(randomKey, "hand_error_cm").mean() : Double.NaN;
        List<List<String>> rows = new ArrayList<>();
        for (Key k : t.keys()) {
            List<String> row = new ArrayList<>(List.of(Ablation.shown(k.gaze()), k.hand()));
            for (String m : HEADLINE) {
                Estimate e = t.estimate(k, m);
                row.add(m.equals("target_in_fovea") ? percent(e) : interval(e));
            }
            row.add(fmt(t.estimate(k, "hand_error_cm").mean() / random));
            rows.add(row);
        }
        return rows;
    }

    private static List<Plots.Bar> bars(MetricTable t, String metric) {
        List<Plots.Bar> bars = new ArrayList<>();
        for (Key k : t.keys()) {
            Estimate e = t.estimate(k, metric);
            if (e.n() > 0) {
                bars.add(new Plots.Bar(k.toString(), e));
            }
        }
        return bars;
    }

    /** Per regime, {time, mean hand error in cm} at each step over the traces that reached it. */
    static Map<String, double[][]> perStep(List<EpisodeTrace> traces) {
        Map<String, List<EpisodeTrace>> byKey = new LinkedHashMap<>();
        for (EpisodeTrace t : traces) {
            byKey.computeIfAbsent(new Key(t.gaze(), t.hand()).toString(), k -> new ArrayList<>()).add(t);
        }
        Map<String, double[][]> out = new LinkedHashMap<>();
        byKey.forEach((name, list) -> {
            int n = list.stream().mapToInt(t -> t.steps().size()).max().orElse(0);
            double[] x = new double[n];
            double[] y = new double[n];
            for (int s = 0; s < n; s++) {
                double sum = 0;
                int c = 0;
                for (EpisodeTrace t : list) {
                    if (s < t.steps().size() && Double.isFinite(t.steps().get(s).handErrorM())) {
                        sum += t.steps().get(s).handErrorM();
                        c++;
                    }
                }
                x[s] = s * list.get(0).stepSeconds();
                y[s] = c == 0 ? Double.NaN : 100 * sum / c;
            }
            out.put(name, new double[][] {x, y});
        });
        return out;
    }

    private static BufferedImage strip(Film f) {
        List<StepRecord> steps = new ArrayList<>();
        List<float[]> pyramids = new ArrayList<>();
        for (Film.Frame s : f.steps()) {
            steps.add(new StepRecord(0, f.episode(), "", s.step(), s.frame(), s.searching(), s.action(), Math.toDegrees(s.yaw()),
                    Math.toDegrees(s.pitch()), Double.NaN, "", Double.NaN, s.relevantInFovea(), Double.NaN, false, false));
            pyramids.add(f.pyramids().get(s.step()));
        }
        return EyeStrip.render(f.spec(), steps, pyramids);
    }

    static String interval(Estimate e) {
        if (!Double.isFinite(e.mean())) {
            return "–";
        }
        if (!Double.isFinite(e.low())) {
            return fmt(e.mean());
        }
        return fmt(e.mean()) + " [" + fmt(e.low()) + ", " + fmt(e.high()) + "]";
    }

    static String percent(Estimate e) {
        if (!Double.isFinite(e.mean())) {
            return "–";
        }
        String m = String.format(Locale.ROOT, "%.1f %%", 100 * e.mean());
        return Double.isFinite(e.low()) ? m + String.format(Locale.ROOT, " [%.1f, %.1f]", 100 * e.low(), 100 * e.high()) : m;
    }

    static String fmt(double v) {
        if (!Double.isFinite(v)) {
            return "–";
        }
        double a = Math.abs(v);
        return String.format(Locale.ROOT, a >= 100 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f", v);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        b.stream().filter(x -> !out.contains(x)).forEach(out::add);
        return out;
    }

    /** Reads {@code RUN/metrics.csv} if it exists. */
    public static LearningCurves curvesOf(Path runDir) throws IOException {
        Path f = runDir.resolve("metrics.csv");
        return Files.isRegularFile(f) ? LearningCurves.read(f) : null;
    }
}
