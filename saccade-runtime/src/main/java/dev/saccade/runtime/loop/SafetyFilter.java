package dev.saccade.runtime.loop;

import dev.saccade.runtime.robot.JointCommand;
import dev.saccade.runtime.robot.JointLimits;
import java.util.Locale;
import java.util.Optional;

/**
 * The checks between the policy and the robot. A chunk is rejected whole, before anything of it is
 * executed, when it has the wrong size, a value that is not finite, a joint target outside the
 * joint range or a gripper value outside {@code [−tolerance, 1 + tolerance]}. Each frame's target
 * is then clamped: into the joint range, and to at most {@code maxStep} radians per joint from
 * the previous command (the per-step motion clamp, LeRobot's {@code max_relative_target}), which
 * never exceeds the joint's speed limit times the control period. The gripper is clamped into
 * [0, 1]. So no command leaves the joint range or asks for more than the speed limit.
 */
public final class SafetyFilter {
    /**
     * How far outside [0, 1] a chunk's gripper value may stray before the chunk is rejected (then
     * clamped). The gripper is learned by regression on binary labels (0 open, 1 closed), so a
     * confident policy overshoots: a trained towel-bucket hand asks for 1.2 … 1.8 once its gripper
     * has closed. At 0.1 such chunks were all rejected and the arm was held still for the rest of the
     * episode; 1 still rejects values no open/close command means.
     */
    public static final double GRIPPER_TOLERANCE = 1.0;

    private final JointLimits limits;
    private final double[] maxStep;
    private final int joints;
    private final double[] last;
    private double lastGripper;
    private int clamped;

    /**
     * A filter for {@code limits} and a control {@code period}; {@code maxStepRad} caps each joint's
     * move per period below its speed limit (infinite: the speed limit alone).
     */
    public SafetyFilter(JointLimits limits, double period, double maxStepRad) {
        if (!(period > 0) || !(maxStepRad > 0)) {
            throw new IllegalArgumentException("period and max step must be positive");
        }
        this.limits = limits;
        this.joints = limits.joints();
        this.maxStep = new double[joints];
        for (int j = 0; j < joints; j++) {
            maxStep[j] = Math.min(maxStepRad, limits.velocity(j) * period);
        }
        this.last = new double[joints];
    }

    /** Starts from the measured state: the first command moves at most one step from it. */
    public void reset(double[] measured, double gripper) {
        System.arraycopy(measured, 0, last, 0, joints);
        lastGripper = Math.max(0, Math.min(1, gripper));
        clamped = 0;
    }

    /** Why {@code chunk} must not be executed, or empty if it may. */
    public Optional<String> check(float[] chunk) {
        int dims = joints + 1;
        if (chunk == null || chunk.length == 0 || chunk.length % dims != 0) {
            return Optional.of("chunk of " + (chunk == null ? "null" : chunk.length + " values") + " is not rows of " + dims);
        }
        for (int i = 0; i < chunk.length; i++) {
            float v = chunk[i];
            int row = i / dims, d = i % dims;
            if (!Float.isFinite(v)) {
                return Optional.of("row " + row + " value " + d + " is " + v);
            }
            if (d < joints ? v < limits.min(d) || v > limits.max(d) : v < -GRIPPER_TOLERANCE || v > 1 + GRIPPER_TOLERANCE) {
                return Optional.of(String.format(Locale.ROOT, "row %d value %d = %.3f is out of range", row, d, v));
            }
        }
        return Optional.empty();
    }

    /** The command for a target row ({@code joints + 1} values, already checked), clamped as described. */
    public JointCommand clamp(double[] target) {
        boolean changed = false;
        for (int j = 0; j < joints; j++) {
            double t = Double.isFinite(target[j]) ? Math.max(limits.min(j), Math.min(limits.max(j), target[j])) : last[j];
            double step = Math.max(-maxStep[j], Math.min(maxStep[j], t - last[j]));
            double c = Math.max(limits.min(j), Math.min(limits.max(j), last[j] + step));
            changed |= c != target[j];
            last[j] = c;
        }
        double g = target[joints];
        lastGripper = Math.max(0, Math.min(1, Double.isFinite(g) ? g : lastGripper));
        if (changed) {
            clamped++;
        }
        return new JointCommand(last, lastGripper);
    }

    /** The previous command again: hold still. */
    public JointCommand hold() {
        return new JointCommand(last, lastGripper);
    }

    /** Frames whose target was changed by the clamp since the last reset. */
    public int clampedFrames() {
        return clamped;
    }
}
