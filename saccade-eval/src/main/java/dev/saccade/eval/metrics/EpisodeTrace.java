package dev.saccade.eval.metrics;

import java.util.List;

/**
 * The steps of one evaluated episode under one gaze regime.
 *
 * @param gaze        the gaze regime's name, e.g. "learned", "random", "oracle"
 * @param episode     the dataset episode index
 * @param stepSeconds seconds between two eye steps (2 frames at 30 fps = 1/15 s)
 */
public record EpisodeTrace(String gaze, int episode, double stepSeconds, List<StepRecord> steps) {
    public EpisodeTrace {
        steps = List.copyOf(steps);
        if (!(stepSeconds > 0)) {
            throw new IllegalArgumentException("stepSeconds must be positive: " + stepSeconds);
        }
    }
}
