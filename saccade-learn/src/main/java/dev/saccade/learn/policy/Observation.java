package dev.saccade.learn.policy;

/**
 * What the policy sees at one step: the foveated pyramid ({@code [level][channel][row][col]}
 * floats in [0, 1]), the gaze (yaw, pitch in radians, DESIGN.md §3), the proprioception (6 joint
 * angles in radians and the gripper in [0, 1]) and the task id ({@code dev.saccade.data.Task}
 * ordinal). Arrays are not copied.
 */
public record Observation(float[] pyramid, double yaw, double pitch, float[] proprio, int task) {}
