package dev.saccade.robot.sim;

/**
 * The controller's general-purpose registers as a backend sees them once a control cycle: it reads
 * what RTDE clients wrote into the input registers and writes output registers they may read (a
 * gripper's state, a simulated world's status).
 */
public interface RegisterAccess {
    /** input_double_register_{@code i}, 0..47. */
    double inputDouble(int i);

    /** input_int_register_{@code i}, 0..47. */
    int inputInt(int i);

    /** Writes output_double_register_{@code i}, 0..47. */
    void setOutputDouble(int i, double value);

    /** Writes output_int_register_{@code i}, 0..47. */
    void setOutputInt(int i, int value);
}
