package dev.saccade.gym.search;

import dev.saccade.gym.demo.Demonstration;
import dev.saccade.sphere.render.MipChain;
import java.util.SplittableRandom;

/**
 * The annotated target: the manipulated object or the place target at that frame, with equal
 * chance. Reads ground truth, so in training it is a labelled ablation; evaluation (claim H6) scores
 * every search against it.
 */
public final class AnnotatedTargets implements SearchTargets {
    /** The one instance (it keeps no state). */
    public static final AnnotatedTargets INSTANCE = new AnnotatedTargets();

    private AnnotatedTargets() {}

    @Override
    public SearchTarget pick(Demonstration demo, int frame, MipChain frozen, SplittableRandom rng) {
        boolean object = rng.nextBoolean();
        return object ? new SearchTarget(demo.object(frame), "object") : new SearchTarget(demo.target(frame), "target");
    }

    @Override
    public boolean readsAnnotations() {
        return true;
    }

    @Override
    public String describe() {
        return "annotated (the object or the place target; reads ground truth)";
    }
}
