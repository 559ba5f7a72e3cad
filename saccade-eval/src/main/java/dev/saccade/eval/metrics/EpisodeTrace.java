package dev.saccade.eval.metrics;

import java.util.List;

/**
 * The steps of one evaluated episode under one gaze regime and one hand.
 *
 * @param gaze        the gaze regime's name, e.g. "learned", "random", "oracle"
 * @param hand        which hand predicted: "co-trained" (the evaluated run's), "own" (one trained
 *                    under this gaze), "none" (holds the current pose)
 * @param unit        the evaluation unit (episode and start): the same unit under two regimes had the
 *                    same start frame and first gaze, so units pair up across regimes
 * @param episode     the dataset episode index
 * @param stepSeconds seconds between two eye steps (2 frames at 30 fps = 1/15 s)
 * @param predictions per step, its frame and the hand's chunk in use (empty if not recorded, else one per step)
 */
public record EpisodeTrace(String gaze, String hand, int unit, int episode, double stepSeconds, List<StepRecord> steps,
                           List<StepPrediction> predictions) {
    public EpisodeTrace {
        steps = List.copyOf(steps);
        predictions = List.copyOf(predictions);
        if (!(stepSeconds > 0)) {
            throw new IllegalArgumentException("stepSeconds must be positive: " + stepSeconds);
        }
        if (!predictions.isEmpty() && predictions.size() != steps.size()) {
            throw new IllegalArgumentException(predictions.size() + " predictions for " + steps.size() + " steps");
        }
    }

    /** A trace without recorded predictions. */
    public EpisodeTrace(String gaze, String hand, int unit, int episode, double stepSeconds, List<StepRecord> steps) {
        this(gaze, hand, unit, episode, stepSeconds, steps, List.of());
    }
}
