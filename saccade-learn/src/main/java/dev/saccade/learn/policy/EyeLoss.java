package dev.saccade.learn.policy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.saccade.learn.nn.Scalar;

/**
 * The eye's loss on whole episode rows, PPO's (reference/eyerobot.md §5): clipped surrogate −
 * entropy bonus + value loss, plus a teacher's imitation (the cross-entropy of the eye's action
 * distribution against the teacher's labels) where there are labels. The pieces are pure tensor
 * functions, tested on hand-computed numbers.
 */
public final class EyeLoss {
    private EyeLoss() {}

    /**
     * One minibatch of eye experience, {@code b} rows of {@code steps}: the actions taken (one-hot
     * {@code [b, steps, actions]}), their log-probabilities when taken, advantages, returns and the
     * PPO mask {@code [b, steps]} (0 for padding and for steps the teacher took); the teacher's
     * labels {@code [b, steps, actions]} and their mask, or null without imitation.
     */
    public record Batch(NDArray actionsOneHot, NDArray oldLogProbs, NDArray advantages, NDArray returns, NDArray mask,
                        NDArray labels, NDArray labelMask) {}

    /** The weights of the loss's terms. */
    public record Weights(double clip, double entropy, double value, double imitation) {}

    /** The loss to minimise and its terms' values (imitation NaN without labels). */
    public record Result(NDArray loss, double policyLoss, double valueLoss, double entropy, double approxKl, double clipFraction,
                         double imitationLoss) {}

    /** The loss of the eye's outputs {@code logits [b, steps, actions]} and {@code values [b, steps]} on {@code batch}. */
    public static Result of(NDArray logits, NDArray values, Batch batch, Weights w) {
        NDArray logp = logits.logSoftmax(2);
        NDArray logRatio = logp.mul(batch.actionsOneHot()).sum(new int[] {2}).sub(batch.oldLogProbs());
        NDArray pg = policyLoss(logRatio, batch.advantages(), batch.mask(), w.clip());
        NDArray v = valueLoss(values, batch.returns(), batch.mask());
        NDArray ent = maskedMean(entropy(logp), batch.mask());
        NDArray loss = pg.sub(Scalar.mul(ent, w.entropy())).add(Scalar.mul(v, w.value()));
        double imitationLoss = Double.NaN;
        if (batch.labels() != null) {
            NDArray labelLogp = logp.mul(batch.labels()).sum(new int[] {2});
            NDArray ce = maskedMean(labelLogp.neg(), batch.labelMask());
            loss = loss.add(Scalar.mul(ce, w.imitation()));
            imitationLoss = ce.getFloat();
        }
        NDArray detached = logRatio.stopGradient();
        double kl = approxKl(detached, batch.mask()).getFloat();
        double clipped = maskedMean(detached.exp().sub(1f).abs().gt(w.clip()).toType(DataType.FLOAT32, false), batch.mask()).getFloat();
        return new Result(loss, pg.getFloat(), v.getFloat(), ent.getFloat(), kl, clipped, imitationLoss);
    }

    /** A {@link Batch} from host arrays; {@code labels} may be null. */
    public static Batch batch(NDManager scope, int b, int steps, int actions, float[] oneHot, float[] oldLogp, float[] adv,
                              float[] returns, float[] mask, float[] labels, float[] labelMask) {
        Shape seq = new Shape(b, steps);
        Shape dist = new Shape(b, steps, actions);
        return new Batch(scope.create(oneHot, dist), scope.create(oldLogp, seq), scope.create(adv, seq), scope.create(returns, seq),
                scope.create(mask, seq), labels == null ? null : scope.create(labels, dist),
                labels == null ? null : scope.create(labelMask, seq));
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
        return Scalar.mul(maskedMean(values.sub(returns).square(), mask), 0.5);
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
        return x.mul(mask).sum().div(Scalar.maximum(mask.sum(), 1));
    }
}
