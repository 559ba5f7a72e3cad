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
