package dev.saccade.cli;

import dev.saccade.core.AtomicFiles;
import dev.saccade.core.Durations;
import dev.saccade.core.InputException;
import dev.saccade.eval.Evaluation;
import dev.saccade.eval.report.EvaluationReport;
import dev.saccade.gym.rollout.GazeRegime;
import dev.saccade.learn.train.BcRlConfig;
import dev.saccade.learn.train.Checkpoint;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code saccade demo}: the whole pipeline in one command, sized for a laptop. Synthetic
 * demonstrations → BC-RL of eye and hand (encoder pretrained first) → a hand trained under random
 * gaze for the fair comparison → evaluation against the baselines → report. Each stage is recorded
 * in {@code OUT/stages.json}; run it again to continue an interrupted demo (training resumes from its
 * last checkpoint), or with {@code --fresh} to start over. The report appears whole or not at all.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"The whole pipeline in one command: generate a small synthetic dataset, train the eye and hand (BC-RL),",
            "train a hand under random gaze, evaluate against the baselines and write OUT/eval/report.html.",
            "Interrupted? Run the same command again to continue; --fresh starts over."})
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--budget", defaultValue = "15m", description = "Wall time for the whole demo (default ${DEFAULT-VALUE}).")
    String budget;

    @Option(names = "--out", defaultValue = "saccade-demo", description = "Demo directory (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--fresh", description = "Delete the demo directory's earlier contents and start over.")
    boolean fresh;

    @Option(names = "--task", defaultValue = "towel-bucket", description = "Task of the synthetic demonstrations (default ${DEFAULT-VALUE}).")
    String task;

    @Option(names = "--episodes", defaultValue = "60", description = "Synthetic episodes (default ${DEFAULT-VALUE}); the last --held-out are evaluated.")
    int episodes;

    @Option(names = "--held-out", defaultValue = "12", description = "Episodes kept out of training for evaluation (default ${DEFAULT-VALUE}).")
    int heldOut;

    @Option(names = "--width", defaultValue = "512", description = "Width of the 360° frames (default ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of data, weights and evaluation (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", defaultValue = "2", description = "Threads (default ${DEFAULT-VALUE}).")
    int threads;

    @Spec
    CommandSpec spec;

    /** Time kept for the evaluation and the report. */
    static final double EVAL_RESERVE_S = 100;
    /** Encoder pretraining steps (part of the training stage's budget) and about the time they take. */
    static final int PRETRAIN_STEPS = 1500;
    static final double PRETRAIN_S = 90;

    @Override
    public Integer call() throws Exception {
        Duration total;
        try {
            total = Durations.parse(budget, "--budget");
        } catch (InputException e) {
            throw new Flags.BadFlag(e.getMessage());
        }
        Flags.requireRange("--episodes", episodes, 4, 10_000);
        Flags.requireRange("--held-out", heldOut, 1, episodes - 2);
        Flags.requireRange("--threads", threads, 1, 256);
        PrintWriter o = spec.commandLine().getOut();
        Pipeline p = new Pipeline(spec.commandLine());
        if (fresh) {
            dev.saccade.core.SaccadeOutput.requireReplaceable(out, "--fresh");
            AtomicFiles.deleteRecursively(out);
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("task", task);
        settings.put("episodes", episodes);
        settings.put("held_out", heldOut);
        settings.put("width", width);
        settings.put("seed", seed);
        Stages stages = Stages.open(out, "demo", settings,
                "run 'saccade demo --out " + out + " --fresh' to start over there, or choose another --out");
        Path dataset = out.resolve("dataset");
        Path learned = out.resolve("runs").resolve("learned");
        Path randomHand = out.resolve("runs").resolve("hand-random");
        Path eval = out.resolve("eval");
        int train = episodes - heldOut;
        double budgetS = total.toSeconds();

        p.header(o, "demo 1/4: synthetic dataset (" + episodes + " episodes of " + task + ", " + width + "×" + width / 2 + ")");
        if (!stages.done("dataset")) {
            List<String> args = new ArrayList<>(List.of("generate", "--task", task, "--episodes", Integer.toString(episodes),
                    "--width", Integer.toString(width), "--seed", Long.toString(seed), "--out", dataset.toString()));
            if (java.nio.file.Files.exists(dataset)) {
                args.add("--resume");
            }
            p.saccade("dataset", args);
            stages.finish("dataset", Map.of("seconds", p.seconds()));
        } else {
            o.println("done earlier: " + dataset);
        }

        // What is left after the dataset goes to training: BC-RL measures its own rate and that of a hand
        // under random gaze, and sizes itself so that both stages (same env steps) end at this budget.
        double left = Math.max(60, budgetS - p.seconds() - EVAL_RESERVE_S);
        Path config = out.resolve("bcrl.json");
        p.header(o, "demo 2/4: BC-RL of eye and hand (encoder pretraining, then sized to leave the random-gaze hand the same env steps "
                + "within " + Pipeline.seconds(left) + ")");
        if (!stages.done("learned")) {
            List<String> args = new ArrayList<>(List.of("train", "--dataset", dataset.toString(), "--episodes", "0:" + train,
                    "--out", learned.toString(), "--threads", Integer.toString(threads), "--budget", Pipeline.seconds(left),
                    "--fit-budget", "--fit-random-hand"));
            if (Pipeline.hasCheckpoint(learned)) {
                args.add("--resume"); // it keeps the length it chose, if it chose one before the interruption
            } else {
                AtomicFiles.deleteRecursively(learned); // an interrupted start left no checkpoint: start it again
                AtomicFiles.writeString(config, recipe(firstGuessSeconds(left)));
                args.addAll(List.of("--config", config.toString(), "--seed", Long.toString(seed),
                        "--pretrain-steps", Integer.toString(PRETRAIN_STEPS)));
            }
            p.saccade("training", args);
            stages.finish("learned", Map.of("seconds", p.seconds(), "env_steps", envSteps(learned)));
        } else {
            o.println("done earlier: " + learned);
        }

        long target = stages.facts("learned").path("env_steps").asLong();
        double handShare = Math.max(30, budgetS - p.seconds() - EVAL_RESERVE_S);
        p.header(o, "demo 3/4: a hand trained under random gaze, for the fair comparison (up to " + target + " env steps, "
                + Pipeline.seconds(handShare) + ")");
        if (!stages.done("hand-random")) {
            // The learned run's frozen encoder, training settings and env steps: only the gaze differs.
            Path encoder = Checkpoint.latest(learned).resolve("encoder.safetensors");
            List<String> args = new ArrayList<>(List.of("train", "--dataset", dataset.toString(), "--episodes", "0:" + train,
                    "--out", randomHand.toString(), "--threads", Integer.toString(threads), "--budget", Pipeline.seconds(handShare)));
            if (Pipeline.hasCheckpoint(randomHand)) {
                args.add("--resume");
            } else {
                AtomicFiles.deleteRecursively(randomHand);
                args.addAll(List.of("--gaze", "random", "--config", config.toString(), "--encoder", encoder.toString(),
                        "--steps", Long.toString(Math.max(1, target)), "--seed", Long.toString(seed)));
            }
            p.saccade("random-gaze hand", args);
            stages.finish("hand-random", Map.of("seconds", p.seconds(), "env_steps", envSteps(randomHand)));
        } else {
            o.println("done earlier: " + randomHand);
        }

        p.header(o, "demo 4/4: evaluation on the " + heldOut + " held-out episodes, and the report");
        List<Integer> held = IntStream.range(train, episodes).boxed().toList();
        long handSteps = stages.facts("hand-random").path("env_steps").asLong();
        List<String> notes = new ArrayList<>(List.of(String.format(Locale.ROOT, "This is the %s demo: BC-RL for %d env steps and the "
                + "random-gaze hand for %d, on %d synthetic %s episodes (the original trains 14 M steps on GPUs). Budget %s.", budget,
                target, handSteps, train, task, budget)));
        unfairHand(target, handSteps).ifPresent(warning -> {
            o.println(warning);
            notes.add(warning);
        });
        Evaluation.Request request = new Evaluation.Request(
                new Evaluation.Subject(learned, Map.of(GazeRegime.RANDOM, randomHand), null, dataset, held),
                new Evaluation.Protocol(2, seed, List.of(GazeRegime.values()), true, threads, 1, 2048L << 20, false),
                new Evaluation.Output(eval, true, "saccade demo --budget " + budget + " --out " + out, notes));
        Evaluation.Outcome result = Evaluation.run(request, o);
        stages.finish("eval", Map.of("seconds", p.seconds()));

        o.println();
        o.println(Summaries.table(result.demo()));
        if (result.verdict() != null) {
            o.println(result.verdict().sentence());
            shortfall(result.verdict()).ifPresent(o::println);
        }
        unfairHand(target, handSteps).ifPresent(o::println);
        o.printf(Locale.ROOT, "demo finished in %s (budget %s); report: %s%n", dev.saccade.core.Progress.clockTime(p.seconds()), budget,
                result.report().toAbsolutePath());
        o.flush();
        return 0;
    }

    /**
     * A warning when the random-gaze hand trained on markedly fewer env steps than the learned run
     * (its stage hit its time limit: a slower machine, or other load, than the rates measured
     * earlier): then the comparison favours the learned eye and the summary must say so.
     */
    static Optional<String> unfairHand(long learnedSteps, long handSteps) {
        if (handSteps >= 0.9 * learnedSteps) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "Warning: the random-gaze hand trained %d env steps, the learned run %d: its stage "
                + "ran out of time, so the comparison with random gaze is not a fair one in this run (a longer --budget, or a "
                + "machine without other load, gives both the same steps).", handSteps, learnedSteps));
    }

    /**
     * What to try when the learned eye did not clearly beat random gaze: the eye is usually still
     * learning when a short demo stops (docs/LEARNING.md, Status), so say so instead of leaving a
     * bare "overlap".
     */
    static Optional<String> shortfall(EvaluationReport.Verdict verdict) {
        if (verdict.learnedBetter()) {
            return Optional.empty();
        }
        return Optional.of("The learned eye did not clearly beat random gaze in this run. The eye is still learning when a "
                + "short demo stops, and runs differ; a longer --budget (e.g. 20m) trains it for more env steps "
                + "(docs/LEARNING.md, Status, has the measured runs).");
    }

    /**
     * Env steps per second the demo's BC-RL reached on two cores (BENCHMARKS.md), and how much faster
     * the random-gaze hand trains: only a first guess of the run's length for its first iterations,
     * until the run has measured both and fitted its length to the budget ({@code train --fit-budget}).
     */
    static final double BCRL_STEPS_PER_S = 105;
    static final double HAND_SPEEDUP_GUESS = 1.8;

    /** The first guess of BC-RL's own seconds when it and the random-gaze hand share {@code seconds} (pretraining first). */
    static double firstGuessSeconds(double seconds) {
        return Math.max(60, seconds - PRETRAIN_S) * HAND_SPEEDUP_GUESS / (1 + HAND_SPEEDUP_GUESS);
    }

    /**
     * The demo's BC-RL settings: saccade train's recipe, with a run length the stage's wall time
     * allows, so the learning-rate schedule's warm-up and decay fall inside the budget.
     */
    static String recipe(double seconds) {
        // The first guess of the length; the run fits it to the budget once it has measured its rate.
        long steps = Math.max(4_000, Math.round(seconds * BCRL_STEPS_PER_S / 1000) * 1000);
        // Imitation and the oracle's share of roll-ins decay over 3 runs' length: two thirds of each are left at the end,
        // since in minutes the eye learns to look mostly from imitation. Three eye epochs: its imitation gains from the steps.
        BcRlConfig recipe = TrainSetup.defaultTraining();
        return recipe.withRun(r -> r.withTotalEnvSteps(steps).withCheckpointEvery(2)).withPpo(p -> p.withEpochs(3))
                .withTeacher(recipe.teacher().withDecayEnvSteps(steps * 3)).toJson();
    }

    private static long envSteps(Path run) throws java.io.IOException {
        return Checkpoint.readState(Checkpoint.latest(run)).envSteps();
    }
}
