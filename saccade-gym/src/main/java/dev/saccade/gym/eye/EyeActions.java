package dev.saccade.gym.eye;

import dev.saccade.sphere.Gaze;

/**
 * The eye's 25 discrete actions (DESIGN.md §4): stay, or a step of size s ∈ {10°, 3°, 1°} in one
 * of 8 directions t = k·45°, moving the gaze by {@code Δyaw = s·cos t}, {@code Δpitch = s·sin t}.
 *
 * <p>Index layout: {@code 0} = stay; {@code 1 + 8·m + k} = size {@code m} (0: 10°, 1: 3°, 2: 1°),
 * direction {@code k} (0: right, +yaw; 2: up, +pitch; 4: left; 6: down; odd k diagonal). So 1–8 are
 * the 10° steps, 9–16 the 3° steps, 17–24 the 1° steps. Diagonal steps move {@code s/√2} on each
 * axis, so every action's length in (yaw, pitch) is exactly its size. The sines and cosines of
 * multiples of 45° are exact table values (no {@code cos 90° = 6e-17}).
 */
public final class EyeActions {
    /** Number of actions. */
    public static final int COUNT = 25;
    /** The action that keeps the gaze where it is. */
    public static final int STAY = 0;
    /** Step sizes in degrees, largest first. */
    public static final double[] STEP_DEGREES = {10, 3, 1};
    /** Number of directions. */
    public static final int DIRECTIONS = 8;

    private static final double H = Math.sqrt(0.5);
    private static final double[] COS = {1, H, 0, -H, -1, -H, 0, H};
    private static final double[] SIN = {0, H, 1, H, 0, -H, -1, -H};
    private static final double[] D_YAW = new double[COUNT];
    private static final double[] D_PITCH = new double[COUNT];

    static {
        for (int m = 0; m < STEP_DEGREES.length; m++) {
            double s = Math.toRadians(STEP_DEGREES[m]);
            for (int k = 0; k < DIRECTIONS; k++) {
                D_YAW[1 + DIRECTIONS * m + k] = s * COS[k];
                D_PITCH[1 + DIRECTIONS * m + k] = s * SIN[k];
            }
        }
    }

    private EyeActions() {}

    /** The action stepping {@code sizeIndex} (0: 10°, 1: 3°, 2: 1°) in direction {@code k·45°}. */
    public static int of(int sizeIndex, int k) {
        if (sizeIndex < 0 || sizeIndex >= STEP_DEGREES.length || k < 0 || k >= DIRECTIONS) {
            throw new IllegalArgumentException("no action of size index " + sizeIndex + " and direction " + k);
        }
        return 1 + DIRECTIONS * sizeIndex + k;
    }

    /** Change of yaw of {@code action}, radians. */
    public static double deltaYaw(int action) {
        return D_YAW[check(action)];
    }

    /** Change of pitch of {@code action}, radians. */
    public static double deltaPitch(int action) {
        return D_PITCH[check(action)];
    }

    /** Step size of {@code action} in degrees (0 for stay). */
    public static double stepDegrees(int action) {
        return check(action) == STAY ? 0 : STEP_DEGREES[(action - 1) / DIRECTIONS];
    }

    /** Direction index k (t = k·45°) of {@code action}; −1 for stay. */
    public static int direction(int action) {
        return check(action) == STAY ? -1 : (action - 1) % DIRECTIONS;
    }

    /** The gaze after {@code action}, clamped per axis to {@code limits}. */
    public static Gaze apply(Gaze gaze, int action, GazeLimits limits) {
        return limits.clamp(gaze.yaw() + deltaYaw(action), gaze.pitch() + deltaPitch(action));
    }

    /** A short name such as {@code stay} or {@code 10°@45°}. */
    public static String name(int action) {
        return check(action) == STAY ? "stay"
                : String.format(java.util.Locale.ROOT, "%.0f°@%d°", stepDegrees(action), 45 * direction(action));
    }

    private static int check(int action) {
        if (action < 0 || action >= COUNT) {
            throw new IllegalArgumentException("eye action must be in [0, " + COUNT + "), got " + action);
        }
        return action;
    }
}
