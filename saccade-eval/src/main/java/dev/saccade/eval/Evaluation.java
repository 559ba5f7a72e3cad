package dev.saccade.eval;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.saccade.core.AtomicFiles;
import dev.saccade.core.InputException;
import dev.saccade.core.Progress;
import dev.saccade.eval.metrics.SearchMetrics;
import dev.saccade.eval.play.DemoEvaluation;
import dev.saccade.eval.play.LoadedRun;
import dev.saccade.eval.play.Regimes;
import dev.saccade.eval.play.Regimes.Gaze;
import dev.saccade.eval.play.Regimes.Hand;
import dev.saccade.eval.play.Regimes.Regime;
import dev.saccade.eval.play.SearchEvaluation;
import dev.saccade.eval.report.EvaluationReport;
import dev.saccade.eval.report.LearningCurves;
import dev.saccade.eval.results.MetricFiles;
import dev.saccade.eval.results.MetricRow;
import dev.saccade.eval.results.MetricTable;
import dev.saccade.gym.demo.DatasetDemonstrations;
import dev.saccade.gym.demo.Demonstration;
import dev.saccade.gym.demo.FrameSupply;
import dev.saccade.gym.envs.DemoEyeGym;
import dev.saccade.gym.envs.VisualSearchGym;
import dev.saccade.gym.eye.EyeCamera;
import dev.saccade.gym.policy.GazePolicy;
import dev.saccade.gym.rollout.Baselines;
import dev.saccade.sphere.render.MipChain;
import dev.saccade.sphere.render.PyramidSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * {@code saccade eval} as a library call: plays a trained run against the baselines on held-out
 * episodes (DemoEyeGym, and visual search), and writes {@code metrics.json}, {@code metrics.csv},
 * {@code episodes.csv}, {@code summary.json} and {@code report.html} into one output directory,
 * which appears whole or not at all. The demo and the claims commands call it too.
 */
public final class Evaluation {
    /** Every gaze regime, in report order. */
    public static final List<String> GAZES = List.of("learned", "learned-sampled", "random", "fixed", "best-fixed", "oracle", "follow");
    /** The baseline gazes that may have a hand of their own. */
    public static final List<String> BASELINES = List.of("random", "fixed", "best-fixed", "oracle", "follow");

    /**
     * What to evaluate.
     *
     * @param dataset    the dataset directory
     * @param run        the trained run (its latest checkpoint) or a checkpoint
     * @param hands      hands trained under a baseline gaze, by gaze name ("random" → run dir)
     * @param searchRun  a visual-search run whose eye is also evaluated in visual search (may be null)
     * @param episodes   positions of the episodes to evaluate (held out from training)
     * @param starts     starts per episode (start frame and first gaze)
     * @param seed       seed of the starts
     * @param gazes      the gaze regimes to play (names of {@link #GAZES})
     * @param search     also evaluate visual search
     * @param threads    threads stepping the environments (rendering)
     * @param intraOp    PyTorch intra-op threads for the batched policy (1 is best on a shared 2-core machine:
     *                   spinning OpenMP workers would take the cores the renderers need)
     * @param cacheBytes bound of the decoded-frame cache
     * @param out        the output directory
     * @param replace    replace an existing non-empty output directory
     * @param command    the command line, for the report (may be null)
     * @param notes      extra paragraphs for the report
     */
    public record Request(Path dataset, Path run, Map<String, Path> hands, Path searchRun, List<Integer> episodes, int starts,
                          long seed, List<String> gazes, boolean search, int threads, int intraOp, long cacheBytes, Path out, boolean replace,
                          String command, List<String> notes) {
        public Request {
            hands = Map.copyOf(hands);
            episodes = List.copyOf(episodes);
            gazes = List.copyOf(gazes);
            notes = List.copyOf(notes);
            for (String g : gazes) {
                if (!GAZES.contains(g)) {
                    throw new IllegalArgumentException("unknown gaze '" + g + "'; expected one of " + GAZES);
                }
            }
            for (String g : hands.keySet()) {
                if (!BASELINES.contains(g)) {
                    throw new IllegalArgumentException("a hand of its own is for a baseline gaze " + BASELINES + ", not '" + g + "'");
                }
            }
        }
    }

    /** What came out: the tables, the headline verdict, and how long it took. */
    public record Outcome(MetricTable demo, MetricTable search, EvaluationReport.Verdict verdict, Path report, double seconds) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private Evaluation() {}

    /** Runs the evaluation and writes its directory. {@code log} gets a few lines of what happens. */
    public static Outcome run(Request r, PrintWriter log) throws IOException {
        long start = System.nanoTime();
        ai.djl.engine.Engine.getInstance();
        ai.djl.pytorch.jni.JniUtils.setNumThreads(Math.max(1, r.intraOp()));
        try (DatasetDemonstrations demos = DatasetDemonstrations.open(r.dataset());
             NDManager root = NDManager.newBaseManager();
             LoadedRun learned = LoadedRun.load("learned", r.run(), root)) {
            List<Demonstration> all = demos.episodes();
            for (int e : r.episodes()) {
                if (e < 0 || e >= all.size()) {
                    throw new InputException(r.dataset(), "has " + all.size() + " episodes; episode " + e + " was asked for");
                }
            }
            Map<String, LoadedRun> own = new LinkedHashMap<>();
            LoadedRun searchEye = null;
            try {
                for (Map.Entry<String, Path> h : r.hands().entrySet()) {
                    own.put(h.getKey(), LoadedRun.load(h.getKey() + " hand", h.getValue(), root));
                }
                if (r.searchRun() != null) {
                    searchEye = LoadedRun.load("search", r.searchRun(), root);
                }
                return evaluate(r, demos, learned, own, searchEye, start, log);
            } finally {
                own.values().forEach(LoadedRun::close);
                if (searchEye != null) {
                    searchEye.close();
                }
            }
        }
    }

    private static Outcome evaluate(Request r, DatasetDemonstrations demos, LoadedRun learned, Map<String, LoadedRun> own,
                                    LoadedRun searchEye, long start, PrintWriter log) throws IOException {
        List<Demonstration> all = demos.episodes();
        boolean annotated = r.episodes().stream().allMatch(e -> all.get(e).annotated());
        PyramidSpec reference = PyramidSpec.defaults();
        DemoEyeGym.Config gym = DemoEyeGym.Config.DEFAULT;
        // The best fixed direction is chosen on the episodes not evaluated (those trained on), if any.
        List<Demonstration> choosing = IntStream.range(0, all.size()).filter(i -> !r.episodes().contains(i)).mapToObj(all::get).toList();
        List<Demonstration> bestFixedFrom = choosing.stream().anyMatch(Demonstration::annotated) ? choosing
                : r.episodes().stream().map(all::get).toList();
        List<Regime> regimes = new ArrayList<>();
        List<Gaze> searchGazes = new ArrayList<>();
        for (String g : r.gazes()) {
            if (!annotated && List.of("best-fixed", "oracle", "follow").contains(g)) {
                log.println("eval: skipping gaze " + g + " (needs annotated episodes)");
                continue;
            }
            Gaze gaze = switch (g) {
                case "learned" -> Gaze.learned(g, learned, true);
                case "learned-sampled" -> Gaze.learned(g, learned, false);
                default -> {
                    Supplier<GazePolicy> p = Baselines.named(g, bestFixedFrom, reference, gym.limits());
                    yield Gaze.baseline(g, p);
                }
            };
            List<Hand> hands = new ArrayList<>();
            hands.add(Hand.of(Regimes.CO_TRAINED, learned));
            if (own.containsKey(g)) {
                hands.add(Hand.of(Regimes.OWN, own.get(g)));
            }
            if (g.equals("fixed")) {
                hands.add(Hand.holdsPose());
            }
            regimes.add(new Regime(gaze, hands));
            if (!g.equals("learned-sampled")) {
                searchGazes.add(gaze);
            }
        }
        if (searchEye != null) {
            searchGazes.add(0, Gaze.learned("search-eye", searchEye, true));
        }
        DemoEvaluation.Settings settings = new DemoEvaluation.Settings(r.episodes(), r.starts(), r.seed(), reference, gym, 13);
        DemoEvaluation.Result played;
        try (FrameSupply<MipChain> frames = EyeCamera.supply(demos, r.cacheBytes(), 1)) {
            int perEpisode = gym.searchSteps() + gym.advanceSteps() + 1;
            long slots = regimes.stream().mapToLong(x -> 1).sum() * settings.units();
            try (Progress p = new Progress("eval", slots * perEpisode, "steps")) {
                played = DemoEvaluation.run(frames, regimes, settings, r.threads(), p);
            }
            DemoEvaluation.Timing tm = played.timing();
            log.printf(Locale.ROOT, "eval: %d slot-steps in %.1f s: policy %.1f s, environments %.1f s, scoring %.1f s%n", tm.slotSteps(),
                    tm.policy() + tm.environments() + tm.scoring(), tm.policy(), tm.environments(), tm.scoring());
            List<SearchMetrics.Episode> searches = List.of();
            if (r.search() && annotated && !searchGazes.isEmpty()) {
                VisualSearchGym.Config sg = VisualSearchGym.Config.DEFAULT;
                SearchEvaluation.Settings ss = new SearchEvaluation.Settings(r.episodes(), r.starts(), r.seed(), sg);
                try (Progress p = new Progress("eval search", (long) searchGazes.size() * settings.units() * sg.maxSteps(), "steps")) {
                    searches = SearchEvaluation.run(frames, searchGazes, ss, r.threads(), p);
                }
            }
            MetricTable demoTable = MetricTable.ofTraces(played.traces(), settings.units());
            MetricTable searchTable = searches.isEmpty() ? null : MetricTable.ofSearches(searches, settings.units());
            EvaluationReport.Verdict verdict = EvaluationReport.verdict(demoTable, "learned");
            double seconds = (System.nanoTime() - start) / 1e9;
            Map<String, String> facts = facts(r, learned, own, searchEye, all, settings, seconds);
            Map<String, LearningCurves> curves = new LinkedHashMap<>();
            addCurves(curves, "learned", r.run());
            for (Map.Entry<String, Path> h : r.hands().entrySet()) {
                addCurves(curves, h.getKey() + " hand", h.getValue());
            }
            List<String> notes = new ArrayList<>(r.notes());
            for (String g : BASELINES) {
                if (r.gazes().contains(g) && !own.containsKey(g)) {
                    notes.add("No hand of its own was given for " + g + " gaze: it is scored with the learned run's co-trained hand "
                            + "only, which favours the learned eye (that hand was trained on the learned eye's views).");
                    break;
                }
            }
            EvaluationReport.Inputs report = new EvaluationReport.Inputs("Saccade evaluation", facts, r.command(), demoTable,
                    searchTable, played.traces(), played.films(), curves, (e, f) -> demos.decode(all.get(e), f), "learned", notes);
            List<MetricRow> rows = new ArrayList<>(demoTable.rows());
            List<MetricTable.Value> values = new ArrayList<>(demoTable.valueRows());
            if (searchTable != null) {
                rows.addAll(searchTable.rows());
                values.addAll(searchTable.valueRows());
            }
            AtomicFiles.writeDirectory(r.out(), r.replace(), dir -> {
                MetricFiles.writeJson(dir.resolve("metrics.json"), rows);
                MetricFiles.writeCsv(dir.resolve("metrics.csv"), rows);
                MetricFiles.writeValues(dir.resolve("episodes.csv"), values);
                AtomicFiles.writeString(dir.resolve("summary.json"), summary(facts, verdict));
                EvaluationReport.write(report, dir.resolve("report.html"));
            });
            if (verdict != null) {
                log.println(verdict.sentence());
            }
            return new Outcome(demoTable, searchTable, verdict, r.out().resolve("report.html"), (System.nanoTime() - start) / 1e9);
        }
    }

    private static void addCurves(Map<String, LearningCurves> curves, String name, Path run) throws IOException {
        LearningCurves c = java.nio.file.Files.isDirectory(run) ? EvaluationReport.curvesOf(run) : null;
        if (c != null) {
            curves.put(name, c);
        }
    }

    private static Map<String, String> facts(Request r, LoadedRun learned, Map<String, LoadedRun> own, LoadedRun searchEye,
                                             List<Demonstration> all, DemoEvaluation.Settings s, double seconds) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("date", Instant.now().toString());
        f.put("dataset", r.dataset().toString() + " (" + all.size() + " episodes)");
        f.put("run", learned.checkpoint() + " (iteration " + learned.state().iteration() + ", " + learned.state().envSteps() + " env steps)");
        own.forEach((g, run) -> f.put(g + " gaze's own hand", run.checkpoint() + " (" + run.state().envSteps() + " env steps)"));
        if (searchEye != null) {
            f.put("visual-search eye", searchEye.checkpoint().toString());
        }
        f.put("evaluated episodes", ranges(r.episodes()) + " (" + r.episodes().size() + " episodes × " + r.starts() + " starts = "
                + s.units() + " units)");
        f.put("seed", Long.toString(r.seed()));
        f.put("pyramid", EyeCamera.describe(learned.pyramid()) + "; fovea for the metrics: " + EyeCamera.describe(s.reference()).split(" at ")[1].split("/")[0]);
        f.put("wall time", String.format(Locale.ROOT, "%.0f s on %d threads", seconds, r.threads()));
        return f;
    }

    /** "50–59, 70" style. */
    static String ranges(List<Integer> xs) {
        List<Integer> s = xs.stream().sorted().toList();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.size(); ) {
            int j = i;
            while (j + 1 < s.size() && s.get(j + 1) == s.get(j) + 1) {
                j++;
            }
            sb.append(sb.length() == 0 ? "" : ", ").append(s.get(i)).append(j > i ? "–" + s.get(j) : "");
            i = j + 1;
        }
        return sb.toString();
    }

    /** JSON has no NaN: undefined numbers are null. */
    private static void number(ObjectNode o, String name, double v) {
        if (Double.isFinite(v)) {
            o.put(name, v);
        } else {
            o.putNull(name);
        }
    }

    private static String summary(Map<String, String> facts, EvaluationReport.Verdict v) throws IOException {
        ObjectNode o = JSON.createObjectNode();
        facts.forEach(o::put);
        if (v != null) {
            ObjectNode h = o.putObject("learned_vs_random");
            h.put("learned", v.learned().toString());
            h.put("random", v.random().toString());
            number(h, "learned_hand_error_cm", v.learnedError().mean());
            number(h, "learned_ci95_low", v.learnedError().low());
            number(h, "learned_ci95_high", v.learnedError().high());
            number(h, "random_hand_error_cm", v.randomError().mean());
            number(h, "random_ci95_low", v.randomError().low());
            number(h, "random_ci95_high", v.randomError().high());
            number(h, "paired_difference_cm", v.difference().mean());
            number(h, "paired_difference_ci95_low", v.difference().low());
            number(h, "paired_difference_ci95_high", v.difference().high());
            h.put("intervals_separated", v.separated());
            h.put("learned_better", v.learnedBetter());
            h.put("sentence", v.sentence());
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n";
    }
}
