package dev.saccade.data.synth;

import dev.saccade.data.Task;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Makes synthetic demonstrations: draws a scene for the task from the seed, lets the scripted
 * expert perform it, and returns the episode (frames are rendered later, on demand). The same
 * (task, seed, options) always gives the same episode; the frame width does not change the scene,
 * so a small preview shows exactly what a full-size dataset will hold.
 */
public final class EpisodeGenerator {
    private EpisodeGenerator() {}

    /** The episode of {@code task} for {@code seed}. */
    public static SyntheticEpisode generate(Task task, long seed, SceneOptions options) {
        SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + task.id().hashCode());
        for (int attempt = 0; attempt < 100; attempt++) {
            SplittableRandom sceneRng = rng.split();
            SplittableRandom expertRng = rng.split();
            Scene scene = SceneSampler.sample(task, options, sceneRng);
            Optional<Motion> motion = ScriptedExpert.perform(scene, expertRng);
            if (motion.isPresent()) {
                return new SyntheticEpisode(task, seed, options, scene, motion.get());
            }
        }
        throw new IllegalStateException("no feasible " + task.id() + " scene for seed " + seed + " in 100 draws");
    }
}
