package dev.saccade.learn.train;

import dev.saccade.learn.policy.EyeLoss;
import java.util.Map;

/**
 * What one update did: the eye's mean losses over its minibatches and the epochs it ran (NaN when
 * no eye step ran: a baseline gaze), the hand's mean BC loss over its {@code bcSteps} minibatches
 * (NaN without any), the last gradient norms per group, and the eye's mean imitation loss (NaN when
 * not imitating).
 */
public record UpdateStats(double policyLoss, double valueLoss, double entropy, double bcLoss, double approxKl,
                          double clipFraction, int epochs, int bcSteps, Map<String, Double> gradNorms, double imitationLoss) {

    /** Sums of the eye's loss terms over an update's minibatches. */
    static final class EyeSums {
        private double policyLoss;
        private double valueLoss;
        private double entropy;
        private double approxKl;
        private double clipFraction;
        private double imitationLoss;
        private int count;

        void add(EyeLoss.Result r) {
            policyLoss += r.policyLoss();
            valueLoss += r.valueLoss();
            entropy += r.entropy();
            approxKl += r.approxKl();
            clipFraction += r.clipFraction();
            imitationLoss += r.imitationLoss();
            count++;
        }

        /** The means with the hand's figures; {@code imitating} says whether the imitation loss counted. */
        UpdateStats stats(double bcLoss, int epochs, int bcSteps, Map<String, Double> gradNorms, boolean imitating) {
            double n = count == 0 ? Double.NaN : count; // no eye step (a baseline gaze): not measured, not 0
            return new UpdateStats(policyLoss / n, valueLoss / n, entropy / n, bcLoss, approxKl / n, clipFraction / n, epochs,
                    bcSteps, gradNorms, imitating && count > 0 ? imitationLoss / n : Double.NaN);
        }
    }
}
