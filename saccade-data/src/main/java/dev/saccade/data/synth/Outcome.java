package dev.saccade.data.synth;

/**
 * How a demonstration ended, measured on the simulated motion (not on the plan).
 *
 * @param success     the task is done: the object rests on its target within tolerance, or the
 *                    button was pushed in at least {@value #PRESS_DEPTH} m
 * @param distance    horizontal distance from the object's resting place to the target's centre
 *                    (m); for {@code estop-press}, from the fingertips at the deepest press to the
 *                    button's axis
 * @param tolerance   the largest {@code distance} that counts (m)
 * @param heightError how far the object's bottom is from the target's surface (m); 0 for presses
 * @param released    the gripper let go of the object (always true for presses)
 */
public record Outcome(boolean success, double distance, double tolerance, double heightError, boolean released) {
    /** How far the e-stop button must be pushed in to count as pressed (m). */
    public static final double PRESS_DEPTH = 0.005;
    /** How far from its target's surface a placed object's bottom may rest (m). */
    public static final double HEIGHT_TOLERANCE = 0.005;
}
