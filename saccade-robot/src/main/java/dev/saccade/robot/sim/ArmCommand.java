package dev.saccade.robot.sim;

/** What the controller's program asks of the arm for one control cycle. */
public sealed interface ArmCommand permits ArmCommand.Servo, ArmCommand.Stop {
    /** Follow {@code target} like URScript's servoj(q, t, lookahead_time, gain). */
    record Servo(double[] target, double lookahead, double gain) implements ArmCommand {
        public Servo {
            target = target.clone();
        }

        @Override public double[] target() { return target.clone(); }
    }

    /** Come to rest, decelerating at {@code deceleration} rad/s² (like stopj(a)). */
    record Stop(double deceleration) implements ArmCommand {}
}
