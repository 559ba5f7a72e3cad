package dev.saccade.robot.ur;

/**
 * One state the controller sent over RTDE, as the driver reads it.
 *
 * @param timestamp controller time in seconds
 * @param q actual joint positions (rad)
 * @param qd actual joint speeds (rad/s)
 * @param robotMode UR robot mode (7 = RUNNING)
 * @param safetyMode UR safety mode (1 = NORMAL, 3 = PROTECTIVE_STOP)
 * @param runtimeState UR runtime state of the program (2 = PLAYING, 1 = STOPPED)
 * @param commandEcho the command word the servo program last acted on (output_int_register_0)
 * @param programStatus the servo program's status (output_int_register_1; see {@link ServoScript})
 * @param receivedNanos the driver's clock when the package arrived
 * @param commandAgeNanos on the first state that echoes a command word: the time from sending that
 *     word to receiving this state (the command's age when the driver learns it acts); else -1
 */
public record UrState(double timestamp, double[] q, double[] qd, int robotMode, int safetyMode, long runtimeState,
        int commandEcho, int programStatus, long receivedNanos, long commandAgeNanos) {
    /** UR robot mode RUNNING. */
    public static final int ROBOT_MODE_RUNNING = 7;
    /** UR safety mode NORMAL. */
    public static final int SAFETY_MODE_NORMAL = 1;
    /** UR runtime state PLAYING (a program runs). */
    public static final long RUNTIME_PLAYING = 2;

    public UrState {
        q = q.clone();
        qd = qd.clone();
    }

    @Override public double[] q() { return q.clone(); }
    @Override public double[] qd() { return qd.clone(); }

    /** Whether the servo program runs on the controller. */
    public boolean programRunning() {
        return runtimeState == RUNTIME_PLAYING;
    }

    /** Largest joint speed, rad/s. */
    public double maxSpeed() {
        double m = 0;
        for (double v : qd) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
