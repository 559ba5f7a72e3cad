package dev.saccade.learn.train;

/**
 * The original's schedules as functions of env steps done: the learning-rate factor (linear warm-up,
 * constant, cosine decay at the end), the entropy coefficient (constant, then linear decay), and
 * Saccade's imitation weight (linear decay from the start).
 */
public final class Schedule {
    private Schedule() {}

    /** Factor on the base learning rate after {@code step} of {@code c.totalEnvSteps()} env steps. */
    public static double learningRateFactor(BcRlConfig c, long step) {
        double total = c.totalEnvSteps();
        double warmup = c.warmupFraction() * total;
        double decay = c.decayFraction() * total;
        double decayStart = total - decay;
        if (step < warmup) {
            return c.warmupStart() + (1 - c.warmupStart()) * step / warmup;
        }
        if (step >= decayStart && decay > 0) {
            double progress = Math.min(1, (step - decayStart) / decay);
            return c.finalLrFraction() + (1 - c.finalLrFraction()) * 0.5 * (1 + Math.cos(Math.PI * progress));
        }
        return 1;
    }

    /** The entropy coefficient after {@code step} env steps. */
    public static double entropyCoef(BcRlConfig c, long step) {
        double total = c.totalEnvSteps();
        double decay = c.entropyDecayFraction() * total;
        double start = total - decay;
        if (step < start || decay <= 0) {
            return step < total ? c.entropyStart() : c.entropyEnd();
        }
        double progress = Math.min(1, (step - start) / decay);
        return c.entropyStart() + (c.entropyEnd() - c.entropyStart()) * progress;
    }

    /** The weight of the eye's imitation loss after {@code step} env steps (linear decay to 0, or constant). */
    public static double imitationCoef(BcRlConfig c, long step) {
        return c.imitationCoef() * imitationDecay(c, step);
    }

    /** The probability that a training step's action is the oracle's (DAgger's roll-in), decayed as the imitation weight. */
    public static double expertShare(BcRlConfig c, long step) {
        return c.expertShare() * imitationDecay(c, step);
    }

    private static double imitationDecay(BcRlConfig c, long step) {
        return c.imitationEnvSteps() <= 0 ? 1 : Math.max(0, 1 - step / (double) c.imitationEnvSteps());
    }
}
