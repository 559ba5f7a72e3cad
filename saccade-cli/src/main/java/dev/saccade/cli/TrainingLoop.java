package dev.saccade.cli;

import dev.saccade.core.Progress;
import dev.saccade.learn.train.BcRl;
import dev.saccade.learn.train.IterationStats;
import dev.saccade.learn.train.UpdateStats;
import dev.saccade.learn.train.Checkpoint;
import dev.saccade.learn.train.GymSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The training loop of a run: iterations until the run's length, its budget or its iteration cap,
 * a row of {@code metrics.csv} after each, the run's length fitted to its budget once the rate is
 * measured (with {@code --fit-budget}), and the closing summary.
 */
final class TrainingLoop {
    /**
     * How to fit the run's length to its budget: whether a random-gaze hand trained later for the same
     * env steps shares it ({@code handProbe} measures its seconds per env step; null when the budget
     * is the run's alone), and that hand's setup seconds.
     */
    record Fit(HandProbe handProbe, double handSetupSeconds) {}

    /** Measures what an env step of the later random-gaze hand costs, in seconds. */
    interface HandProbe {
        double secondsPerStep() throws IOException;
    }

    /** Iterations timed before the length is fitted; the first of a session is a warm-up and not timed. */
    static final int TIMED_ITERATIONS = 3;

    private TrainingLoop() {}

    static int run(BcRl trainer, GymSource source, TrainSettings o, Checkpoint.RunRecord facts, Fit fit, PrintWriter out, long start)
            throws IOException {
        long trainStart = System.nanoTime();
        long stepsAtStart = trainer.envSteps();
        long budgetNanos = o.schedule().budget() == null ? Long.MAX_VALUE : o.schedule().budget().toNanos();
        long maxIterations = o.schedule().maxIterations() > 0 ? o.schedule().maxIterations() : Long.MAX_VALUE;
        MetricsCsv metrics = MetricsCsv.open(o.out(), trainer.iteration());
        List<IterationStats> seen = new ArrayList<>();
        long[] timedFrom = new long[2]; // nanos and env steps at the end of the warm-up iteration
        String label = o.mode() == TrainSettings.Mode.SEARCH ? "train-search" : "train";
        try (Progress progress = new Progress(label, trainer.config().run().totalEnvSteps(), "steps")) {
            progress.advance(trainer.envSteps());
            trainer.run(source, o.out(), progress, s -> {
                long now = System.nanoTime();
                seen.add(s);
                try {
                    metrics.add(new MetricsCsv.Row(s, (now - start) / 1e9));
                    if (fit != null && seen.size() == 1) {
                        timedFrom[0] = now;
                        timedFrom[1] = s.envSteps();
                    } else if (fit != null && seen.size() == 1 + TIMED_ITERATIONS) {
                        fitLength(trainer, o, facts, fit, now, timedFrom, start, out);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, () -> System.nanoTime() - start < budgetNanos && trainer.iteration() < maxIterations);
        }
        summary(trainer, seen, label, stepsAtStart, trainStart, start, o, metrics, out);
        return 0;
    }

    /** Sets the run's length so that it (and a later random-gaze hand, if asked) ends at the budget; the run record keeps it. */
    private static void fitLength(BcRl trainer, TrainSettings o, Checkpoint.RunRecord facts, Fit fit, long now, long[] timedFrom,
                                  long start, PrintWriter out) throws IOException {
        long timedSteps = trainer.envSteps() - timedFrom[1];
        double perStep = BudgetSizing.secondsPerStep((now - timedFrom[0]) / 1e9, timedSteps);
        // The hand is timed now, with the process warmed up by the run's first iterations (timed
        // first, the JIT's warm-up made it look 20 times slower than it trains).
        double handPerStep = fit.handProbe() == null ? 0 : fit.handProbe().secondsPerStep();
        double left = o.schedule().budget().toNanos() / 1e9 - (System.nanoTime() - start) / 1e9;
        BudgetSizing.Costs costs = new BudgetSizing.Costs(perStep, handPerStep, fit.handProbe() == null ? 0 : fit.handSetupSeconds());
        long total = BudgetSizing.totalEnvSteps(left, trainer.envSteps(), timedSteps / TIMED_ITERATIONS, costs);
        trainer.setTotalEnvSteps(total);
        Checkpoint.writeRunRecord(o.out(), facts.withSizedEnvSteps(total));
        out.printf(Locale.ROOT, "%nbudget: %.1f env steps/s measured over %d iterations; %.0f s left%s: the run's length is now %d env steps%n",
                1 / perStep, TIMED_ITERATIONS, left, handPerStep > 0
                        ? String.format(Locale.ROOT, " for it and a random-gaze hand of the same env steps (%.1f env steps/s, %.0f s setup)",
                                1 / handPerStep, costs.handSetupSeconds()) : "", total);
        out.flush();
    }

    private static void summary(BcRl trainer, List<IterationStats> seen, String label, long stepsAtStart, long trainStart, long start,
                                TrainSettings o, MetricsCsv metrics, PrintWriter out) throws IOException {
        double seconds = (System.nanoTime() - trainStart) / 1e9;
        out.printf(Locale.ROOT, "%s: %d iterations, %d env steps; training %s at %.1f env steps/s; whole command %s%n", label,
                trainer.iteration(), trainer.envSteps(), Progress.clockTime(seconds),
                (trainer.envSteps() - stepsAtStart) / Math.max(seconds, 1e-9), Progress.clockTime((System.nanoTime() - start) / 1e9));
        if (!seen.isEmpty()) {
            int k = Math.max(1, Math.min(5, seen.size() / 2));
            List<IterationStats> first = seen.subList(0, k);
            List<IterationStats> last = seen.subList(seen.size() - k, seen.size());
            out.printf(Locale.ROOT, "reward per step: %.4f (first %d iterations) → %.4f (last %d)%n",
                    mean(first, IterationStats::meanReward), k, mean(last, IterationStats::meanReward), k);
            if (o.mode() == TrainSettings.Mode.BC_RL) {
                double hitsFirst = mean(first, IterationStats::foveaHits);
                double hitsLast = mean(last, IterationStats::foveaHits);
                out.printf(Locale.ROOT, "BC loss: %.4f → %.4f; hand error %.2f → %.2f cm; %s%n",
                        mean(first, s -> s.update().bcLoss()), mean(last, s -> s.update().bcLoss()),
                        100 * mean(first, IterationStats::handError), 100 * mean(last, IterationStats::handError),
                        Double.isNaN(hitsFirst) ? "relevant thing in the fovea: unknown in training (annotations withheld; saccade eval measures it)"
                                : String.format(Locale.ROOT, "relevant thing in the fovea %.1f %% → %.1f %%", 100 * hitsFirst, 100 * hitsLast));
            }
        }
        String stopped = trainer.finished() ? "finished; "
                : "stopped at " + (o.schedule().maxIterations() > 0 && trainer.iteration() >= o.schedule().maxIterations()
                        ? "--max-iterations" : "the budget") + "; continue with 'saccade " + label + " --resume --out " + o.out() + "'; ";
        out.println(stopped + "checkpoint " + Checkpoint.latest(o.out()));
        out.println("metrics: " + metrics.file());
        out.flush();
    }

    /** The mean of {@code f} over the iterations where it is defined (NaN if nowhere). */
    static double mean(List<IterationStats> s, ToDoubleFunction<IterationStats> f) {
        return s.stream().mapToDouble(f).filter(Double::isFinite).average().orElse(Double.NaN);
    }
}
