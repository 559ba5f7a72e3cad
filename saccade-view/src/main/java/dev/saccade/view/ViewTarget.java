package dev.saccade.view;

import dev.saccade.core.InputException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the viewer was pointed at, found by looking inside the paths given: a dataset
 * ({@code meta/info.json}), rollouts ({@code steps.jsonl} or {@code steps.parquet}), training runs
 * ({@code checkpoints/} or a {@code metrics.csv} of iterations), evaluations
 * ({@code metrics.json}) and closed-loop runs with a live snapshot ({@code live/run.json}, written
 * while {@code saccade run} runs and kept when it finishes). A directory that is none of these is searched two levels down (so
 * {@code saccade view saccade-demo} finds its dataset, runs and evaluation).
 *
 * @param dataset     the dataset whose frames are shown (the first found, or the evaluation's own)
 * @param rollouts    gaze regimes drawn over it, side by side (rollouts, and each gaze × hand of an evaluation's step log)
 * @param runs        training runs, watched live
 * @param evaluations evaluation results
 * @param liveRuns    {@code saccade run} output directories holding a live snapshot, watched live
 */
public record ViewTarget(Optional<DatasetSource> dataset, List<RolloutTrace> rollouts, List<TrainingRun> runs,
                         List<EvaluationResults> evaluations, List<Path> liveRuns) implements AutoCloseable {
    /** How deep below a given directory the viewer looks for things it can show. */
    static final int SEARCH_DEPTH = 2;

    public ViewTarget {
        rollouts = List.copyOf(rollouts);
        runs = List.copyOf(runs);
        evaluations = List.copyOf(evaluations);
        liveRuns = List.copyOf(liveRuns);
    }

    /** A target without live closed-loop runs. */
    public ViewTarget(Optional<DatasetSource> dataset, List<RolloutTrace> rollouts, List<TrainingRun> runs,
                      List<EvaluationResults> evaluations) {
        this(dataset, rollouts, runs, evaluations, List.of());
    }

    /**
     * Finds what {@code paths} hold and opens it. Throws {@link InputException} for a missing path,
     * a path holding nothing the viewer can show, or a dataset or rollout that cannot be read, so
     * that nothing is served from bad input.
     */
    public static ViewTarget open(List<Path> paths) {
        if (paths.isEmpty()) {
            throw new InputException("no path given: name a dataset, training run, evaluation or rollout directory");
        }
        Set<Path> datasets = new LinkedHashSet<>();
        Set<Path> rollouts = new LinkedHashSet<>();
        Set<Path> runs = new LinkedHashSet<>();
        Set<Path> evaluations = new LinkedHashSet<>();
        Set<Path> live = new LinkedHashSet<>();
        for (Path given : paths) {
            Path p = given.toAbsolutePath().normalize();
            if (!Files.exists(p)) {
                throw new InputException(given, "no such file or directory");
            }
            if (!Files.isDirectory(p)) {
                throw new InputException(given, "not a directory: give a dataset, training run, evaluation or rollout directory");
            }
            int before = datasets.size() + rollouts.size() + runs.size() + evaluations.size() + live.size();
            collect(p, 0, datasets, rollouts, runs, evaluations, live);
            if (datasets.size() + rollouts.size() + runs.size() + evaluations.size() + live.size() == before) {
                throw new InputException(given, "not a Saccade directory: no dataset (meta/info.json), training run (checkpoints/, "
                        + "metrics.csv), evaluation (metrics.json), rollout (steps.jsonl) or run in progress (live/run.json) in it or below it");
            }
        }
        List<EvaluationResults> evals = evaluations.stream().map(EvaluationResults::new).toList();
        if (datasets.isEmpty()) {
            evals.stream().map(EvaluationResults::dataset).flatMap(Optional::stream).findFirst()
                    .ifPresent(d -> datasets.add(d.toAbsolutePath().normalize()));
        }
        if (datasets.isEmpty()) {
            // A training run's own dataset, when it can be read: its live eye is then shown over the frame it sees.
            runs.stream().map(TrainingRun::new).map(TrainingRun::dataset).flatMap(Optional::stream).findFirst()
                    .ifPresent(d -> datasets.add(d.toAbsolutePath().normalize()));
        }
        List<RolloutTrace> traces = new ArrayList<>();
        for (Path r : rollouts) {
            traces.add(RolloutTrace.read(r));
        }
        if (!datasets.isEmpty()) {
            // An evaluation's gaze × hand step logs (with the hand's chunks) play over the dataset like rollouts.
            evals.forEach(e -> traces.addAll(RolloutTrace.readEvaluation(e.dir())));
        }
        if (datasets.isEmpty() && !traces.isEmpty()) {
            throw new InputException(traces.get(0).dir(), "a rollout needs the dataset it was played on: give its directory too "
                    + "(saccade view DATASET ROLLOUT...)");
        }
        Optional<DatasetSource> dataset = datasets.stream().findFirst().map(DatasetSource::open);
        return new ViewTarget(dataset, traces, runs.stream().map(TrainingRun::new).toList(), evals, List.copyOf(live));
    }

    private static void collect(Path dir, int depth, Set<Path> datasets, Set<Path> rollouts, Set<Path> runs, Set<Path> evaluations,
                                Set<Path> live) {
        if (Files.isRegularFile(dir.resolve("meta").resolve("info.json"))) {
            datasets.add(dir);
            return;
        }
        boolean found = false;
        if (RolloutTrace.isRollout(dir)) {
            rollouts.add(dir);
            found = true;
        }
        if (LiveRun.isLive(dir)) {
            live.add(dir); // a saccade run's output: while it runs, only live/; when done, also its recording and metrics
            if (Files.isRegularFile(dir.resolve("dataset").resolve("meta").resolve("info.json"))) {
                datasets.add(dir.resolve("dataset"));
            }
            found = true;
        }
        if (EvaluationResults.isEvaluation(dir)) {
            evaluations.add(dir);
            found = true;
        } else if (TrainingRun.isRun(dir)) {
            runs.add(dir);
            found = true;
        }
        if (found || depth >= SEARCH_DEPTH) {
            return;
        }
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, Files::isDirectory)) {
            ds.forEach(children::add);
        } catch (IOException e) {
            throw new InputException(dir, "cannot list: " + e.getMessage());
        }
        children.sort(null);
        for (Path c : children) {
            if (!c.getFileName().toString().startsWith(".") && !c.getFileName().toString().equals("checkpoints")) {
                collect(c, depth + 1, datasets, rollouts, runs, evaluations, live);
            }
        }
    }

    /** One line per thing found, for the command to print. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        dataset.ifPresent(d -> lines.add("dataset " + d.root() + " (" + d.episodes() + " episodes at " + d.fps() + " fps)"));
        rollouts.forEach(r -> lines.add("rollout " + r.dir() + " (" + r.label() + ", " + r.episodes().size() + " episodes)"));
        runs.forEach(r -> lines.add("training run " + r.dir() + " (watched live)"));
        evaluations.forEach(e -> lines.add("evaluation " + e.dir()));
        liveRuns.forEach(r -> lines.add("closed-loop run " + r + " (watched live while it runs)"));
        return lines;
    }

    @Override
    public void close() {
        dataset.ifPresent(DatasetSource::close);
    }
}
