package dev.saccade.eval.results;

import dev.saccade.eval.stats.Estimate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The paper's headline claims H1–H7 (reference/eyerobot.md, "Headline results we could reproduce
 * in simulation") judged on evaluation results: the main evaluation, and optional ablation
 * evaluations by name ({@link #UNIFORM}, {@link #SEARCH}, {@link #DISTRACTORS}, {@link #SCRATCH}).
 * A claim <em>holds</em> when the 95 % intervals over episodes are separated in its favour,
 * is <em>not shown</em> when they overlap or point the other way, and is <em>not measured</em>
 * when the results it needs are missing. Pure: rows in, verdicts out.
 */
public final class Claims {
    /** Ablation: the same training with one uniform 116° level at an equal token budget (H2). */
    public static final String UNIFORM = "uniform";
    /** Ablation: BC-RL started from visual-search pretraining of the eye (H5). */
    public static final String SEARCH = "search";
    /** Ablation: the same training and evaluation on a dataset with distractors (H4). */
    public static final String DISTRACTORS = "distractors";
    /** Ablation: BC-RL from scratch, without imitation of the scripted oracle (does looking emerge?). */
    public static final String SCRATCH = "scratch";

    /** One verdict: the claim's id and words, what was measured, and the verdict. */
    public record Claim(String id, String claim, String measured, Verdict verdict) {}

    /** Whether the measurements support the claim. */
    public enum Verdict {
        HOLDS("holds"), NOT_SHOWN("not shown"), NOT_MEASURED("not measured");

        private final String words;

        Verdict(String words) {
            this.words = words;
        }

        @Override
        public String toString() {
            return words;
        }
    }

    private static final MetricTable.Key LEARNED = new MetricTable.Key("learned", "co-trained");

    private Claims() {}

    /** Judges H1–H7 (and the from-scratch question) on {@code main} and the {@code ablations} given. */
    public static List<Claim> judge(List<MetricRow> main, Map<String, List<MetricRow>> ablations) {
        Results m = new Results(main);
        List<Claim> out = new ArrayList<>();
        out.add(h1(m));
        out.add(comparison("H2", "foveated beats uniform at an equal token budget (hand error)", m,
                results(ablations.get(UNIFORM)), "uniform view", UNIFORM, "hand_error_cm", "cm"));
        out.add(h3(m));
        out.add(h4(m, ablations.get(DISTRACTORS)));
        out.add(comparison("H5", "visual-search pretraining helps BC-RL (hand error)", results(ablations.get(SEARCH)), m,
                "without search pretraining", SEARCH, "hand_error_cm", "cm"));
        out.add(h6(m));
        out.add(h7(m));
        out.add(scratch(ablations.get(SCRATCH)));
        return out;
    }

    private static Claim h1(Results m) {
        String claim = "learned gaze beats random and fixed gaze for the hand (tool0 Chamfer error, each baseline with a hand trained on its own gaze where there is one)";
        Optional<Estimate> learned = m.get(LEARNED, "hand_error_cm");
        Optional<Estimate> random = m.baseline("random", "hand_error_cm");
        Optional<Estimate> best = m.baseline("best-fixed", "hand_error_cm");
        if (learned.isEmpty() || random.isEmpty()) {
            return new Claim("H1", claim, "needs the learned and random regimes", Verdict.NOT_MEASURED);
        }
        Estimate l = learned.get();
        Estimate r = random.get();
        String measured = String.format(Locale.ROOT, "learned %s cm vs random %s cm (%+.0f %%)", cm(l), cm(r), 100 * (l.mean() / r.mean() - 1));
        boolean holds = l.high() < r.low();
        if (best.isPresent()) {
            measured += String.format(Locale.ROOT, "; best-fixed %s cm", cm(best.get()));
            holds &= l.mean() <= best.get().mean();
        }
        return new Claim("H1", claim, measured, holds ? Verdict.HOLDS : Verdict.NOT_SHOWN);
    }

    private static Claim h3(Results m) {
        String claim = "stable fixation emerges (dwell length and share of stay/1° actions above random gaze)";
        Optional<Estimate> dwell = m.get(LEARNED, "dwell_steps");
        Optional<Estimate> randomDwell = m.get(new MetricTable.Key("random", "co-trained"), "dwell_steps");
        Optional<Estimate> small = m.get(LEARNED, "small_action_share");
        Optional<Estimate> randomSmall = m.get(new MetricTable.Key("random", "co-trained"), "small_action_share");
        if (dwell.isEmpty() || randomDwell.isEmpty() || small.isEmpty() || randomSmall.isEmpty()) {
            return new Claim("H3", claim, "needs the learned and random regimes", Verdict.NOT_MEASURED);
        }
        String measured = String.format(Locale.ROOT, "dwell %s vs %s steps; stay/1° actions %s vs %s %%", plain(dwell.get(), 1),
                plain(randomDwell.get(), 1), plain(small.get(), 100), plain(randomSmall.get(), 100));
        boolean holds = dwell.get().low() > randomDwell.get().high() && small.get().low() > randomSmall.get().high();
        return new Claim("H3", claim, measured, holds ? Verdict.HOLDS : Verdict.NOT_SHOWN);
    }

    private static Claim h4(Results m, List<MetricRow> distractors) {
        String claim = "the eye tracks the gripper and copes with distractors (tracking error below random gaze's; hand error with distractors)";
        Optional<Estimate> tracking = m.get(LEARNED, "tracking_error_deg");
        Optional<Estimate> random = m.get(new MetricTable.Key("random", "co-trained"), "tracking_error_deg");
        if (tracking.isEmpty() || random.isEmpty()) {
            return new Claim("H4", claim, "needs the learned and random regimes", Verdict.NOT_MEASURED);
        }
        String measured = String.format(Locale.ROOT, "tracking error %s° vs random %s°", plain(tracking.get(), 1), plain(random.get(), 1));
        boolean holds = tracking.get().high() < random.get().low();
        if (distractors == null) {
            measured += "; distractors not evaluated";
            return new Claim("H4", claim, measured, Verdict.NOT_MEASURED);
        }
        Results d = new Results(distractors);
        Optional<Estimate> dl = d.get(LEARNED, "hand_error_cm");
        Optional<Estimate> dr = d.baseline("random", "hand_error_cm");
        if (dl.isEmpty() || dr.isEmpty()) {
            return new Claim("H4", claim, measured + "; the distractor evaluation lacks learned or random", Verdict.NOT_MEASURED);
        }
        measured += String.format(Locale.ROOT, "; with distractors learned %s cm vs random %s cm", cm(dl.get()), cm(dr.get()));
        holds &= dl.get().high() < dr.get().low();
        return new Claim("H4", claim, measured, holds ? Verdict.HOLDS : Verdict.NOT_SHOWN);
    }

    private static Claim h6(Results m) {
        String claim = "visual search beats a random walk (success: the gaze holds the target within 10° for 3 steps)";
        Optional<Estimate> learned = m.eye("learned", "search_success");
        Optional<Estimate> random = m.eye("random", "search_success");
        if (learned.isEmpty() || random.isEmpty()) {
            return new Claim("H6", claim, "needs the visual-search evaluation", Verdict.NOT_MEASURED);
        }
        String measured = String.format(Locale.ROOT, "success %s %% vs random walk %s %%", plain(learned.get(), 100), plain(random.get(), 100));
        return new Claim("H6", claim, measured, learned.get().low() > random.get().high() ? Verdict.HOLDS : Verdict.NOT_SHOWN);
    }

    private static Claim h7(Results m) {
        String claim = "gaze switches with the task phase (on the object while the gripper is open, on the place target while closed)";
        MetricTable.Key random = new MetricTable.Key("random", "co-trained");
        Optional<Estimate> open = m.get(LEARNED, "object_gaze_open");
        Optional<Estimate> closed = m.get(LEARNED, "target_gaze_closed");
        Optional<Estimate> rOpen = m.get(random, "object_gaze_open");
        Optional<Estimate> rClosed = m.get(random, "target_gaze_closed");
        if (open.isEmpty() || closed.isEmpty() || rOpen.isEmpty() || rClosed.isEmpty()) {
            return new Claim("H7", claim, "needs the learned and random regimes", Verdict.NOT_MEASURED);
        }
        String measured = String.format(Locale.ROOT, "object while open %s %% (random %s %%); target while closed %s %% (random %s %%)",
                plain(open.get(), 100), plain(rOpen.get(), 100), plain(closed.get(), 100), plain(rClosed.get(), 100));
        boolean holds = open.get().low() > rOpen.get().high() && closed.get().low() > rClosed.get().high();
        return new Claim("H7", claim, measured, holds ? Verdict.HOLDS : Verdict.NOT_SHOWN);
    }

    private static Claim scratch(List<MetricRow> rows) {
        String claim = "looking emerges from the hand's reward alone (BC-RL without imitation: relevant thing in the fovea above random gaze)";
        if (rows == null) {
            return new Claim("S1", claim, "needs a from-scratch run", Verdict.NOT_MEASURED);
        }
        Results s = new Results(rows);
        Optional<Estimate> hits = s.get(LEARNED, "target_in_fovea");
        Optional<Estimate> random = s.get(new MetricTable.Key("random", "co-trained"), "target_in_fovea");
        if (hits.isEmpty() || random.isEmpty()) {
            return new Claim("S1", claim, "the from-scratch evaluation lacks learned or random", Verdict.NOT_MEASURED);
        }
        String measured = String.format(Locale.ROOT, "in the fovea %s %% vs random %s %%", plain(hits.get(), 100), plain(random.get(), 100));
        return new Claim("S1", claim, measured, hits.get().low() > random.get().high() ? Verdict.HOLDS : Verdict.NOT_SHOWN);
    }

    /** {@code a}'s learned regime against {@code b}'s on {@code metric}, lower being better. */
    private static Claim comparison(String id, String claim, Results a, Results b, String otherName, String ablation, String metric,
                                    String unit) {
        if (a == null || b == null) {
            return new Claim(id, claim, "needs the " + ablation + " ablation's evaluation", Verdict.NOT_MEASURED);
        }
        Optional<Estimate> x = a.get(LEARNED, metric);
        Optional<Estimate> y = b.get(LEARNED, metric);
        if (x.isEmpty() || y.isEmpty()) {
            return new Claim(id, claim, "an evaluation lacks the learned regime", Verdict.NOT_MEASURED);
        }
        String measured = String.format(Locale.ROOT, "%s %s vs %s %s %s", plain(x.get(), 1), unit, otherName, plain(y.get(), 1), unit);
        boolean holds = x.get().high() < y.get().low();
        return new Claim(id, claim, measured, holds ? Verdict.HOLDS : Verdict.NOT_SHOWN);
    }

    /** The claims as a Markdown table. */
    public static String markdown(List<Claim> claims) {
        StringBuilder sb = new StringBuilder("| claim | what it says | Saccade measured (95 % intervals) | verdict |\n|---|---|---|---|\n");
        for (Claim c : claims) {
            sb.append("| ").append(c.id()).append(" | ").append(c.claim()).append(" | ").append(c.measured()).append(" | ")
                    .append(c.verdict()).append(" |\n");
        }
        return sb.toString();
    }

    private static Results results(List<MetricRow> rows) {
        return rows == null ? null : new Results(rows);
    }

    private static String cm(Estimate e) {
        return plain(e, 1);
    }

    private static String plain(Estimate e, double scale) {
        if (!Double.isFinite(e.low())) {
            return String.format(Locale.ROOT, "%.2f", scale * e.mean());
        }
        return String.format(Locale.ROOT, "%.2f [%.2f, %.2f]", scale * e.mean(), scale * e.low(), scale * e.high());
    }

    /** Rows by (gaze, hand, metric). */
    private static final class Results {
        private final List<MetricRow> rows;

        Results(List<MetricRow> rows) {
            this.rows = rows;
        }

        Optional<Estimate> get(MetricTable.Key key, String metric) {
            return rows.stream().filter(r -> r.gaze().equals(key.gaze()) && r.hand().equals(key.hand()) && r.metric().equals(metric))
                    .map(MetricRow::estimate).filter(e -> Double.isFinite(e.mean())).findFirst();
        }

        /** A figure of the eye alone (visual search has no hand), whatever hand label its row carries. */
        Optional<Estimate> eye(String gaze, String metric) {
            return rows.stream().filter(r -> r.gaze().equals(gaze) && r.metric().equals(metric))
                    .map(MetricRow::estimate).filter(e -> Double.isFinite(e.mean())).findFirst();
        }

        /** A baseline's figure with its own hand if evaluated, else with the co-trained hand. */
        Optional<Estimate> baseline(String gaze, String metric) {
            Optional<Estimate> own = get(new MetricTable.Key(gaze, "own"), metric);
            return own.isPresent() ? own : get(new MetricTable.Key(gaze, "co-trained"), metric);
        }
    }
}
