package dev.saccade.data.synth;

/**
 * The frames where a demonstration's phases turn: its first frame, the grasp (or the deepest
 * press), the release (or the first frame the button is let go), and its last frame.
 */
public record KeyFrames(int start, int grasp, int release, int end) {}
