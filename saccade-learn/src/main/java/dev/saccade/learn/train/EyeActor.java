package dev.saccade.learn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.saccade.learn.nn.Rng;
import dev.saccade.learn.policy.ActionStats;
import dev.saccade.learn.policy.EyeMemory;
import dev.saccade.learn.policy.Fort;
import dev.saccade.learn.policy.Inputs;
import dev.saccade.learn.policy.Policy;
import dev.saccade.learn.policy.PolicyConfig;
import dev.saccade.learn.policy.TokenBatch;

/**
 * Who chooses the eye's actions while a rollout is collected: the learned eye, or nobody, when a
 * baseline eye inside the source drives the gaze (a hand trained under a fixed gaze regime).
 */
interface EyeActor {
    /**
     * The actions from observation slot {@code t} of every row (−1 for finished rows). The learned
     * eye records what PPO needs (actions, log-probabilities, values) and the values of rows
     * {@code cut} here without their episode ending, for their bootstrap.
     */
    int[] act(NDManager scope, NDArray tokens, TokenBatch batch, Rollout r, int t, boolean[] done, boolean[] cut);

    /** No eye: the source's own gaze policy acts; the action given is ignored. */
    EyeActor SOURCE_DRIVEN = (scope, tokens, batch, r, t, done, cut) -> {
        int[] actions = new int[done.length];
        for (int e = 0; e < actions.length; e++) {
            actions[e] = done[e] ? -1 : 0;
        }
        return actions;
    };

    /** The learned eye with its memory of the rollout so far, sampling from {@code sampler} or acting greedily. */
    static EyeActor learned(Fort model, PolicyConfig policy, ActionStats stats, EyeMemory memory, Rng sampler, boolean greedy) {
        return (scope, tokens, batch, r, t, done, cut) -> {
            int n = done.length;
            int[] time = new int[n];
            java.util.Arrays.fill(time, t);
            Fort.EyeOut out = model.eyeStep(scope, Inputs.withTokens(scope, tokens, batch, policy, stats), time, memory);
            float[] values = out.values().toFloatArray();
            for (int e = 0; e < n; e++) {
                if (cut[e]) {
                    r.bootstrap[e] = values[e]; // the value of where the row stopped
                }
            }
            float[] logp = out.logits().logSoftmax(1).toFloatArray();
            int a = policy.eyeActions();
            float[] probs = new float[a];
            int[] actions = new int[n];
            for (int e = 0; e < n; e++) {
                if (done[e]) {
                    actions[e] = -1;
                    continue;
                }
                for (int k = 0; k < a; k++) {
                    probs[k] = (float) Math.exp(logp[e * a + k]);
                }
                int action = greedy ? Policy.likeliest(probs) : sampler.nextCategorical(probs, 0, a);
                actions[e] = action;
                r.actions[r.act(e, t)] = action;
                r.logProbs[r.act(e, t)] = logp[e * a + action];
                r.values[r.act(e, t)] = values[e];
            }
            return actions;
        };
    }
}
