package dev.saccade.runtime.eye;

import dev.saccade.sphere.Gaze;

/**
 * What the eye saw at {@code time}: the foveated pyramid around {@code gaze}, CHW floats in [0, 1],
 * level-major ({@code [level][channel][row][col]}, level 0 the fovea), as the policy takes it.
 */
public record EyeFrame(double time, Gaze gaze, float[] pyramid) {}
