package dev.saccade.cli;

/**
 * How long a run can be to end at its budget, from costs measured in its first iterations (pure
 * arithmetic; {@link TrainRun} measures, this decides).
 *
 * <p>A run that has done {@code done} env steps and has {@code secondsLeft} of its budget trains on
 * for {@code (S − done)·perStep} seconds; when the budget also covers a hand trained afterwards under
 * random gaze for the same {@code S} env steps (the demo's fair comparison), that hand takes
 * {@code handSetup + S·handPerStep} more. Solving {@code secondsLeft = (S − done)·perStep + handSetup
 * + S·handPerStep} for {@code S}, rounded down to whole iterations (a run ends after the iteration
 * that reaches its length), and at least one more iteration.
 */
final class BudgetSizing {
    /**
     * Measured costs.
     *
     * @param secondsPerStep     this run's wall seconds per env step (checkpoints included)
     * @param handSecondsPerStep the later random-gaze hand's seconds per env step (0: no later hand)
     * @param handSetupSeconds   the later hand's time before its first iteration (frames, model)
     */
    record Costs(double secondsPerStep, double handSecondsPerStep, double handSetupSeconds) {
        Costs {
            if (!(secondsPerStep > 0) || !(handSecondsPerStep >= 0) || !(handSetupSeconds >= 0)) {
                throw new IllegalArgumentException("costs must be positive: " + secondsPerStep + ", " + handSecondsPerStep
                        + ", " + handSetupSeconds);
            }
        }

        /** A run whose budget is its own. */
        static Costs alone(double secondsPerStep) {
            return new Costs(secondsPerStep, 0, 0);
        }
    }

    private BudgetSizing() {}

    /** The run's length in env steps: {@code done} plus a whole number (≥ 1) of iterations of {@code perIteration} env steps. */
    static long totalEnvSteps(double secondsLeft, long done, long perIteration, Costs c) {
        if (perIteration < 1 || done < 0) {
            throw new IllegalArgumentException("iterations of " + perIteration + " env steps, " + done + " done");
        }
        double steps = (secondsLeft - c.handSetupSeconds() + done * c.secondsPerStep()) / (c.secondsPerStep() + c.handSecondsPerStep());
        double more = Math.floor((steps - done) / perIteration);
        long iterations = Double.isFinite(more) ? (long) Math.max(1, Math.min(more, 1e12)) : 1;
        return done + iterations * perIteration;
    }

    /** Seconds per env step over an interval of whole iterations: {@code seconds / steps}. */
    static double secondsPerStep(double seconds, long steps) {
        if (steps <= 0 || !(seconds > 0)) {
            throw new IllegalArgumentException(steps + " env steps in " + seconds + " s");
        }
        return seconds / steps;
    }
}
