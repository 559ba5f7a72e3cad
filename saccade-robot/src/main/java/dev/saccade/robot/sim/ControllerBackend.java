package dev.saccade.robot.sim;

import dev.saccade.robot.ur.JointLimits;

/**
 * What the simulated controller drives: an arm stepped one control cycle at a time. The built-in
 * {@link KinematicArm} is a UR5e that follows servo targets within its limits; a closed-loop world
 * (gripper, objects, camera) plugs in here by wrapping or replacing it.
 *
 * <p>Contract: after every {@link #step}, {@link #state()} is inside {@link #limits()}, with every
 * speed at most the speed limit.
 */
public interface ControllerBackend {
    /** The limits the backend keeps to. */
    JointLimits limits();

    /** Advances the arm by {@code dt} seconds under {@code command}. */
    void step(double dt, ArmCommand command);

    /** The arm now. */
    ArmState state();
}
