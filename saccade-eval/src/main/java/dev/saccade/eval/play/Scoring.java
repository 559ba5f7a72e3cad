package dev.saccade.eval.play;

import dev.saccade.data.Features;
import dev.saccade.data.robot.Ur5e;
import dev.saccade.gym.demo.Demonstration;
import dev.saccade.gym.reward.HandReward;
import dev.saccade.gym.reward.HandTarget;
import dev.saccade.learn.policy.ActionStats;

/** How one hand chunk is scored against the demonstration: pure functions behind each {@code StepRecord}. */
public final class Scoring {
    /** The arm counts as moving above this tool0 speed, m/s (a resting arm's synthetic jitter is far below). */
    public static final double ARM_MOVING_M_S = 0.02;

    private Scoring() {}

    /** One-sided Chamfer distance (m) from the demonstrated tool0 points to the predicted ones: the gym's reward, negated. */
    public static double chamferM(HandTarget target, float[] absolute) {
        return HandReward.chamfer(target, absolute);
    }

    /** Distance (m) between the predicted and demonstrated tool0 positions at the chunk's last valid row. */
    public static double endpointM(HandTarget target, float[] absolute) {
        int last = target.validRows() - 1;
        double[] p = new double[3];
        double[] q = new double[3];
        Ur5e.tool0Position(target.chunk(), last * Features.JOINT_DIM, p);
        Ur5e.tool0Position(absolute, last * Features.JOINT_DIM, q);
        return Math.sqrt((p[0] - q[0]) * (p[0] - q[0]) + (p[1] - q[1]) * (p[1] - q[1]) + (p[2] - q[2]) * (p[2] - q[2]));
    }

    /**
     * The BC loss of one chunk: mean |predicted − demonstrated| over valid rows and all joints, both
     * normalised relative to the current state with {@code stats} (as training's {@code Bc.loss}).
     */
    public static double bcL1(HandTarget target, float[] normalisedPrediction, ActionStats stats) {
        int d = stats.joints();
        float[] demo = new float[target.chunk().length];
        stats.normaliseChunk(target.chunk(), 0, target.proprio(), 0, target.length(), demo, 0);
        double sum = 0;
        int n = 0;
        for (int k = 0; k < target.length(); k++) {
            if (!target.valid()[k]) {
                continue;
            }
            for (int j = 0; j < d; j++) {
                sum += Math.abs(normalisedPrediction[k * d + j] - demo[k * d + j]);
            }
            n += d;
        }
        return sum / n;
    }

    /** The chunk of a hand that holds the current pose for every frame (predicts no motion). */
    public static float[] holdChunk(HandTarget target) {
        int d = Features.JOINT_DIM;
        float[] out = new float[target.chunk().length];
        for (int k = 0; k < target.length(); k++) {
            System.arraycopy(target.proprio(), 0, out, k * d, d);
        }
        return out;
    }

    /** tool0 speed (m/s) of the demonstration at {@code frame}, over the next {@code stride} frames (the last ones look back). */
    public static double armSpeed(Demonstration d, int frame, int stride) {
        int a = Math.min(frame, d.length() - 1);
        int b = Math.min(a + stride, d.length() - 1);
        if (b == a) {
            a = Math.max(0, b - stride);
        }
        if (a == b) {
            return 0;
        }
        double[] p = new double[3];
        double[] q = new double[3];
        Ur5e.tool0Position(d.state(), a * Features.JOINT_DIM, p);
        Ur5e.tool0Position(d.state(), b * Features.JOINT_DIM, q);
        double dist = Math.sqrt((p[0] - q[0]) * (p[0] - q[0]) + (p[1] - q[1]) * (p[1] - q[1]) + (p[2] - q[2]) * (p[2] - q[2]));
        return dist / ((b - a) / d.fps());
    }
}
