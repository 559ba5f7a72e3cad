package dev.saccade.cli;

import dev.saccade.eval.report.ClosedLoopSection;
import dev.saccade.eval.results.MetricFiles;
import dev.saccade.eval.results.MetricRow;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The demo's closed-loop stage: the trained policy drives the simulated world on held-out scenes
 * ({@code saccade run}) under every regime: the learned eye, random, fixed, best-fixed and oracle
 * gaze over its hand, random gaze over the hand trained with it ({@code own}), and the scripted
 * expert. It writes {@code DEMO/closed-loop/{policy,hand-random}/} (metrics.json, episodes.csv,
 * report.html each) and adds the closed-loop section to the evaluation's report.
 *
 * <p>It runs only when asked ({@code demo --closed-loop N}) or when the budget has time left for
 * {@link #MIN_EPISODES} scenes at {@link #SECONDS_PER_SCENE}; the default 15-minute demo has none
 * (its training and evaluation fill it), so it skips the stage and says how to run it.
 */
final class ClosedLoopStage {
    /** Scenes per regime when the budget decides: enough for a Wilson interval of about ±17 points. */
    static final int MAX_EPISODES = 30;
    static final int MIN_EPISODES = 10;
    /**
     * Seconds one scene costs across the seven regimes on 2 cores at 512×256: a failed episode is
     * 600 frames at about 100 frames/s, so six failing regimes and the expert take about 40 s.
     */
    static final double SECONDS_PER_SCENE = 40;

    private ClosedLoopStage() {}

    /** Scenes to play: {@code asked} if given (0: none), else as many as {@code secondsLeft} allows (NaN: no budget, none). */
    static int episodes(Integer asked, double secondsLeft) {
        if (asked != null) {
            return asked;
        }
        if (!Double.isFinite(secondsLeft)) {
            return 0;
        }
        int fit = (int) Math.min(MAX_EPISODES, Math.floor(secondsLeft / SECONDS_PER_SCENE));
        return fit >= MIN_EPISODES ? fit : 0;
    }

    /** Runs the stage (or says why not) and adds its section to {@code report}. */
    static void run(Pipeline p, Stages stages, PrintWriter o, Integer asked, double secondsLeft, Path demo, Path learned,
                    Path randomHand, String task, int width, Path report) throws IOException {
        int episodes = episodes(asked, secondsLeft);
        if (stages.done("closed-loop")) {
            o.println("closed loop done earlier: " + demo.resolve("closed-loop"));
            return;
        }
        if (episodes <= 0) {
            o.printf(Locale.ROOT, "closed loop skipped: %s; run it with 'saccade demo --out %s --closed-loop 30' (about %.0f min on 2 cores)%n",
                    Double.isFinite(secondsLeft) ? String.format(Locale.ROOT, "%.0f s of the budget left, %d scenes need %.0f s", Math.max(0, secondsLeft),
                            MIN_EPISODES, MIN_EPISODES * SECONDS_PER_SCENE) : "no time budget (--steps)",
                    demo, MAX_EPISODES * SECONDS_PER_SCENE / 60);
            o.flush();
            return;
        }
        p.header(o, "demo 5/5: closed loop on " + episodes + " held-out scenes per regime (saccade run)");
        Path dir = demo.resolve("closed-loop");
        Path policyOut = dir.resolve("policy");
        Path ownOut = dir.resolve("hand-random");
        List<String> common = List.of("--robot", "sim:" + task, "--episodes", Integer.toString(episodes), "--width", Integer.toString(width),
                "--no-record", "--overwrite");
        List<String> first = new ArrayList<>(List.of("run", "--run", learned.toString(), "--gaze", "learned,random,fixed,best-fixed,oracle,expert",
                "--out", policyOut.toString()));
        first.addAll(common);
        List<String> second = new ArrayList<>(List.of("run", "--run", randomHand.toString(), "--gaze", "random", "--hand", "own",
                "--out", ownOut.toString()));
        second.addAll(common);
        if (!Files.isRegularFile(policyOut.resolve("metrics.json"))) {
            p.saccade("closed loop", first);
        }
        if (!Files.isRegularFile(ownOut.resolve("metrics.json"))) {
            p.saccade("closed loop (random-gaze hand)", second);
        }
        List<MetricRow> rows = new ArrayList<>(MetricFiles.readJson(policyOut.resolve("metrics.json")));
        rows.addAll(MetricFiles.readJson(ownOut.resolve("metrics.json")));
        if (Files.isRegularFile(report)) {
            ClosedLoopSection.insertInto(report, "closed loop", rows,
                    "saccade " + String.join(" ", first) + "\nsaccade " + String.join(" ", second),
                    List.of("Per-episode diagnostics: " + demo.relativize(policyOut.resolve("episodes.csv")) + " and "
                            + demo.relativize(ownOut.resolve("episodes.csv")) + "."));
        }
        stages.finish("closed-loop", Map.of("seconds", p.seconds(), "episodes", episodes));
    }
}
