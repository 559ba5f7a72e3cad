package dev.saccade.gym.demo;

import dev.saccade.sphere.EquirectFrame;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Demonstrations as training sees them: the same episodes, frames, states and actions, with their
 * ground-truth annotations withheld ({@link Demonstration#withAnnotationsWithheld()}). Any read of
 * an annotation throws {@link AnnotationsWithheldException}, and the gyms built on this view leave
 * every ground-truth key out of their info (they mark it {@code EyeInfo.ANNOTATIONS_WITHHELD}
 * instead), so a wrapper or policy that needs ground truth fails loudly rather than learning from
 * nothing. Closing the view closes the source.
 */
public final class WithoutAnnotations implements Demonstrations {
    private final Demonstrations source;
    private final List<Demonstration> episodes;
    private final Map<Demonstration, Demonstration> original = new IdentityHashMap<>();

    private WithoutAnnotations(Demonstrations source) {
        this.source = source;
        List<Demonstration> list = new ArrayList<>(source.episodes().size());
        for (Demonstration d : source.episodes()) {
            Demonstration stripped = d.withAnnotationsWithheld();
            list.add(stripped);
            original.put(stripped, d);
        }
        this.episodes = List.copyOf(list);
    }

    /** {@code source} with its annotations withheld (itself if already so). */
    public static Demonstrations of(Demonstrations source) {
        return source instanceof WithoutAnnotations ? source : new WithoutAnnotations(source);
    }

    /** True if every episode of {@code demonstrations} withholds its annotations. */
    public static boolean withheld(Demonstrations demonstrations) {
        return !demonstrations.episodes().isEmpty() && demonstrations.episodes().stream().allMatch(Demonstration::annotationsWithheld);
    }

    @Override
    public List<Demonstration> episodes() {
        return episodes;
    }

    /** Decodes through the source, which may draw its frames from its own (annotated) episode. */
    @Override
    public EquirectFrame decode(Demonstration episode, int frame) {
        Demonstration d = original.get(episode);
        if (d == null) {
            throw new IllegalArgumentException("episode " + episode.index() + " is not one of these demonstrations");
        }
        return source.decode(d, frame);
    }

    /** The source's calibration: a rig has it, so training may use it. */
    @Override
    public java.util.Optional<dev.saccade.data.robot.CameraMount> camera() {
        return source.camera();
    }

    @Override
    public void close() {
        source.close();
    }
}
