package dev.saccade.robot.ur;

/**
 * The driver's own check on every joint target before it is sent: finite values only, clamped
 * into the position limits, and moved from the last sent target by at most one step. A step is
 * what the speed limit allows in the time since the last target, counted at most as one command
 * period, and never more than {@code maxStep} (LeRobot's {@code max_relative_target}): so the
 * stream of targets never asks for more than the speed limit, however fast or bursty the caller.
 */
public record SafetyFilter(JointLimits limits, double commandPeriod, double maxStep) {
    public SafetyFilter {
        if (!(commandPeriod > 0) || !(maxStep > 0) || !Double.isFinite(commandPeriod) || !Double.isFinite(maxStep)) {
            throw new IllegalArgumentException("command period and max step must be positive and finite");
        }
    }

    /** The largest change of joint {@code j} between two consecutive targets (a full period apart or more). */
    public double stepLimit(int j) {
        return stepLimit(j, commandPeriod);
    }

    /** The largest change of joint {@code j} for a target {@code elapsed} seconds after the last one. */
    public double stepLimit(int j, double elapsed) {
        double dt = Double.isNaN(elapsed) ? 0 : Math.max(0, Math.min(commandPeriod, elapsed));
        return Math.min(maxStep, limits.velocity(j) * dt);
    }

    /**
     * The target to send {@code elapsed} seconds after {@code last} when {@code requested} is asked for. Throws
     * {@link IllegalArgumentException} naming the joint for a wrong length or a value that is not
     * finite; {@code last} must itself be inside the limits.
     */
    public double[] next(double[] last, double[] requested, double elapsed) {
        if (requested.length != JointLimits.JOINTS) {
            throw new IllegalArgumentException("a joint target has 6 values, got " + requested.length);
        }
        for (int j = 0; j < JointLimits.JOINTS; j++) {
            if (!Double.isFinite(requested[j])) {
                throw new IllegalArgumentException("joint target " + j + " is " + requested[j]);
            }
        }
        double[] target = limits.clamp(requested);
        for (int j = 0; j < JointLimits.JOINTS; j++) {
            double step = stepLimit(j, elapsed);
            target[j] = Math.min(last[j] + step, Math.max(last[j] - step, target[j]));
            // The step may not carry a target back outside a limit it was clamped into.
            target[j] = Math.min(limits.upper(j), Math.max(limits.lower(j), target[j]));
        }
        return target;
    }
}
