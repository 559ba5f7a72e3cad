package dev.saccade.learn.train;

import java.util.Locale;

/**
 * One iteration's figures, for progress lines and metrics files: whether it was in the search
 * stage, the eye's mean reward, the hand's mean tool0 Chamfer error in metres on the rollout (every
 * step in BC-RL, a sample of them in the search stage; NaN if not measured), the share of steps with
 * the relevant thing in the fovea (ground truth for the logs, NaN if unknown), the share of the eye's
 * actions that were the teacher's label (NaN without labels), the imitation weight, and timings.
 */
public record IterationStats(long iteration, long envSteps, boolean search, double meanReward, double handError,
                             double foveaHits, double explainedVariance, UpdateStats update, double lrFactor,
                             double entropyCoef, double collectSeconds, double updateSeconds, double expertAgreement,
                             double imitationCoef) {

    /** The progress bar's status text for this iteration. */
    public String progressLine() {
        double kl = update.approxKl();
        // The fovea's hits need the annotations: a run that trains without them (the default) does not know them.
        return String.format(Locale.ROOT, "%sreward %.4f hand %.1f cm%s bc %.3f%s%s",
                search ? "search " : "", meanReward, 100 * handError,
                Double.isNaN(foveaHits) ? "" : String.format(Locale.ROOT, " fovea %.0f%%", 100 * foveaHits), update.bcLoss(),
                Double.isNaN(kl) ? "" : String.format(Locale.ROOT, " kl %.4f", kl),
                Double.isNaN(expertAgreement) ? "" : String.format(Locale.ROOT, " teacher %.0f%%", 100 * expertAgreement));
    }
}
