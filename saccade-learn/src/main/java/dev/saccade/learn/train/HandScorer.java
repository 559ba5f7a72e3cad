package dev.saccade.learn.train;

import ai.djl.ndarray.NDManager;
import dev.saccade.gym.reward.HandReward;
import dev.saccade.gym.reward.HandTarget;
import dev.saccade.learn.policy.ActionStats;
import dev.saccade.learn.policy.Fort;
import dev.saccade.learn.policy.Inputs;
import dev.saccade.learn.policy.PolicyConfig;
import dev.saccade.learn.policy.TokenBatch;
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

    /**
     * The hand's tool0 Chamfer error (metres) under each candidate view of each slot
     * ({@link Rollout#candidates}): the views the eye would get after each candidate action, with the
     * slot's state, task and demonstrated chunk. {@code out[i][j]} for slot {@code slots[i]}'s
     * candidate {@code j}; NaN where nothing is demonstrated.
     */
    public double[][] candidateErrors(Rollout r, int[] slots) {
        int per = r.imageTokens * r.encoderDim;
        int j = policy.joints();
        int cj = policy.chunkFloats();
        double[][] out = new double[slots.length][];
        int from = 0;
        while (from < slots.length) {
            int to = from;
            int rows = 0;
            do { // whole slots, up to BATCH rows (at least one slot)
                rows += r.candidates[slots[to]].size();
                to++;
            } while (to < slots.length && rows + r.candidates[slots[to]].size() <= BATCH);
            float[] tokens = new float[rows * per];
            float[] gaze = new float[2 * rows];
            float[] proprio = new float[rows * j];
            int[] task = new int[rows];
            int row = 0;
            for (int i = from; i < to; i++) {
                int s = slots[i];
                Rollout.CandidateTokens c = r.candidates[s];
                System.arraycopy(c.tokens(), 0, tokens, row * per, c.size() * per);
                System.arraycopy(c.gaze(), 0, gaze, 2 * row, 2 * c.size());
                for (int k = 0; k < c.size(); k++) {
                    System.arraycopy(r.proprio, s * j, proprio, (row + k) * j, j);
                    task[row + k] = r.task[s];
                }
                row += c.size();
            }
            float[] chunks;
            try (NDManager scope = manager.newSubManager()) {
                TokenBatch batch = new TokenBatch(rows, tokens, gaze, proprio, task);
                chunks = model.handChunk(scope, Inputs.create(scope, batch, policy, stats)).toFloatArray();
            }
            row = 0;
            for (int i = from; i < to; i++) {
                int n = r.candidates[slots[i]].size();
                out[i] = new double[n];
                for (int k = 0; k < n; k++) {
                    out[i][k] = score(r, slots[i], chunks, (row + k) * cj);
                }
                row += n;
            }
            from = to;
        }
        return out;
    }

    /** The error of the normalised chunk at {@code chunks[offset…]} against slot {@code s}'s demonstration (NaN if none). */
    private double score(Rollout r, int s, float[] chunks, int offset) {
        int c = policy.chunk();
        int cj = policy.chunkFloats();
        int j = policy.joints();
        boolean[] valid = new boolean[c];
        for (int f = 0; f < c; f++) {
            valid[f] = r.chunkMask[s * c + f] > 0;
        }
        if (!valid[0]) {
            return Double.NaN;
        }
        float[] absolute = new float[cj];
        stats.absoluteChunk(chunks, offset, r.proprio, s * j, c, absolute, 0);
        HandTarget target = new HandTarget(Arrays.copyOfRange(r.demoChunk, s * cj, (s + 1) * cj), valid,
                Arrays.copyOfRange(r.proprio, s * j, (s + 1) * j));
        return -reward.score(target, absolute);
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
