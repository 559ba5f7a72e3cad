package dev.saccade.learn.train;

import dev.saccade.learn.nn.Rng;

/**
 * How a trainer's current policy does on the episodes a source gives for a seed: the eye's mean
 * reward per step and the hand's BC loss, measured without learning and without touching the
 * training random stream (the eye acts greedily or samples from its own stream seeded by the seed).
 */
public record PolicyEvaluation(double meanReward, double bcLoss, int steps) {
    /** Plays one rollout of {@code trainer}'s policy on {@code source} and measures it. */
    public static PolicyEvaluation of(BcRl trainer, RolloutSource source, long seed, boolean greedy) {
        Rollout r = trainer.collect(source, seed, new Rng(seed).fork(7), greedy, false);
        trainer.computeRewards(r);
        return new PolicyEvaluation(r.meanReward(), trainer.hand().bcLoss(r, r.realSteps(false)[0]), r.validSteps());
    }
}
