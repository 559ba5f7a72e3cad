package dev.saccade.learn.policy;

import dev.saccade.core.InputException;

/**
 * How the hand's actions and the proprioception are normalised (the LeRobot "pre/post-processing"
 * of the policy). A chunk is predicted relative to the current state: the target for frame k is
 * {@code (action[k] − state − deltaMean) / deltaStd} per joint; proprioception is scaled from
 * {@code [stateMin, stateMax]} to [−1, 1]. Datasets supply their own statistics; {@link #original()}
 * holds the original's (reference/eyerobot.md §4, {@code demo_data.py}).
 */
public record ActionStats(double[] deltaMean, double[] deltaStd, double[] stateMin, double[] stateMax) {
    public ActionStats {
        deltaMean = deltaMean.clone();
        deltaStd = deltaStd.clone();
        stateMin = stateMin.clone();
        stateMax = stateMax.clone();
        int n = deltaMean.length;
        if (deltaStd.length != n || stateMin.length != n || stateMax.length != n) {
            throw new InputException("action stats: all four vectors need the same length, got "
                    + n + ", " + deltaStd.length + ", " + stateMin.length + ", " + stateMax.length);
        }
        for (int j = 0; j < n; j++) {
            if (!(deltaStd[j] > 0) || !Double.isFinite(deltaMean[j]) || !(stateMax[j] > stateMin[j])) {
                throw new InputException("action stats: joint " + j + " needs std > 0 and max > min");
            }
        }
    }

    /**
     * The original's delta statistics (6 joints and the gripper), with joint ranges of ±π and a
     * gripper in [0, 1].
     */
    public static ActionStats original() {
        double pi = Math.PI;
        return new ActionStats(
                new double[] {0.0092, -0.0149, 0.0161, 0.00066, -0.00084, -0.0017, 0},
                new double[] {0.1668, 0.1209, 0.0957, 0.1202, 0.0302, 0.0909, 1},
                new double[] {-pi, -pi, -pi, -pi, -pi, -pi, 0},
                new double[] {pi, pi, pi, pi, pi, pi, 1});
    }

    public int joints() {
        return deltaMean.length;
    }

    @Override
    public double[] deltaMean() {
        return deltaMean.clone();
    }

    @Override
    public double[] deltaStd() {
        return deltaStd.clone();
    }

    @Override
    public double[] stateMin() {
        return stateMin.clone();
    }

    @Override
    public double[] stateMax() {
        return stateMax.clone();
    }

    /** Normalised relative chunk: {@code out[k][j] = (chunk[k][j] − state[j] − mean[j]) / std[j]}. */
    public void normaliseChunk(float[] chunk, int chunkOffset, float[] state, int stateOffset, int frames, float[] out, int outOffset) {
        int n = joints();
        for (int k = 0; k < frames; k++) {
            for (int j = 0; j < n; j++) {
                double v = chunk[chunkOffset + k * n + j] - state[stateOffset + j];
                out[outOffset + k * n + j] = (float) ((v - deltaMean[j]) / deltaStd[j]);
            }
        }
    }

    /** The inverse of {@link #normaliseChunk}: absolute actions from a normalised relative chunk. */
    public void absoluteChunk(float[] normalised, int offset, float[] state, int stateOffset, int frames, float[] out, int outOffset) {
        int n = joints();
        for (int k = 0; k < frames; k++) {
            for (int j = 0; j < n; j++) {
                double v = normalised[offset + k * n + j] * deltaStd[j] + deltaMean[j] + state[stateOffset + j];
                out[outOffset + k * n + j] = (float) v;
            }
        }
    }

    /** Proprioception scaled to [−1, 1]. */
    public void normaliseState(float[] state, int offset, float[] out, int outOffset) {
        for (int j = 0; j < joints(); j++) {
            out[outOffset + j] = (float) (2 * (state[offset + j] - stateMin[j]) / (stateMax[j] - stateMin[j]) - 1);
        }
    }
}
