package dev.saccade.learn.train;

import ai.djl.ndarray.NDArray;

/**
 * The pure pieces of proximal policy optimisation for the eye (categorical actions): generalised
 * advantage estimation and the losses. {@link BcRl} runs them, top to bottom, on each rollout.
 */
public final class Ppo {
    private Ppo() {}

    /**
     * GAE(γ, λ) for one episode row: {@code δ_t = r_t + γ·V_{t+1} − V_t}, {@code A_t = δ_t + γλ·A_{t+1}}.
     * After the last of {@code length} steps the next value is 0 if the episode {@code ended} there
     * (terminal), else {@code bootstrap} (the value of the observation the row stopped at).
     * Returns advantages for steps {@code 0..length-1}; returns are advantages plus values.
     */
    public static float[] advantages(float[] rewards, float[] values, int length, boolean ended, float bootstrap,
                                     double gamma, double lambda) {
        float[] adv = new float[length];
        double next = ended ? 0 : bootstrap;
        double running = 0;
        for (int t = length - 1; t >= 0; t--) {
            double delta = rewards[t] + gamma * next - values[t];
            running = delta + gamma * lambda * running;
            adv[t] = (float) running;
            next = values[t];
        }
        return adv;
    }

    /** Normalises {@code adv[0..n)} in place to zero mean and unit standard deviation (+1e-8). */
    public static void normalize(float[] adv, int n) {
        double mean = 0;
        for (int i = 0; i < n; i++) {
            mean += adv[i];
        }
        mean /= Math.max(1, n);
        double var = 0;
        for (int i = 0; i < n; i++) {
            var += (adv[i] - mean) * (adv[i] - mean);
        }
        double std = Math.sqrt(var / Math.max(1, n - 1));
        for (int i = 0; i < n; i++) {
            adv[i] = (float) ((adv[i] - mean) / (std + 1e-8));
        }
    }

    /** The rollout's advantages with those of real steps normalised over the whole rollout. */
    static float[] normalizedAdvantages(Rollout r) {
        float[] adv = r.advantages.clone();
        float[] valid = new float[r.validSteps()];
        int k = 0;
        for (int e = 0; e < r.envs; e++) {
            for (int t = 0; t < r.length[e]; t++) {
                valid[k++] = adv[r.act(e, t)];
            }
        }
        normalize(valid, valid.length);
        k = 0;
        for (int e = 0; e < r.envs; e++) {
            for (int t = 0; t < r.length[e]; t++) {
                adv[r.act(e, t)] = valid[k++];
            }
        }
        return adv;
    }

    /** How much of the returns' variance the values explain, {@code 1 − Var(returns − values) / Var(returns)}, over real steps (NaN if undefined). */
    static double explainedVariance(Rollout r) {
        double sumR = 0;
        double sumR2 = 0;
        double sumE = 0;
        double sumE2 = 0;
        int n = 0;
        for (int e = 0; e < r.envs; e++) {
            for (int t = 0; t < r.length[e]; t++) {
                int i = r.act(e, t);
                double err = r.returns[i] - r.values[i];
                sumR += r.returns[i];
                sumR2 += r.returns[i] * r.returns[i];
                sumE += err;
                sumE2 += err * err;
                n++;
            }
        }
        if (n < 2) {
            return Double.NaN;
        }
        double varR = sumR2 / n - (sumR / n) * (sumR / n);
        double varE = sumE2 / n - (sumE / n) * (sumE / n);
        return varR <= 1e-12 ? Double.NaN : 1 - varE / varR;
    }
}
