package dev.saccade.robot.sim;

import dev.saccade.robot.ur.JointLimits;
import dev.saccade.robot.ur.ServoScript;
import java.util.Locale;

/**
 * The simulated controller running {@link ServoScript}: the same loop as the URScript program,
 * one control cycle per call, plus what the controller's safety system adds around it (a servo
 * target that is not finite or lies outside the joint limits stops the program with a protective
 * stop, as a joint limit violation does on a real controller).
 */
final class ServoProgram {
    /** What one cycle decided: the arm command, and an error that stopped the program, if any. */
    record Cycle(ArmCommand command, String error) {}

    private final ServoScript script;
    private int last;
    private double unchanged;

    ServoProgram(ServoScript script) {
        this.script = script;
    }

    ServoScript script() {
        return script;
    }

    /** One control cycle of {@code period} seconds: reads the input registers, writes the output ones. */
    Cycle cycle(Registers r, double period, JointLimits limits) {
        int command = r.inputInt[0];
        if (command != last) {
            last = command;
            unchanged = 0;
        } else {
            unchanged += period;
        }
        r.outputInt[0] = command;
        if (command > 0 && unchanged < script.staleSeconds()) {
            double[] q = new double[JointLimits.JOINTS];
            System.arraycopy(r.inputDouble, 0, q, 0, JointLimits.JOINTS);
            int bad = limits.firstViolation(q);
            if (bad >= 0) {
                return new Cycle(new ArmCommand.Stop(script.deceleration()), String.format(Locale.ROOT,
                        "protective stop: servoj target for joint %d is %s rad, outside [%.4f, %.4f]; program stopped",
                        bad, q[bad], limits.lower(bad), limits.upper(bad)));
            }
            r.outputInt[1] = ServoScript.STATUS_SERVOING;
            return new Cycle(new ArmCommand.Servo(q, script.lookahead(), script.gain()), null);
        }
        r.outputInt[1] = command > 0 ? ServoScript.STATUS_STALE : ServoScript.STATUS_HALTED;
        return new Cycle(new ArmCommand.Stop(script.deceleration()), null);
    }
}
