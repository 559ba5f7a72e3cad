package dev.saccade.gym.envs;

import dev.saccade.gym.eye.EyeObservation;
import dev.saccade.gym.eye.GazeLimits;
import dev.saccade.sphere.Gaze;

/**
 * An EyeGym that can render what the eye would see now under another gaze, without changing its
 * episode: in the real-to-sim gym every gaze can be rendered from the 360° frame. Used by
 * {@link dev.saccade.gym.wrappers.CandidateViews} to offer a teacher the views of alternative
 * actions.
 */
public interface AlternativeViews {
    /** The observation at the current frame and state under {@code gaze} (clamped to {@link #limits()}). */
    EyeObservation lookAt(Gaze gaze);

    /** Where the eye may look. */
    GazeLimits limits();
}
