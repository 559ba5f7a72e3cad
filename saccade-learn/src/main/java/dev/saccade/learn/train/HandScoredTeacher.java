package dev.saccade.learn.train;


/**
 * An annotation-free teacher for the eye (issue 12, reference/looking-without-labels.md §4.1): in
 * the real-to-sim gym any gaze can be rendered and the demonstration's future is known, so on some
 * steps of the rollout the views after each candidate action ({@code CandidateViews}) are scored by
 * the current hand's tool0 Chamfer error against the demonstrated chunk, and the best becomes the
 * eye's label there (expert iteration, DAgger-style on the eye's own states), imitated beside PPO
 * on the hand's reward. Labels are the argmin, or with {@code softminCm} a softmin over the
 * candidates; actions that are not candidates get none of the label. Steps whose candidates the
 * hand scores almost alike ({@code minSpreadCm}) stay unlabelled. No roll-ins: the labels come
 * after collection. The imitation weight decays as the oracle's ({@code decayEnvSteps}).
 */
final class HandScoredTeacher implements Teacher {
    private final BcRlConfig.TeacherSettings settings;

    HandScoredTeacher(BcRlConfig.TeacherSettings settings) {
        this.settings = settings;
    }

    @Override
    public double weight(long envSteps) {
        long over = settings.decayEnvSteps();
        return settings.coef() * (over <= 0 ? 1 : Math.max(0, 1 - envSteps / (double) over));
    }

    @Override
    public double rollInShare(long envSteps) {
        return 0;
    }

    @Override
    public int action(EnvStep step) {
        return -1;
    }

    @Override
    public void label(Rollout rollout, HandScorer hand) {
        int[] slots = rollout.candidateSlots();
        if (slots.length == 0) {
            return;
        }
        double[][] errors = hand.candidateErrors(rollout, slots);
        int a = rollout.actionCount;
        for (int i = 0; i < slots.length; i++) {
            int s = slots[i];
            float[] label = label(rollout.candidates[s].actions(), errors[i], a, settings.softminCm() / 100, settings.minSpreadCm() / 100);
            if (label == null) {
                continue;
            }
            System.arraycopy(label, 0, rollout.expertPolicy, s * a, a);
            rollout.expertAction[s] = argmax(label);
        }
    }

    /**
     * The label over {@code actionCount} actions from candidate {@code actions}' hand errors (metres):
     * one-hot on the smallest error (the first of equals) if {@code temperature} is 0, else
     * {@code exp(−(error − best) / temperature)} normalised over the candidates; null if no error is
     * finite or they span no more than {@code minSpread}.
     */
    static float[] label(int[] actions, double[] errors, int actionCount, double temperature, double minSpread) {
        double best = Double.POSITIVE_INFINITY;
        double worst = Double.NEGATIVE_INFINITY;
        int bestAt = -1;
        for (int k = 0; k < errors.length; k++) {
            if (Double.isNaN(errors[k])) {
                continue;
            }
            if (errors[k] < best) {
                best = errors[k];
                bestAt = k;
            }
            worst = Math.max(worst, errors[k]);
        }
        if (bestAt < 0 || worst - best <= minSpread && minSpread > 0) {
            return null;
        }
        float[] out = new float[actionCount];
        if (temperature <= 0) {
            out[actions[bestAt]] = 1f;
            return out;
        }
        double sum = 0;
        double[] w = new double[errors.length];
        for (int k = 0; k < errors.length; k++) {
            w[k] = Double.isNaN(errors[k]) ? 0 : Math.exp(-(errors[k] - best) / temperature);
            sum += w[k];
        }
        for (int k = 0; k < errors.length; k++) {
            out[actions[k]] = (float) (w[k] / sum);
        }
        return out;
    }

    private static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    @Override
    public String toString() {
        return "hand-scored teacher " + settings;
    }
}
