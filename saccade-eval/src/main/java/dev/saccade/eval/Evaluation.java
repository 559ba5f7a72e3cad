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
import dev.saccade.eval.results.Ablation;
import dev.saccade.eval.results.MetricFiles;
import dev.saccade.eval.results.MetricRow;
import dev.saccade.eval.results.MetricTable;
import dev.saccade.eval.results.TaskTables;
import dev.saccade.gym.demo.DatasetDemonstrations;
import dev.saccade.gym.demo.Demonstration;
import dev.saccade.gym.demo.FrameSupply;
import dev.saccade.gym.envs.DemoEyeGym;
import dev.saccade.gym.envs.VisualSearchGym;
import dev.saccade.gym.eye.EyeCamera;
import dev.saccade.gym.policy.GazePolicy;
import dev.saccade.gym.rollout.Baselines;
import dev.saccade.gym.rollout.GazeRegime;
import dev.saccade.learn.train.Checkpoint;
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
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * {@code saccade eval} as a library call: plays a trained run against the baselines on held-out
 * episodes (DemoEyeGym, and visual search), and writes {@code metrics.json}, {@code metrics.csv},
 * {@code episodes.csv}, {@code summary.json}, {@code report.html} and the per-step log
 * {@code steps.jsonl.gz} ({@link dev.saccade.eval.play.StepLog}) into one output directory,
 * which appears whole or not at all. The demo and the claims commands call it too.
 */
public final class Evaluation {
    /**
     * What to evaluate, how, and where to write it.
     *
     * @param subject  the trained run, hands of their own, a visual-search eye, and the episodes
     * @param protocol starts, seed, gaze regimes, threads and cache
     * @param output   the output directory and what the report says about how it was made
     */
    public record Request(Subject subject, Protocol protocol, Output output) {}

    /**
     * What is evaluated, on what.
     *
     * @param run       the trained run (its latest checkpoint) or a checkpoint
     * @param hands     hands trained under a baseline gaze, by that gaze (random → run dir)
     * @param searchRun a visual-search run whose eye is also evaluated in visual search (may be null)
     * @param dataset   the dataset directory
     * @param episodes  positions of the episodes to evaluate (held out from training)
     * @param ablations runs evaluated beside the learned one as labelled ablations (their eye and co-trained hand), in order
     */
    public record Subject(Path run, Map<GazeRegime, Path> hands, Path searchRun, Path dataset, List<Integer> episodes,
                          Map<Ablation, Path> ablations) {
        public Subject {
            hands = Map.copyOf(hands);
            episodes = List.copyOf(episodes);
            ablations = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(ablations));
            for (GazeRegime g : hands.keySet()) {
                if (!g.isBaseline()) {
                    throw new IllegalArgumentException("a hand of its own is for a baseline gaze " + GazeRegime.baselines() + ", not '" + g + "'");
                }
            }
        }

        /** A subject without ablations. */
        public Subject(Path run, Map<GazeRegime, Path> hands, Path searchRun, Path dataset, List<Integer> episodes) {
            this(run, hands, searchRun, dataset, episodes, Map.of());
        }
    }

    /**
     * How the episodes are played.
     *
     * @param starts                starts per episode (start frame and first gaze)
     * @param seed                  seed of the starts
     * @param gazes                 the gaze regimes to play, in report order
     * @param search                also evaluate visual search
     * @param threads               threads stepping the environments (rendering)
     * @param intraOp               PyTorch intra-op threads for the batched policy (1 is best on a shared 2-core machine:
     *                              spinning OpenMP workers would take the cores the renderers need)
     * @param cacheBytes            bound of the decoded-frame cache
     * @param allowTrainingEpisodes evaluate episodes the run was trained on, if asked to (refused otherwise)
     */
    public record Protocol(int starts, long seed, List<GazeRegime> gazes, boolean search, int threads, int intraOp, long cacheBytes,
                           boolean allowTrainingEpisodes) {
        public Protocol {
            gazes = List.copyOf(gazes);
        }
    }

    /**
     * Where the results go.
     *
     * @param dir     the output directory (written whole or not at all)
     * @param replace replace an existing non-empty output directory
     * @param command the command line, for the report (may be null)
     * @param notes   extra paragraphs for the report
     */
    public record Output(Path dir, boolean replace, String command, List<String> notes) {
        public Output {
            notes = List.copyOf(notes);
        }
    }

    /**
     * What came out: the tables, the headline verdict, and how long it took; {@code tasks} splits the
     * demo table by task (one task when the evaluated episodes hold one).
     */
    public record Outcome(MetricTable demo, MetricTable search, EvaluationReport.Verdict verdict, Path report, double seconds,
                          TaskTables tasks) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private Evaluation() {}

    /**
     * Runs the evaluation and writes its directory. {@code log} gets a few lines of what happens.
     * Refused, naming the run: episodes it was trained on (unless the protocol allows them), and a
     * dataset whose frames have another size than those it was trained on.
     */
    public static Outcome run(Request r, PrintWriter log) throws IOException {
        long start = System.nanoTime();
        Subject subject = r.subject();
        ai.djl.engine.Engine.getInstance();
        ai.djl.pytorch.jni.JniUtils.setNumThreads(Math.max(1, r.protocol().intraOp()));
        try (DatasetDemonstrations demos = DatasetDemonstrations.open(subject.dataset());
             NDManager root = NDManager.newBaseManager();
             LoadedRun learned = LoadedRun.load("learned", subject.run(), root)) {
            List<Demonstration> all = demos.episodes();
            for (int e : subject.episodes()) {
                if (e < 0 || e >= all.size()) {
                    throw new InputException(subject.dataset(), "has " + all.size() + " episodes; episode " + e + " was asked for");
                }
            }
            Optional<Checkpoint.RunRecord> trainedOn = trainedOn(learned.checkpoint(), subject.run());
            if (trainedOn.isPresent()) {
                refuseMismatch(r, trainedOn.get(), demos);
            }
            Map<GazeRegime, LoadedRun> own = new LinkedHashMap<>();
            Map<Ablation, LoadedRun> ablations = new LinkedHashMap<>();
            LoadedRun searchEye = null;
            try {
                for (Map.Entry<GazeRegime, Path> h : subject.hands().entrySet()) {
                    own.put(h.getKey(), LoadedRun.load(h.getKey() + " hand", h.getValue(), root));
                }
                for (Map.Entry<Ablation, Path> a : subject.ablations().entrySet()) {
                    ablations.put(a.getKey(), LoadedRun.load(a.getKey().gaze(), a.getValue(), root));
                }
                if (subject.searchRun() != null) {
                    searchEye = LoadedRun.load("search", subject.searchRun(), root);
                }
                return evaluate(r, demos, learned, own, ablations, searchEye, start, log);
            } finally {
                own.values().forEach(LoadedRun::close);
                ablations.values().forEach(LoadedRun::close);
                if (searchEye != null) {
                    searchEye.close();
                }
            }
        }
    }

    /** What the run was trained on: its checkpoint's record, or its run directory's (empty for older runs). */
    public static Optional<Checkpoint.RunRecord> trainedOn(Path checkpoint, Path runOrCheckpoint) throws IOException {
        Optional<Checkpoint.RunRecord> r = Checkpoint.readRunRecord(checkpoint);
        return r.isPresent() || !java.nio.file.Files.isDirectory(runOrCheckpoint) ? r : Checkpoint.readRunRecord(runOrCheckpoint);
    }

    /** True if {@code record} names {@code dataset} (the same directory). */
    public static boolean sameDataset(Checkpoint.RunRecord record, Path dataset) {
        return record.dataset() != null && Path.of(record.dataset()).equals(dataset.toAbsolutePath().normalize());
    }

    private static void refuseMismatch(Request r, Checkpoint.RunRecord trained, DatasetDemonstrations demos) {
        Subject s = r.subject();
        dev.saccade.sphere.EquirectFrame frame = demos.decode(demos.episodes().get(s.episodes().get(0)), 0);
        if (frame.width() != trained.frameWidth() || frame.height() != trained.frameHeight()) {
            throw new InputException(s.dataset(), "has " + frame.width() + "×" + frame.height() + " frames; the run " + s.run()
                    + " was trained on " + trained.frameWidth() + "×" + trained.frameHeight() + " frames (of " + trained.source()
                    + "): evaluate it on data at the resolution it was trained on");
        }
        if (!r.protocol().allowTrainingEpisodes() && sameDataset(trained, s.dataset())) {
            List<Integer> seen = s.episodes().stream().filter(e -> e >= trained.episodesFrom() && e < trained.episodesTo()).toList();
            if (!seen.isEmpty()) {
                throw new InputException(s.run(), "was trained on episodes " + trained.episodesFrom() + ":" + trained.episodesTo()
                        + " of " + s.dataset() + ", and " + seen.size() + " of the episodes asked for (" + ranges(seen)
                        + ") are among them; evaluate held-out episodes, or allow training episodes explicitly "
                        + "(saccade eval --allow-training-episodes)");
            }
        }
    }

    private static Outcome evaluate(Request request, DatasetDemonstrations demos, LoadedRun learned, Map<GazeRegime, LoadedRun> own,
                                    Map<Ablation, LoadedRun> ablations, LoadedRun searchEye, long start, PrintWriter log) throws IOException {
        Subject r = request.subject();
        Protocol how = request.protocol();
        Output where = request.output();
        List<Demonstration> all = demos.episodes();
        boolean annotated = r.episodes().stream().allMatch(e -> all.get(e).annotated());
        if (!annotated) {
            log.println("eval: warning: " + r.dataset() + " has episodes without annotations among those evaluated: the gaze metrics "
                    + "(fovea hits, fixation, tracking, visual search) and the best-fixed, oracle and follow gazes need them and are "
                    + "left out; only the hand's errors are measured");
        }
        PyramidSpec reference = PyramidSpec.defaults();
        DemoEyeGym.Config gym = DemoEyeGym.Config.DEFAULT;
        // The best fixed direction is chosen on the episodes not evaluated (those trained on), if any.
        List<Demonstration> choosing = IntStream.range(0, all.size()).filter(i -> !r.episodes().contains(i)).mapToObj(all::get).toList();
        List<Demonstration> bestFixedFrom = choosing.stream().anyMatch(Demonstration::annotated) ? choosing
                : r.episodes().stream().map(all::get).toList();
        List<Regime> regimes = new ArrayList<>();
        List<Gaze> searchGazes = new ArrayList<>();
        for (GazeRegime g : how.gazes()) {
            if (!annotated && g.readsAnnotations()) {
                log.println("eval: skipping gaze " + g + " (needs annotated episodes)");
                continue;
            }
            Gaze gaze = switch (g) {
                case LEARNED -> Gaze.learned(g.cliName(), learned, true);
                case LEARNED_SAMPLED -> Gaze.learned(g.cliName(), learned, false);
                default -> {
                    Supplier<GazePolicy> p = Baselines.of(g, bestFixedFrom, reference, gym.limits());
                    yield Gaze.baseline(g.cliName(), p);
                }
            };
            List<Hand> hands = new ArrayList<>();
            hands.add(Hand.of(Regimes.CO_TRAINED, learned));
            if (own.containsKey(g)) {
                hands.add(Hand.of(Regimes.OWN, own.get(g)));
            }
            if (g == GazeRegime.FIXED) {
                hands.add(Hand.holdsPose());
            }
            regimes.add(new Regime(gaze, hands));
            if (g != GazeRegime.LEARNED_SAMPLED) {
                searchGazes.add(gaze);
            }
            if (g == GazeRegime.LEARNED) {
                regimes.addAll(ablationRegimes(ablations)); // beside the learned eye in every table
            }
        }
        if (!how.gazes().contains(GazeRegime.LEARNED)) {
            regimes.addAll(ablationRegimes(ablations));
        }
        if (searchEye != null) {
            searchGazes.add(0, Gaze.learned("search-eye", searchEye, true));
        }
        DemoEvaluation.Settings settings = new DemoEvaluation.Settings(r.episodes(), how.starts(), how.seed(), reference, gym, 13);
        DemoEvaluation.Result played;
        try (FrameSupply<MipChain> frames = EyeCamera.supply(demos, how.cacheBytes(), 1)) {
            int perEpisode = gym.searchSteps() + gym.advanceSteps() + 1;
            long slots = regimes.stream().mapToLong(x -> 1).sum() * settings.units();
            try (Progress p = new Progress("eval", slots * perEpisode, "steps")) {
                played = DemoEvaluation.run(frames, regimes, settings, how.threads(), p);
            }
            DemoEvaluation.Timing tm = played.timing();
            log.printf(Locale.ROOT, "eval: %d slot-steps in %.1f s: policy %.1f s, environments %.1f s, scoring %.1f s%n", tm.slotSteps(),
                    tm.policy() + tm.environments() + tm.scoring(), tm.policy(), tm.environments(), tm.scoring());
            List<SearchMetrics.Episode> searches = List.of();
            if (how.search() && annotated && !searchGazes.isEmpty()) {
                VisualSearchGym.Config sg = VisualSearchGym.Config.DEFAULT;
                SearchEvaluation.Settings ss = new SearchEvaluation.Settings(r.episodes(), how.starts(), how.seed(), sg);
                try (Progress p = new Progress("eval search", (long) searchGazes.size() * settings.units() * sg.maxSteps(), "steps")) {
                    searches = SearchEvaluation.run(frames, searchGazes, ss, how.threads(), p);
                }
            }
            MetricTable demoTable = MetricTable.ofTraces(played.traces(), settings.units());
            TaskTables tasks = TaskTables.of(demoTable, e -> all.get(e).task());
            MetricTable searchTable = searches.isEmpty() ? null : MetricTable.ofSearches(searches, settings.units());
            EvaluationReport.Verdict verdict = EvaluationReport.verdict(demoTable, GazeRegime.LEARNED.cliName());
            double seconds = (System.nanoTime() - start) / 1e9;
            Map<String, String> facts = facts(request, learned, own, ablations, searchEye, all, settings, seconds);
            Map<String, LearningCurves> curves = new LinkedHashMap<>();
            addCurves(curves, GazeRegime.LEARNED.cliName(), r.run());
            for (Map.Entry<GazeRegime, Path> h : r.hands().entrySet()) {
                addCurves(curves, h.getKey() + " hand", h.getValue());
            }
            for (Map.Entry<Ablation, Path> a : r.ablations().entrySet()) {
                addCurves(curves, a.getKey().gaze() + " (ablation)", a.getValue());
            }
            List<String> notes = new ArrayList<>(where.notes());
            for (Ablation a : ablations.keySet()) {
                notes.add("Ablation row " + a.gaze() + " / " + Regimes.CO_TRAINED + " (" + a.label() + "): " + a.about() + ".");
            }
            for (GazeRegime g : GazeRegime.baselines()) {
                if (how.gazes().contains(g) && !own.containsKey(g)) {
                    notes.add("No hand of its own was given for " + g + " gaze: it is scored with the learned run's co-trained hand "
                            + "only, which favours the learned eye (that hand was trained on the learned eye's views).");
                    break;
                }
            }
            EvaluationReport.Inputs report = new EvaluationReport.Inputs("Saccade evaluation", facts, where.command(), demoTable,
                    searchTable, played.traces(), played.films(), curves, (e, f) -> demos.decode(all.get(e), f),
                    GazeRegime.LEARNED.cliName(), notes, tasks.multiTask() ? tasks : null);
            List<MetricRow> rows = new ArrayList<>(demoTable.rows());
            List<MetricTable.Value> values = new ArrayList<>(demoTable.valueRows());
            if (searchTable != null) {
                rows.addAll(searchTable.rows());
                values.addAll(searchTable.valueRows());
            }
            if (tasks.multiTask()) { // after every row over all tasks: readers that want those alone stop at the first task's
                rows.addAll(tasks.rows());
            }
            AtomicFiles.writeDirectory(where.dir(), where.replace(), dir -> {
                MetricFiles.writeJson(dir.resolve("metrics.json"), rows);
                MetricFiles.writeCsv(dir.resolve("metrics.csv"), rows);
                MetricFiles.writeValues(dir.resolve("episodes.csv"), values);
                dev.saccade.eval.play.StepLog.write(dir.resolve(dev.saccade.eval.play.StepLog.FILE), played.traces());
                AtomicFiles.writeString(dir.resolve("summary.json"), summary(facts, verdict));
                EvaluationReport.write(report, dir.resolve("report.html"));
            });
            if (verdict != null) {
                log.println(verdict.sentence());
            }
            return new Outcome(demoTable, searchTable, verdict, where.dir().resolve("report.html"), (System.nanoTime() - start) / 1e9,
                    tasks);
        }
    }

    /** Each ablation's greedy eye with its own co-trained hand, under the ablation's gaze name. */
    private static List<Regime> ablationRegimes(Map<Ablation, LoadedRun> ablations) {
        List<Regime> out = new ArrayList<>();
        ablations.forEach((a, run) -> out.add(new Regime(Gaze.learned(a.gaze(), run, true), List.of(Hand.of(Regimes.CO_TRAINED, run)))));
        return out;
    }

    private static void addCurves(Map<String, LearningCurves> curves, String name, Path run) throws IOException {
        LearningCurves c = java.nio.file.Files.isDirectory(run) ? EvaluationReport.curvesOf(run) : null;
        if (c != null) {
            curves.put(name, c);
        }
    }

    private static Map<String, String> facts(Request request, LoadedRun learned, Map<GazeRegime, LoadedRun> own,
                                             Map<Ablation, LoadedRun> ablations, LoadedRun searchEye, List<Demonstration> all,
                                             DemoEvaluation.Settings s, double seconds) {
        Subject r = request.subject();
        Map<String, String> f = new LinkedHashMap<>();
        f.put("date", Instant.now().toString());
        f.put("dataset", r.dataset().toString() + " (" + all.size() + " episodes)");
        f.put("run", learned.checkpoint() + " (iteration " + learned.state().iteration() + ", " + learned.state().envSteps() + " env steps)");
        own.forEach((g, run) -> f.put(g + " gaze's own hand", run.checkpoint() + " (" + run.state().envSteps() + " env steps)"));
        ablations.forEach((a, run) -> f.put(a.gaze() + " run (ablation)", run.checkpoint() + " (" + run.state().envSteps() + " env steps; "
                + run.state().config().readsAnnotations().map(why -> "reads annotations: " + why).orElse("reads no annotation") + ")"));
        if (searchEye != null) {
            f.put("visual-search eye", searchEye.checkpoint().toString());
        }
        f.put("evaluated episodes", ranges(r.episodes()) + " (" + r.episodes().size() + " episodes × " + request.protocol().starts() + " starts = "
                + s.units() + " units)");
        f.put("seed", Long.toString(request.protocol().seed()));
        f.put("pyramid", EyeCamera.describe(learned.pyramid()) + "; fovea for the metrics: " + EyeCamera.describe(s.reference()).split(" at ")[1].split("/")[0]);
        f.put("wall time", String.format(Locale.ROOT, "%.0f s on %d threads", seconds, request.protocol().threads()));
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
