package dev.saccade.learn.train;

import ai.djl.ndarray.NDManager;
import dev.saccade.learn.io.HostTensor;
import dev.saccade.learn.nn.AdamW;
import dev.saccade.learn.nn.Rng;
import dev.saccade.learn.policy.Fort;
import dev.saccade.learn.policy.PolicyConfig;
import java.util.Map;

/**
 * Saccade's search stage: the first {@code stages.searchEnvSteps} of a BC-RL run, in which the eye
 * is rewarded by the environment (visual search on the same episodes) while the hand learns by BC.
 * When the hand's reward takes over, the critic restarts, since its values were learnt for the
 * other reward.
 */
final class SearchStage {
    private SearchStage() {}

    /** Whether a run with {@code config} is in its search stage after {@code envSteps}. */
    static boolean active(BcRlConfig config, long envSteps) {
        return config.stages().rewardFrom() == BcRlConfig.RewardFrom.HAND && envSteps < config.stages().searchEnvSteps();
    }

    /** Where the eye's reward comes from after {@code envSteps}. */
    static BcRlConfig.RewardFrom rewardFrom(BcRlConfig config, long envSteps) {
        return active(config, envSteps) ? BcRlConfig.RewardFrom.ENV : config.stages().rewardFrom();
    }

    /** Steps of which the search stage watches the hand's error (one in this many). */
    static final int HAND_WATCH = 8;

    /**
     * Fills every step's reward with the one the environment returned for it (the visual-search
     * reward) and returns the hand's mean tool0 Chamfer error, watched on every {@value #HAND_WATCH}th
     * step only (NaN if the hand does not learn).
     */
    static double environmentRewards(Rollout r, HandScorer hand, boolean handLearns) {
        int[][] steps = r.realSteps(true);
        int[] slots = steps[0];
        for (int i = 0; i < slots.length; i++) {
            r.rewards[steps[1][i]] = r.envReward[slots[i]];
        }
        if (!handLearns) {
            return Double.NaN;
        }
        int[] watched = new int[(slots.length + HAND_WATCH - 1) / HAND_WATCH];
        for (int i = 0; i < watched.length; i++) {
            watched[i] = slots[i * HAND_WATCH];
        }
        return HandScorer.meanOfFinite(hand.errors(r, watched));
    }

    /** Re-initialises the critic (weights and optimiser moments), as for an eye loaded from another reward. */
    static void restartCritic(Fort model, AdamW optimizer, PolicyConfig policy, NDManager manager, long seed) {
        Map<String, HostTensor> weights = model.params().toHost();
        try (Fort fresh = new Fort(policy, manager, new Rng(seed).fork(0xC817).nextLong())) {
            fresh.params().toHost().forEach((name, t) -> {
                if (name.startsWith(Fort.CRITIC_PREFIX)) {
                    weights.put(name, t);
                }
            });
        }
        model.params().load(weights, null);
        optimizer.resetMoments(name -> name.startsWith(Fort.CRITIC_PREFIX));
    }
}
