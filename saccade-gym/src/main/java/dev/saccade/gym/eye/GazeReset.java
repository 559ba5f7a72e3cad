package dev.saccade.gym.eye;

import dev.saccade.sphere.Gaze;
import java.util.random.RandomGenerator;

/**
 * How an episode's first gaze is drawn: yaw uniform in {@code yawCentre ± yawHalfRange}, pitch
 * uniform in {@code pitchCentre ± pitchHalfRange} (radians), then clamped to the gaze limits.
 *
 * <p>The default follows the original (yaw within ±90° of the workspace centre, pitch within ±15° of a
 * centre) but centres pitch at −20° instead of the horizon, because in Saccade's scenes the table
 * and its objects are seen 15°–45° below the horizon: the eye starts looking at the table, usually
 * not at the object, which may lie up to 115° away.
 */
public record GazeReset(double yawCentre, double yawHalfRange, double pitchCentre, double pitchHalfRange) {
    public static final GazeReset DEFAULT = ofDegrees(0, 90, -20, 15);

    public GazeReset {
        if (!(yawHalfRange >= 0) || !(pitchHalfRange >= 0) || !Double.isFinite(yawCentre) || !Double.isFinite(pitchCentre)) {
            throw new IllegalArgumentException("bad gaze reset distribution " + this);
        }
    }

    public static GazeReset ofDegrees(double yawCentre, double yawHalfRange, double pitchCentre, double pitchHalfRange) {
        return new GazeReset(Math.toRadians(yawCentre), Math.toRadians(yawHalfRange), Math.toRadians(pitchCentre), Math.toRadians(pitchHalfRange));
    }

    /** Always the same gaze (no randomness). */
    public static GazeReset fixed(Gaze gaze) {
        return new GazeReset(gaze.yaw(), 0, gaze.pitch(), 0);
    }

    /** Draws a first gaze within {@code limits}. */
    public Gaze draw(RandomGenerator rng, GazeLimits limits) {
        double yaw = yawCentre + yawHalfRange * (2 * rng.nextDouble() - 1);
        double pitch = pitchCentre + pitchHalfRange * (2 * rng.nextDouble() - 1);
        return limits.clamp(yaw, pitch);
    }
}
