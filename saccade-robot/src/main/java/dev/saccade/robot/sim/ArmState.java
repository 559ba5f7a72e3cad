package dev.saccade.robot.sim;

/**
 * The simulated arm at one instant: joint positions (rad), speeds (rad/s) and the target it
 * follows.
 */
public record ArmState(double[] q, double[] qd, double[] target) {
    public ArmState {
        q = q.clone();
        qd = qd.clone();
        target = target.clone();
    }

    @Override public double[] q() { return q.clone(); }
    @Override public double[] qd() { return qd.clone(); }
    @Override public double[] target() { return target.clone(); }

    /** Largest joint speed, rad/s. */
    public double maxSpeed() {
        double m = 0;
        for (double v : qd) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    /** Whether every joint is at rest. */
    public boolean atRest() {
        return maxSpeed() == 0;
    }
}
