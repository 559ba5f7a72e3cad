package dev.saccade.learn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.saccade.learn.policy.ActionStats;
import dev.saccade.learn.policy.EyeLoss;
import dev.saccade.learn.policy.Inputs;
import dev.saccade.learn.policy.PolicyConfig;

/**
 * Minibatches of a rollout as tensors for the update: whole episode rows for the eye (its memory
 * needs sequences), single observations for the hand. The rollout's tokens live natively for the
 * whole update ({@code allTokens [envs, steps + 1, imageTokens, encoderDim]}); a minibatch gathers
 * its rows or slots from them.
 */
final class Minibatches {
    /** The eye's model inputs for {@code rows × steps} observations and its loss's targets. */
    record EyeRows(Inputs inputs, EyeLoss.Batch batch, int rows, int steps) {}

    /** The hand's model inputs for some observations and its normalised targets {@code [m, chunk, joints]} and mask {@code [m, chunk]}. */
    record HandSlots(Inputs inputs, NDArray target, NDArray mask) {}

    private Minibatches() {}

    /** Rows {@code envs} of {@code r}; the teacher's labels only if {@code withLabels}. */
    static EyeRows eye(NDManager scope, Rollout r, NDArray allTokens, int[] envs, float[] adv, boolean withLabels,
                       PolicyConfig policy, ActionStats stats) {
        int b = envs.length;
        int steps = r.steps;
        int a = policy.eyeActions();
        long[] rows = new long[b];
        int[] slots = new int[b * steps];
        float[] oneHot = new float[b * steps * a];
        float[] oldLogp = new float[b * steps];
        float[] advs = new float[b * steps];
        float[] returns = new float[b * steps];
        float[] mask = new float[b * steps];
        float[] labels = withLabels ? new float[b * steps * a] : null;
        float[] labelMask = withLabels ? new float[b * steps] : null;
        for (int i = 0; i < b; i++) {
            int e = envs[i];
            rows[i] = e;
            for (int t = 0; t < steps; t++) {
                int k = i * steps + t;
                slots[k] = r.slot(e, t);
                if (!r.valid(e, t)) {
                    continue;
                }
                int act = r.act(e, t);
                oneHot[k * a + r.actions[act]] = 1f;
                oldLogp[k] = r.logProbs[act];
                advs[k] = adv[act];
                returns[k] = r.returns[act];
                mask[k] = r.expertDriven[act] ? 0f : 1f; // the teacher's roll-ins teach by imitation, not by PPO
                if (labels != null && r.expertAction[slots[k]] >= 0) {
                    System.arraycopy(r.expertPolicy, slots[k] * a, labels, k * a, a); // one-hot for hard labels, spread for soft
                    labelMask[k] = 1f;
                }
            }
        }
        NDArray tokens = allTokens.get(scope.create(rows)).get(":, :{}", steps)
                .reshape((long) b * steps, policy.imageTokens(), policy.encoderDim());
        Inputs in = Inputs.withTokens(scope, tokens, r.hostBatch(slots, false), policy, stats);
        return new EyeRows(in, EyeLoss.batch(scope, b, steps, a, oneHot, oldLogp, advs, returns, mask, labels, labelMask), b, steps);
    }

    /** Observation slots {@code slots} of {@code r} for behaviour cloning. */
    static HandSlots hand(NDManager scope, Rollout r, NDArray allTokens, int[] slots, PolicyConfig policy, ActionStats stats) {
        int m = slots.length;
        int c = policy.chunk();
        int cj = policy.chunkFloats();
        long[] index = new long[m];
        float[] target = new float[m * cj];
        float[] mask = new float[m * c];
        for (int i = 0; i < m; i++) {
            int s = slots[i];
            index[i] = s;
            stats.normaliseChunk(r.demoChunk, s * cj, r.proprio, s * policy.joints(), c, target, i * cj);
            for (int f = 0; f < c; f++) {
                mask[i * c + f] = r.chunkMask[s * c + f] * r.bcWeight[s];
            }
        }
        NDArray tokens = allTokens.reshape(-1, policy.imageTokens(), policy.encoderDim()).get(scope.create(index));
        Inputs in = Inputs.withTokens(scope, tokens, r.hostBatch(slots, false), policy, stats);
        return new HandSlots(in, scope.create(target, new Shape(m, c, policy.joints())), scope.create(mask, new Shape(m, c)));
    }
}
