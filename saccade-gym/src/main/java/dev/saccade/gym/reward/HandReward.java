package dev.saccade.gym.reward;

import dev.saccade.data.Features;
import dev.saccade.data.robot.Ur5e;
import java.util.List;

/**
 * The eye's reward in {@code DemoEyeGym}: how well the hand's predicted chunk matches the
 * demonstrated one. Pure functions of a {@link HandTarget} and a prediction ({@code float[length × 7]}
 * of absolute joint targets), so a trainer can score a whole rollout after one batched hand
 * forward pass ({@link #score(List, float[])}).
 *
 * <p>Rows past the demonstration's end ({@code valid[k] == false}) are left out on both sides, as
 * the original truncates both chunks to what the demonstration has.
 */
public enum HandReward {
    /**
     * Minus the one-sided Chamfer distance in metres from the demonstrated tool0 trajectory to the
     * predicted one, through UR5e forward kinematics (the original's default):
     * {@code −mean_k min_j ‖p_k − q_j‖} over valid rows. 0 for a perfect prediction; the gripper is
     * not part of it.
     */
    CHAMFER {
        @Override
        public double score(HandTarget target, float[] predicted) {
            return 0.0 - chamfer(target, predicted); // 0.0, not −0.0, for a perfect prediction
        }
    },
    /**
     * Minus the mean joint-space error, the original's alternative:
     * {@code −mean_k ‖Δq_k‖₂ − 0.2·mean_k |Δgripper_k|} over valid rows, with {@code Δq} over all 7 values.
     */
    JOINT_L2 {
        @Override
        public double score(HandTarget target, float[] predicted) {
            return 0.0 - jointError(target, predicted);
        }
    };

    /** The reward for {@code predicted} against {@code target}; at most 0. */
    public abstract double score(HandTarget target, float[] predicted);

    /**
     * Rewards for a batch: {@code predictions} holds {@code targets.size()} chunks back to back,
     * each {@code length × 7}.
     */
    public double[] score(List<HandTarget> targets, float[] predictions) {
        double[] out = new double[targets.size()];
        int offset = 0;
        for (int b = 0; b < out.length; b++) {
            HandTarget t = targets.get(b);
            int n = t.chunk().length;
            if (offset + n > predictions.length) {
                throw new IllegalArgumentException("predictions hold " + predictions.length + " values, need more for item " + b);
            }
            out[b] = score(t, java.util.Arrays.copyOfRange(predictions, offset, offset + n));
            offset += n;
        }
        if (offset != predictions.length) {
            throw new IllegalArgumentException("predictions hold " + predictions.length + " values, expected " + offset);
        }
        return out;
    }

    /** One-sided Chamfer distance (metres) from the demonstrated tool0 points to the predicted ones. */
    public static double chamfer(HandTarget target, float[] predicted) {
        requireShape(target, predicted);
        int rows = target.length();
        double[] demo = new double[3 * rows];
        double[] pred = new double[3 * rows];
        double[] p = new double[3];
        int n = 0;
        for (int k = 0; k < rows; k++) {
            if (!target.valid()[k]) {
                continue;
            }
            Ur5e.tool0Position(target.chunk(), k * Features.JOINT_DIM, p);
            System.arraycopy(p, 0, demo, 3 * n, 3);
            Ur5e.tool0Position(predicted, k * Features.JOINT_DIM, p);
            System.arraycopy(p, 0, pred, 3 * n, 3);
            n++;
        }
        double sum = 0;
        for (int k = 0; k < n; k++) {
            double best = Double.POSITIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                double dx = demo[3 * k] - pred[3 * j];
                double dy = demo[3 * k + 1] - pred[3 * j + 1];
                double dz = demo[3 * k + 2] - pred[3 * j + 2];
                best = Math.min(best, dx * dx + dy * dy + dz * dz);
            }
            sum += Math.sqrt(best);
        }
        return sum / n;
    }

    /** Mean joint-space error over valid rows: ‖Δq‖₂ over 7 values plus 0.2·|Δgripper|. */
    public static double jointError(HandTarget target, float[] predicted) {
        requireShape(target, predicted);
        int d = Features.JOINT_DIM;
        double norms = 0;
        double grip = 0;
        int n = 0;
        for (int k = 0; k < target.length(); k++) {
            if (!target.valid()[k]) {
                continue;
            }
            double sq = 0;
            for (int j = 0; j < d; j++) {
                double diff = predicted[k * d + j] - target.chunk()[k * d + j];
                sq += diff * diff;
            }
            norms += Math.sqrt(sq);
            grip += Math.abs(predicted[k * d + Features.GRIPPER] - target.chunk()[k * d + Features.GRIPPER]);
            n++;
        }
        return norms / n + 0.2 * grip / n;
    }

    private static void requireShape(HandTarget target, float[] predicted) {
        if (predicted.length != target.chunk().length) {
            throw new IllegalArgumentException("predicted chunk has " + predicted.length + " values, expected "
                    + target.chunk().length + " (" + target.length() + " rows × " + Features.JOINT_DIM + ")");
        }
        for (float v : predicted) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("predicted chunk holds " + v);
            }
        }
    }
}
