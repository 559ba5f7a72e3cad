package dev.saccade.gym.policy;

import dev.saccade.data.Task;
import dev.saccade.gym.Info;
import dev.saccade.gym.demo.Demonstration;
import dev.saccade.gym.demo.Direction;
import dev.saccade.gym.eye.EyeActions;
import dev.saccade.gym.eye.EyeObservation;
import dev.saccade.gym.eye.Fovea;
import dev.saccade.gym.eye.GazeLimits;
import dev.saccade.sphere.render.PyramidSpec;
import dev.saccade.sphere.Gaze;
import dev.saccade.sphere.Sphere;
import dev.saccade.sphere.Vec3;
import dev.saccade.sphere.lens.Lens;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The best single gaze direction per task: saccades there (the task id is in the observation) and
 * stays. The direction comes from {@link #search}, a grid search over the gaze limits that maximises
 * the fraction of frames whose relevant thing (object while the gripper is open, place target while
 * closed) is in the fovea, breaking ties by the smallest mean angle to it. It needs annotated
 * episodes and looks only at their annotations, not at images.
 */
public final class BestFixedGaze implements GazePolicy {

    /** The chosen direction for a task and how well it does on the searched frames. */
    public record Choice(Task task, Gaze gaze, double hitRate, double meanAngle, int frames) {}

    private final Map<Task, Gaze> gazes;
    private final GazeLimits limits;

    public BestFixedGaze(Map<Task, Gaze> gazes, GazeLimits limits) {
        this.gazes = Map.copyOf(gazes);
        this.limits = limits;
    }

    /** The policy for the choices of {@link #search}. */
    public static BestFixedGaze of(Map<Task, Choice> choices, GazeLimits limits) {
        Map<Task, Gaze> g = new EnumMap<>(Task.class);
        choices.forEach((t, c) -> g.put(t, c.gaze()));
        return new BestFixedGaze(g, limits);
    }

    @Override
    public int act(EyeObservation observation, Info info) {
        Gaze goal = gazes.get(Task.values()[observation.task()]);
        return goal == null ? EyeActions.STAY : Saccades.toward(observation.gaze(), goal.yaw(), goal.pitch(), limits);
    }

    @Override
    public String name() {
        return "best-fixed";
    }

    /**
     * For each task among {@code episodes}' annotated ones, the grid gaze (every {@code gridStep}
     * radians across {@code limits}) with the highest fovea-hit rate on every {@code frameStride}-th frame.
     */
    public static Map<Task, Choice> search(List<Demonstration> episodes, PyramidSpec spec, GazeLimits limits,
                                           double gridStep, int frameStride) {
        Map<Task, List<Vec3>> targets = new EnumMap<>(Task.class);
        for (Demonstration d : episodes) {
            if (!d.annotated()) {
                continue;
            }
            List<Vec3> list = targets.computeIfAbsent(d.task(), t -> new ArrayList<>());
            for (int f = 0; f < d.length(); f += frameStride) {
                Direction r = d.relevant(f);
                list.add(Sphere.direction(r.yaw(), r.pitch()));
            }
        }
        List<Gaze> grid = grid(limits, gridStep);
        Map<Task, Choice> out = new EnumMap<>(Task.class);
        targets.forEach((task, dirs) -> {
            Choice best = null;
            for (Gaze g : grid) {
                Choice c = score(task, g, dirs, spec.levels().get(0));
                if (best == null || c.hitRate() > best.hitRate()
                        || (c.hitRate() == best.hitRate() && c.meanAngle() < best.meanAngle())) {
                    best = c;
                }
            }
            out.put(task, best);
        });
        return Collections.unmodifiableMap(out);
    }

    /** Fovea hits ({@link Fovea}) and mean angle of gaze {@code g} over precomputed directions. */
    private static Choice score(Task task, Gaze g, List<Vec3> dirs, Lens fovea) {
        Vec3 f = g.forward();
        Vec3 r = g.right();
        Vec3 u = g.up();
        int hits = 0;
        double angles = 0;
        for (Vec3 d : dirs) {
            if (Fovea.inView(fovea, f, r, u, d)) {
                hits++;
            }
            angles += d.angleTo(f);
        }
        return new Choice(task, g, (double) hits / dirs.size(), angles / dirs.size(), dirs.size());
    }

    private static List<Gaze> grid(GazeLimits limits, double step) {
        List<Gaze> grid = new ArrayList<>();
        for (double yaw = limits.yawMin(); yaw <= limits.yawMax() + 1e-9; yaw += step) {
            for (double pitch = limits.pitchMin(); pitch <= limits.pitchMax() + 1e-9; pitch += step) {
                grid.add(limits.clamp(yaw, pitch));
            }
        }
        return grid;
    }
}
