package dev.saccade.data.robot;

/**
 * The minimum-jerk profile (Flash and Hogan 1985): the smoothest way from rest to rest. Position
 * {@code s(τ) = 10τ³ − 15τ⁴ + 6τ⁵} for {@code τ ∈ [0, 1]}; velocity and acceleration are zero at
 * both ends, and the peak speed is 1.875 times the average.
 */
public final class MinimumJerk {
    /** Peak of {@code ds/dτ}, at {@code τ = 1/2}. */
    public static final double PEAK_SPEED = 1.875;

    private MinimumJerk() {}

    /** Fraction of the way done at normalised time {@code tau} (clamped to [0, 1]). */
    public static double position(double tau) {
        double t = Math.max(0, Math.min(1, tau));
        return t * t * t * (10 + t * (-15 + 6 * t));
    }

    /** {@code ds/dτ} at normalised time {@code tau}; 0 outside [0, 1]. */
    public static double velocity(double tau) {
        if (tau <= 0 || tau >= 1) {
            return 0;
        }
        double u = tau * (1 - tau);
        return 30 * u * u;
    }

    /** {@code a + (b − a)·s(τ)}. */
    public static double interpolate(double a, double b, double tau) {
        return a + (b - a) * position(tau);
    }
}
