package dev.saccade.gym.envs;

import dev.saccade.data.Task;
import dev.saccade.gym.Key;
import dev.saccade.sphere.Gaze;

/**
 * Reset options of the EyeGyms, to replay chosen episodes (evaluation on a fixed set, debugging).
 * Whatever is not given is drawn from the environment's generator as usual.
 */
public final class EyeOptions {
    private EyeOptions() {}

    /** Draw the episode among this task's. */
    public static final Key<Task> TASK = Key.of("task", Task.class);
    /** Use the episode at this position of {@code Demonstrations.episodes()}. */
    public static final Key<Integer> EPISODE = Key.of("episode", Integer.class);
    /** Start (or, in visual search, freeze) at this frame. */
    public static final Key<Integer> START_FRAME = Key.of("start_frame", Integer.class);
    /** Start looking here (clamped to the gaze limits). */
    public static final Key<Gaze> GAZE = Key.of("gaze", Gaze.class);
}
