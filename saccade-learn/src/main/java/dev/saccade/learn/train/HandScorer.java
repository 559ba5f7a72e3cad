package dev.saccade.learn.train;

import ai.djl.ndarray.NDManager;
import dev.saccade.gym.reward.HandReward;
import dev.saccade.gym.reward.HandTarget;
import dev.saccade.learn.policy.ActionStats;
import dev.saccade.learn.policy.Fort;
import dev.saccade.learn.policy.Inputs;
import dev.saccade.learn.policy.PolicyConfig;
import java.util.Arrays;

/**
 * The hand's predictions on a rollout's observations, in batched passes without gradients: its
 * tool0 Chamfer error against the demonstration (the eye's reward), and its BC loss (evaluation).
 */
public final class HandScorer {
    /** Observations per batched pass. */
    static final int BATCH = 512;

    private final Fort model;
    private final PolicyConfig policy;
    private final ActionStats stats;
    private final HandReward reward;
    private final NDManager manager;

    HandScorer(Fort model, PolicyConfig policy, ActionStats stats, HandReward reward, NDManager manager) {
        this.model = model;
        this.policy = policy;
        this.stats = stats;
        this.reward = reward;
        this.manager = manager;
    }

    /** The hand's tool0 Chamfer error (metres) at each observation slot, NaN where nothing is demonstrated. */
    public double[] errors(Rollout r, int[] slots) {
        int c = policy.chunk();
        int cj = policy.chunkFloats();
        int j = policy.joints();
        double[] out = new double[slots.length];
        float[] absolute = new float[cj];
        for (int from = 0; from < slots.length; from += BATCH) {
            int m = Math.min(BATCH, slots.length - from);
            int[] part = Arrays.copyOfRange(slots, from, from + m);
            float[] chunks = predict(r, part);
            for (int i = 0; i < m; i++) {
                int s = part[i];
                boolean[] valid = new boolean[c];
                for (int f = 0; f < c; f++) {
                    valid[f] = r.chunkMask[s * c + f] > 0;
                }
                if (!valid[0]) {
                    out[from + i] = Double.NaN;
                    continue;
                }
                stats.absoluteChunk(chunks, i * cj, r.proprio, s * j, c, absolute, 0);
                HandTarget target = new HandTarget(Arrays.copyOfRange(r.demoChunk, s * cj, (s + 1) * cj), valid,
                        Arrays.copyOfRange(r.proprio, s * j, (s + 1) * j));
                out[from + i] = -reward.score(target, absolute);
            }
        }
        return out;
    }

    /** The hand's BC loss (mean L1 of normalised chunks, BC-weighted) over the slots. */
    double bcLoss(Rollout r, int[] slots) {
        int c = policy.chunk();
        int cj = policy.chunkFloats();
        double sum = 0;
        double weight = 0;
        float[] target = new float[cj];
        for (int from = 0; from < slots.length; from += BATCH) {
            int[] part = Arrays.copyOfRange(slots, from, Math.min(slots.length, from + BATCH));
            float[] pred = predict(r, part);
            for (int i = 0; i < part.length; i++) {
                int s = part[i];
                stats.normaliseChunk(r.demoChunk, s * cj, r.proprio, s * policy.joints(), c, target, 0);
                for (int f = 0; f < c; f++) {
                    double m = r.chunkMask[s * c + f] * r.bcWeight[s];
                    for (int j = 0; j < policy.joints(); j++) {
                        sum += m * Math.abs(pred[i * cj + f * policy.joints() + j] - target[f * policy.joints() + j]);
                    }
                    weight += m * policy.joints();
                }
            }
        }
        return sum / Math.max(weight, 1e-12);
    }

    /** The hand's normalised chunks for the given observation slots. */
    private float[] predict(Rollout r, int[] slots) {
        try (NDManager scope = manager.newSubManager()) {
            return model.handChunk(scope, Inputs.create(scope, r.hostBatch(slots, true), policy, stats)).toFloatArray();
        }
    }

    /** The mean of the values that are not NaN (NaN if none). */
    static double meanOfFinite(double[] v) {
        return Arrays.stream(v).filter(x -> !Double.isNaN(x)).average().orElse(Double.NaN);
    }
}
