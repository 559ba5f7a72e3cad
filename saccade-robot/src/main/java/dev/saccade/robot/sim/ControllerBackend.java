package dev.saccade.robot.sim;

import dev.saccade.robot.ur.JointLimits;
import java.util.Optional;

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

    /**
     * Once a control cycle, after {@link #step}: the backend may read input registers and write
     * output registers (the arm alone uses none). Called under the controller's lock.
     */
    default void exchange(RegisterAccess registers) {}

    /**
     * A program text sent to the URScript port that is not the servo program: a backend that
     * understands it (a simulated world's own commands) acts on it and returns its reply; empty
     * refuses it. Called from the URScript port's thread, not under the controller's lock: a
     * backend that takes it synchronises with {@link #step} itself.
     */
    default Optional<String> script(String text) {
        return Optional.empty();
    }
}
