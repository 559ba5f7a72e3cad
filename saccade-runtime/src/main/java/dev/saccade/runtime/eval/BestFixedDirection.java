package dev.saccade.runtime.eval;

import dev.saccade.data.Task;
import dev.saccade.data.synth.SceneOptions;
import dev.saccade.data.synth.SyntheticEpisode;
import dev.saccade.gym.demo.Demonstration;
import dev.saccade.gym.eye.GazeLimits;
import dev.saccade.gym.policy.BestFixedGaze;
import dev.saccade.runtime.sim.SimWorld;
import dev.saccade.sphere.render.PyramidSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How the closed loop's best-fixed eye gets its direction: once per task, before any episode, by
 * the open-loop evaluation's own search ({@link BestFixedGaze#search}: the 5° grid gaze whose fovea
 * holds the relevant thing on the most frames) over the annotated demonstrations of
 * {@link #SCENES} generator scenes that are never evaluated (seeds {@code 0 … SCENES − 1}, the
 * scenes a dataset generated from seed 0 trains on; the closed loop plays seeds from 1000). So the
 * ground truth it reads is that of other scenes, as the open-loop baseline reads its training
 * episodes', and at run time the eye only saccades to a stored direction and stays.
 */
public final class BestFixedDirection {
    /** Scenes searched per task. */
    public static final int SCENES = 24;
    /** The open-loop search's grid step (Baselines.GRID_STEP) and frame stride. */
    static final double GRID_STEP = Math.toRadians(5);
    static final int FRAME_STRIDE = 2;

    private BestFixedDirection() {}

    /** The best fixed direction per task of {@code tasks}, searched on seeds {@code 0 … SCENES − 1}. */
    public static Map<Task, BestFixedGaze.Choice> choose(List<Task> tasks, SceneOptions options, PyramidSpec spec, GazeLimits limits) {
        List<Demonstration> demos = new ArrayList<>();
        for (Task task : tasks) {
            for (int seed = 0; seed < SCENES; seed++) {
                demos.add(demonstration(demos.size(), SimWorld.scene(task, seed, options)));
            }
        }
        return BestFixedGaze.search(demos, spec, limits, GRID_STEP, FRAME_STRIDE);
    }

    /** A generated episode as the gym's demonstration: its state, action and annotations (no frames are read). */
    static Demonstration demonstration(int index, SyntheticEpisode e) {
        return new Demonstration(index, e.task(), e.fps(), e.frames(), flat(e.state()), flat(e.action()),
                java.util.Optional.of(new Demonstration.Annotations(flat(e.objectAnnotation()), flat(e.targetAnnotation()),
                        flat(e.gripperAnnotation()))));
    }

    private static float[] flat(float[][] rows) {
        int w = rows.length == 0 ? 0 : rows[0].length;
        float[] out = new float[rows.length * w];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, out, i * w, w);
        }
        return out;
    }
}
