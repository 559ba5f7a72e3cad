package dev.saccade.runtime.eye;

import dev.saccade.gym.eye.GazeLimits;

/**
 * Where and how fast the eye may move: its gaze range and its top angular speed (rad/s) along the
 * great circle. The default is the gym's 260° arc and EyeRobot's eye, which saccades at up to
 * 1000°/s (reference/robot-runtime.md §1).
 */
public record EyeLimits(GazeLimits range, double maxSpeed) {
    public static final EyeLimits DEFAULT = new EyeLimits(GazeLimits.DEFAULT, Math.toRadians(1000));

    public EyeLimits {
        if (range == null || !(maxSpeed > 0)) {
            throw new IllegalArgumentException("eye limits need a range and a positive speed");
        }
    }
}
