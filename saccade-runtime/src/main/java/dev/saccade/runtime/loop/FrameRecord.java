package dev.saccade.runtime.loop;

import dev.saccade.runtime.robot.JointCommand;
import dev.saccade.runtime.robot.RobotState;
import dev.saccade.sphere.Gaze;

/**
 * One frame of a run, as the loop saw it: the measured state, the command sent for the end of the
 * frame, the gaze, the ground truth (null on a real cell), whether a policy step happened on this
 * frame and its latency, how old the newest chunk is (frames, −1 without one), whether the watchdog
 * held the arm, the newest chunk itself ({@code chunk}: absolute joint targets, rows of
 * joints + 1, row 0 for frame {@code frame − chunkAge}; null without one; shared, not to be modified),
 * and the pyramid the agent was given at its newest policy step ({@code view}, as {@code EyeFrame}
 * holds it; null for an agent that looks at no pixels; shared, not to be modified).
 */
public record FrameRecord(int frame, RobotState state, JointCommand command, Gaze gaze, GroundTruth truth,
                          boolean policyStep, long policyNanos, int chunkAge, boolean stopped, float[] chunk, float[] view) {
    /** A frame without the agent's view. */
    public FrameRecord(int frame, RobotState state, JointCommand command, Gaze gaze, GroundTruth truth,
                       boolean policyStep, long policyNanos, int chunkAge, boolean stopped, float[] chunk) {
        this(frame, state, command, gaze, truth, policyStep, policyNanos, chunkAge, stopped, chunk, null);
    }

    /** A frame whose chunk is not kept. */
    public FrameRecord(int frame, RobotState state, JointCommand command, Gaze gaze, GroundTruth truth,
                       boolean policyStep, long policyNanos, int chunkAge, boolean stopped) {
        this(frame, state, command, gaze, truth, policyStep, policyNanos, chunkAge, stopped, null);
    }
}
