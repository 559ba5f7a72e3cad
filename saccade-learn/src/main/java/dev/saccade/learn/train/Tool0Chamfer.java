package dev.saccade.learn.train;

import dev.saccade.data.robot.Ur5e;

/**
 * The original's default reward ({@code use_se3_reward}, reference/eyerobot.md §5): minus the
 * one-sided Chamfer distance, in metres, from the demonstrated tool0 trajectory to the predicted
 * one, both through UR5e forward kinematics. For each demonstrated frame, the distance to the
 * nearest predicted tool0 position; their mean, negated. The gripper does not count.
 */
public final class Tool0Chamfer implements HandReward {
    @Override
    public float score(float[] predicted, int predictedOffset, float[] demo, int demoOffset, float[] mask, int maskOffset,
                       int frames, int joints) {
        double[][] pred = new double[frames][3];
        for (int k = 0; k < frames; k++) {
            Ur5e.tool0Position(predicted, predictedOffset + k * joints, pred[k]);
        }
        double[] p = new double[3];
        double sum = 0;
        int count = 0;
        for (int k = 0; k < frames; k++) {
            if (mask[maskOffset + k] <= 0) {
                continue;
            }
            Ur5e.tool0Position(demo, demoOffset + k * joints, p);
            double best = Double.POSITIVE_INFINITY;
            for (double[] q : pred) {
                double dx = p[0] - q[0];
                double dy = p[1] - q[1];
                double dz = p[2] - q[2];
                best = Math.min(best, dx * dx + dy * dy + dz * dz);
            }
            sum += Math.sqrt(best);
            count++;
        }
        return count == 0 ? 0f : (float) (-sum / count);
    }
}
