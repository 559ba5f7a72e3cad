package dev.saccade.gym.eye;

import dev.saccade.gym.space.Space;
import dev.saccade.sphere.Gaze;
import java.util.random.RandomGenerator;

/**
 * Where the eye may look: yaw in {@code [yawMin, yawMax]}, pitch in {@code [pitchMin, pitchMax]},
 * radians. It is also the space of gazes in observations. The default (DESIGN.md §4) is the 260°
 * arc centred on the workspace (longitude 0, docs/DATASET.md), yaw ∈ [−130°, 130°], and pitch ∈
 * [−90°, 90°]. Yaw is not wrapped: the eye cannot turn through the back, as the original's.
 */
public record GazeLimits(double yawMin, double yawMax, double pitchMin, double pitchMax) implements Space<Gaze> {
    public static final GazeLimits DEFAULT = ofDegrees(-130, 130, -90, 90);

    public GazeLimits {
        if (!(yawMin <= yawMax) || !(pitchMin <= pitchMax) || pitchMin < -Math.PI / 2 - 1e-12 || pitchMax > Math.PI / 2 + 1e-12
                || yawMin < -Math.PI - 1e-12 || yawMax > Math.PI + 1e-12) {
            throw new IllegalArgumentException("bad gaze limits: yaw [" + yawMin + ", " + yawMax + "], pitch [" + pitchMin + ", " + pitchMax + "]");
        }
    }

    /** Limits from degrees. */
    public static GazeLimits ofDegrees(double yawMin, double yawMax, double pitchMin, double pitchMax) {
        return new GazeLimits(Math.toRadians(yawMin), Math.toRadians(yawMax), Math.toRadians(pitchMin), Math.toRadians(pitchMax));
    }

    /** A symmetric yaw arc of {@code arcDegrees} centred on longitude 0, pitch in [−90°, 90°]. */
    public static GazeLimits arc(double arcDegrees) {
        return ofDegrees(-arcDegrees / 2, arcDegrees / 2, -90, 90);
    }

    /** The gaze with each angle clamped into the limits. */
    public Gaze clamp(double yaw, double pitch) {
        return new Gaze(Math.max(yawMin, Math.min(yawMax, yaw)), Math.max(pitchMin, Math.min(pitchMax, pitch)));
    }

    @Override
    public Gaze sample(RandomGenerator rng) {
        return new Gaze(yawMin + (yawMax - yawMin) * rng.nextDouble(), pitchMin + (pitchMax - pitchMin) * rng.nextDouble());
    }

    @Override
    public boolean contains(Gaze g) {
        return g != null && g.yaw() >= yawMin && g.yaw() <= yawMax && g.pitch() >= pitchMin && g.pitch() <= pitchMax;
    }

    @Override
    public boolean same(Gaze a, Gaze b) {
        return a.equals(b);
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "Gaze{yaw [%.1f°, %.1f°], pitch [%.1f°, %.1f°]}",
                Math.toDegrees(yawMin), Math.toDegrees(yawMax), Math.toDegrees(pitchMin), Math.toDegrees(pitchMax));
    }
}
