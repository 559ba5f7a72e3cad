package dev.saccade.runtime.eye;

import dev.saccade.sphere.Gaze;

/** Where the eye looks at {@code time} (seconds since it was opened), and where it is headed. */
public record EyeState(double time, Gaze gaze, Gaze target) {}
