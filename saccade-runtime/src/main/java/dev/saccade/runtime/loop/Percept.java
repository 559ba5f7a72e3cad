package dev.saccade.runtime.loop;

import dev.saccade.data.Task;
import dev.saccade.sphere.Gaze;

/**
 * What an agent gets at one policy step: the frame index, the pyramid seen from {@code gaze}
 * (null when the agent asked for none), the arm's proprioception (6 joints and the gripper) and
 * the task; in simulation also the ground truth, which only baselines and oracles may read.
 */
public record Percept(int frame, float[] pyramid, Gaze gaze, float[] proprio, Task task, GroundTruth truth) {}
