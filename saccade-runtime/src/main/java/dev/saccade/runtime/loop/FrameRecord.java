package dev.saccade.runtime.loop;

import dev.saccade.runtime.robot.JointCommand;
import dev.saccade.runtime.robot.RobotState;
import dev.saccade.sphere.Gaze;

/**
 * One frame of a run, as the loop saw it: the measured state, the command sent for the end of the
 * frame, the gaze, the ground truth (null on a real cell), whether a policy step happened on this
 * frame and its latency, how old the newest chunk is (frames), and whether the watchdog held the arm.
 */
public record FrameRecord(int frame, RobotState state, JointCommand command, Gaze gaze, GroundTruth truth,
                          boolean policyStep, long policyNanos, int chunkAge, boolean stopped) {}
