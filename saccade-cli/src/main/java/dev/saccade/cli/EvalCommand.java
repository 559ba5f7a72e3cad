package dev.saccade.cli;

import dev.saccade.core.InputException;
import dev.saccade.eval.Evaluation;
import dev.saccade.eval.play.LoadedRun;
import dev.saccade.gym.demo.DatasetDemonstrations;
import dev.saccade.gym.demo.EpisodeRange;
import dev.saccade.gym.rollout.GazeRegime;
import dev.saccade.learn.train.Checkpoint;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code saccade eval}: a trained run against the baseline gazes on held-out episodes, with every
 * metric's 95 % interval, written as metrics.json, metrics.csv, episodes.csv, summary.json and a
 * self-contained report.html (docs/EVALUATION.md).
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Evaluate a trained run on held-out episodes against baseline gazes (random, fixed, best-fixed, oracle, follow):",
            "the hand's error, fovea hits, fixation, tracking, phase switching and visual search, each with a 95%% interval.",
            "Writes OUT/metrics.json, metrics.csv, episodes.csv, summary.json and report.html (all at once).",
            "Episodes of several tasks: also one table per task (in the report, the summary and metrics.json rows with their task)."})
final class EvalCommand implements Callable<Integer> {
    @Option(names = "--run", required = true, description = "The trained run directory (its latest checkpoint) or a checkpoint directory.")
    Path run;

    @Option(names = "--dataset", required = true, description = "The dataset the episodes come from.")
    Path dataset;

    @Option(names = "--episodes", paramLabel = "N|FROM:TO",
            description = "Held-out episodes: the last N of the dataset, or FROM:TO (TO excluded). Default: the last 10 of those the "
                    + "run was not trained on (its run.json says which). Episodes it was trained on are refused.")
    String episodes;

    @Option(names = "--starts", defaultValue = "2", description = "Starts (start frame and first gaze) per episode (default ${DEFAULT-VALUE}).")
    int starts;

    @Option(names = "--hand", paramLabel = "GAZE=RUN", description = "A hand trained under a baseline gaze, scored under that gaze beside the "
            + "co-trained one, e.g. --hand random=runs/hand-random (repeatable).")
    Map<String, Path> hands = new LinkedHashMap<>();

    @Option(names = "--search-run", description = "A train-search run whose eye is also evaluated in visual search.")
    Path searchRun;

    @Option(names = "--gazes", split = ",", description = "Gaze regimes (default: all of learned, learned-sampled, random, fixed, best-fixed, "
            + "oracle, follow).")
    List<String> gazes;

    @Option(names = "--no-search", description = "Skip the visual-search evaluation.")
    boolean noSearch;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the starts (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", defaultValue = "2", description = "Threads for the environments and the policy (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--intra-op-threads", defaultValue = "1",
            description = "PyTorch threads for the batched policy (default ${DEFAULT-VALUE}; more only pays on an idle machine).")
    int intraOpThreads;

    @Option(names = "--cache-mb", defaultValue = "2048", description = "Decoded-frame cache bound in MiB (default ${DEFAULT-VALUE}).")
    long cacheMb;

    @Option(names = "--out", required = true, description = "Output directory (must not exist or be empty, unless --force).")
    Path out;

    @Option(names = "--force", description = "Replace an existing output directory.")
    boolean force;

    @Spec
    CommandSpec spec;

    @Option(names = "--allow-training-episodes", description = "Evaluate episodes the run was trained on (refused otherwise: "
            + "its figures would not say how it does on episodes it has not seen).")
    boolean allowTrainingEpisodes;

    @Override
    public Integer call() throws Exception {
        Flags.requireRange("--starts", starts, 1, 1000);
        Flags.requireRange("--threads", threads, 1, 256);
        Flags.requireRange("--cache-mb", cacheMb, 16, 1L << 20);
        Flags.requireRange("--intra-op-threads", intraOpThreads, 1, 256);
        List<GazeRegime> regimes = gazes == null ? List.of(GazeRegime.values()) : gazes.stream().map(EvalCommand::regime).toList();
        Map<GazeRegime, Path> own = new LinkedHashMap<>();
        for (Map.Entry<String, Path> h : hands.entrySet()) {
            GazeRegime g = GazeRegime.baselines().stream().filter(b -> b.cliName().equals(h.getKey())).findFirst()
                    .orElseThrow(() -> new Flags.BadFlag("--hand: '" + h.getKey() + "' is not a baseline gaze; expected one of "
                            + GazeRegime.names(GazeRegime.baselines())));
            own.put(g, h.getValue());
        }
        int total;
        try (DatasetDemonstrations demos = DatasetDemonstrations.open(dataset)) {
            total = demos.episodes().size();
        }
        Optional<Checkpoint.RunRecord> trainedOn = Evaluation.trainedOn(LoadedRun.checkpointOf(run), run)
                .filter(r -> Evaluation.sameDataset(r, dataset));
        List<Integer> held = heldOut(episodes, total, dataset, trainedOn.orElse(null), allowTrainingEpisodes);
        PrintWriter o = spec.commandLine().getOut();
        Evaluation.Request request = new Evaluation.Request(
                new Evaluation.Subject(run, own, searchRun, dataset, held),
                new Evaluation.Protocol(starts, seed, regimes, !noSearch, threads, intraOpThreads, cacheMb << 20, allowTrainingEpisodes),
                new Evaluation.Output(out, force, "saccade " + String.join(" ", spec.commandLine().getParseResult().originalArgs()), List.of()));
        Evaluation.Outcome outcome = Evaluation.run(request, o);
        o.println(Summaries.table(outcome.demo()));
        if (outcome.tasks().multiTask()) {
            o.println("Per task (each task's own held-out episodes):");
            o.println(outcome.tasks().markdown());
        }
        o.printf(java.util.Locale.ROOT, "evaluated in %.0f s; report: %s%n", outcome.seconds(), outcome.report());
        o.flush();
        return 0;
    }

    private static GazeRegime regime(String name) {
        return java.util.Arrays.stream(GazeRegime.values()).filter(g -> g.cliName().equals(name)).findFirst()
                .orElseThrow(() -> new Flags.BadFlag("--gazes: unknown gaze '" + name + "'; expected some of "
                        + GazeRegime.names(List.of(GazeRegime.values()))));
    }

    /**
     * The episodes of {@code --episodes}: the last N, or FROM:TO. Default: the last 10 of those the run
     * was not trained on ({@code trainedOn}, when it names this dataset), or of all episodes. A default
     * that would leave only training episodes is refused unless {@code allowTraining}.
     */
    static List<Integer> heldOut(String text, int total, Path dataset, Checkpoint.RunRecord trainedOn, boolean allowTraining) {
        if (text == null) {
            List<Integer> candidates = IntStream.range(0, total)
                    .filter(e -> allowTraining || trainedOn == null || e < trainedOn.episodesFrom() || e >= trainedOn.episodesTo())
                    .boxed().toList();
            if (candidates.isEmpty()) {
                throw new InputException(dataset, "has no episode the run was not trained on (it was trained on "
                        + trainedOn.episodesFrom() + ":" + trainedOn.episodesTo() + "); evaluate it on held-out episodes, "
                        + "or pass --allow-training-episodes");
            }
            return new ArrayList<>(candidates.subList(Math.max(0, candidates.size() - 10), candidates.size()));
        }
        int from;
        int to;
        if (text.contains(":")) {
            EpisodeRange.Bounds r = EpisodeRange.parse(text);
            if (r == null) {
                throw new Flags.BadFlag("--episodes must be N or FROM:TO with 0 <= FROM < TO, got '" + text + "'");
            }
            from = r.from();
            to = r.to();
        } else {
            int n;
            try {
                n = Integer.parseInt(text.trim());
            } catch (NumberFormatException e) {
                throw new Flags.BadFlag("--episodes must be N or FROM:TO, got '" + text + "'");
            }
            Flags.requireRange("--episodes", n, 1, Integer.MAX_VALUE);
            from = Math.max(0, total - n);
            to = total;
        }
        if (to > total || from >= to) {
            throw new InputException(dataset, "has " + total + " episodes; --episodes asks for " + from + ":" + to);
        }
        return new ArrayList<>(IntStream.range(from, to).boxed().toList());
    }
}
