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

    /**
     * The clipped surrogate, as a loss to minimise: the masked mean of
     * {@code max(−A·ρ, −A·clip(ρ, 1−ε, 1+ε))} with {@code ρ = exp(logRatio)}.
     */
    public static NDArray policyLoss(NDArray logRatio, NDArray advantages, NDArray mask, double clip) {
        NDArray ratio = logRatio.exp();
        NDArray unclipped = advantages.neg().mul(ratio);
        NDArray clipped = advantages.neg().mul(ratio.clip(1 - clip, 1 + clip));
        return maskedMean(unclipped.maximum(clipped), mask);
    }

    /** Half the masked mean squared error of the values (no value clipping, as the original). */
    public static NDArray valueLoss(NDArray values, NDArray returns, NDArray mask) {
        return maskedMean(values.sub(returns).square(), mask).mul(0.5f);
    }

    /** Entropy of categorical distributions given their log-probabilities {@code [..., actions]}. */
    public static NDArray entropy(NDArray logProbs) {
        return logProbs.exp().mul(logProbs).sum(new int[] {logProbs.getShape().dimension() - 1}).neg();
    }

    /** The "k3" estimate of KL(old‖new) from log-ratios: mean of {@code (ρ − 1) − log ρ} (CleanRL's approx_kl). */
    public static NDArray approxKl(NDArray logRatio, NDArray mask) {
        return maskedMean(logRatio.exp().sub(1f).sub(logRatio), mask);
    }

    /** Σ x·mask / Σ mask. */
    public static NDArray maskedMean(NDArray x, NDArray mask) {
        return x.mul(mask).sum().div(mask.sum().maximum(1f));
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
}
