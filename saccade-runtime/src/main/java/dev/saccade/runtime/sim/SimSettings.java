package dev.saccade.runtime.sim;

import dev.saccade.runtime.eye.EyeLimits;
import dev.saccade.runtime.robot.JointLimits;
import dev.saccade.sphere.render.Antialias;

/**
 * How the simulated world is built and how it moves.
 *
 * @param width          360° frame width in pixels (height half of it); the scene does not depend on it
 * @param distractors    extra objects on the table, as the generator's {@code --distractors}
 * @param joints         the arm's limits
 * @param substeps       integration steps per frame (the arm's controller runs at {@code 30·substeps} Hz)
 * @param gripperSpeed   how fast the gripper's state moves toward its command (per second: 4 closes it in 0.25 s)
 * @param eye            the eye's range and speed
 * @param antialias      how the eye's pyramid is sampled from the 360° frame (the gym's default: mip-mapped)
 * @param maxSeconds     when an episode that has not succeeded ends
 */
public record SimSettings(int width, int distractors, JointLimits joints, int substeps, double gripperSpeed, EyeLimits eye,
                          Antialias antialias, double maxSeconds) {
    public SimSettings {
        if (substeps < 1 || !(gripperSpeed > 0) || !(maxSeconds > 0)) {
            throw new IllegalArgumentException("substeps, gripper speed and episode length must be positive");
        }
    }

    /** 256×128 frames, 3 distractors, the UR5e's limits, a 120 Hz controller, 20 s episodes. */
    public static SimSettings defaults() {
        return new SimSettings(256, 3, JointLimits.ur5e(), 4, 4.0, EyeLimits.DEFAULT, Antialias.PYRAMID_DEFAULT, 20);
    }

    public SimSettings withWidth(int w) {
        return new SimSettings(w, distractors, joints, substeps, gripperSpeed, eye, antialias, maxSeconds);
    }

    public SimSettings withMaxSeconds(double s) {
        return new SimSettings(width, distractors, joints, substeps, gripperSpeed, eye, antialias, s);
    }
}
