package dev.saccade.learn.train;

/**
 * The original's schedules as functions of env steps done: the learning-rate factor (linear warm-up,
 * constant, cosine decay at the end) and the entropy coefficient (constant, then linear decay). The
 * teacher's weights decay as the teacher says ({@link Teacher}).
 */
public final class Schedule {
    private Schedule() {}

    /** Factor on the base learning rate after {@code step} of {@code c.run().totalEnvSteps()} env steps. */
    public static double learningRateFactor(BcRlConfig c, long step) {
        double total = c.run().totalEnvSteps();
        double warmup = c.schedule().warmupFraction() * total;
        double decay = c.schedule().decayFraction() * total;
        double decayStart = total - decay;
        if (step < warmup) {
            return c.schedule().warmupStart() + (1 - c.schedule().warmupStart()) * step / warmup;
        }
        if (step >= decayStart && decay > 0) {
            double progress = Math.min(1, (step - decayStart) / decay);
            return c.schedule().finalLrFraction() + (1 - c.schedule().finalLrFraction()) * 0.5 * (1 + Math.cos(Math.PI * progress));
        }
        return 1;
    }

    /** The entropy coefficient after {@code step} env steps. */
    public static double entropyCoef(BcRlConfig c, long step) {
        double total = c.run().totalEnvSteps();
        double decay = c.ppo().entropyDecayFraction() * total;
        double start = total - decay;
        if (step < start || decay <= 0) {
            return step < total ? c.ppo().entropyStart() : c.ppo().entropyEnd();
        }
        double progress = Math.min(1, (step - start) / decay);
        return c.ppo().entropyStart() + (c.ppo().entropyEnd() - c.ppo().entropyStart()) * progress;
    }
}
