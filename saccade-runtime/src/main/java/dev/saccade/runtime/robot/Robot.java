package dev.saccade.runtime.robot;

/**
 * An arm with a gripper that the runtime drives by joint targets, one per control period (as UR's
 * {@code servoj} over RTDE). The simulated world implements it ({@code dev.saccade.runtime.sim});
 * a real UR5e driver implements it over RTDE. The runtime never sends a command outside
 * {@link #limits()}, but an implementation must still refuse one ({@link IllegalArgumentException})
 * rather than execute it.
 */
public interface Robot extends AutoCloseable {
    /** The joints' position, velocity and acceleration limits. */
    JointLimits limits();

    /** Seconds between commands: the control period (1/30 s for the simulated world). */
    double period();

    /** The latest measured state. */
    RobotState state();

    /** Sets the target to reach by the end of the next period. */
    void command(JointCommand command);

    /** Stops the arm where it is (decelerating within its limits) until the next command. */
    void stop();

    @Override
    void close();
}
