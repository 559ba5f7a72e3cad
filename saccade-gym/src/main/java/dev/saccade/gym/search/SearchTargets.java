package dev.saccade.gym.search;

import dev.saccade.gym.demo.Demonstration;
import dev.saccade.sphere.render.MipChain;
import java.util.SplittableRandom;

/**
 * Where {@link dev.saccade.gym.envs.VisualSearchGym} puts a search's target: the annotated object
 * or place target ({@link AnnotatedTargets}, which reads ground truth: a labelled ablation in
 * training), or the direction most like a few exemplar images of the thing ({@link RelevancyTargets},
 * annotation-free, as the original's CLIP relevancy). Implementations may be shared by the gyms of
 * one vector env, so {@link #pick} must be thread-safe.
 */
public interface SearchTargets {
    /**
     * The target of a search in {@code frame} (prepared as {@code frozen}) of {@code demo}; draws
     * from {@code rng} exactly once (which thing to look for), so that the gym's later draws do not
     * depend on the source.
     */
    SearchTarget pick(Demonstration demo, int frame, MipChain frozen, SplittableRandom rng);

    /** True if it reads the demonstrations' annotations (so the gym needs annotated episodes). */
    boolean readsAnnotations();

    /** One line for logs, e.g. {@code exemplar relevancy (2 things: object 8, target 8 images)}. */
    String describe();
}
