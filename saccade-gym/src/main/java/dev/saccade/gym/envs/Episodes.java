package dev.saccade.gym.envs;

import dev.saccade.core.InputException;
import dev.saccade.data.Task;
import dev.saccade.gym.Info;
import dev.saccade.gym.Options;
import dev.saccade.gym.demo.Demonstration;
import dev.saccade.gym.demo.Direction;
import dev.saccade.gym.eye.Fovea;
import dev.saccade.gym.eye.GazeLimits;
import dev.saccade.sphere.render.PyramidSpec;
import dev.saccade.sphere.Gaze;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SplittableRandom;

/** How the EyeGyms pick an episode (task uniform, then episode uniform within it) and describe it in info. */
final class Episodes {
    private final List<Demonstration> all;
    private final Map<Task, List<Integer>> byTask = new EnumMap<>(Task.class);
    private final List<Task> tasks;

    /** Uses the episodes of {@code all} that pass {@code annotatedOnly}; their positions stay those in {@code all}. */
    Episodes(List<Demonstration> all, boolean annotatedOnly, String gym) {
        this.all = all;
        for (int i = 0; i < all.size(); i++) {
            Demonstration d = all.get(i);
            if (!annotatedOnly || d.annotated()) {
                byTask.computeIfAbsent(d.task(), t -> new ArrayList<>()).add(i);
            }
        }
        if (byTask.isEmpty()) {
            if (annotatedOnly && !all.isEmpty() && all.stream().allMatch(Demonstration::annotationsWithheld)) {
                throw new dev.saccade.gym.demo.AnnotationsWithheldException(gym + " (it needs annotated demonstrations)");
            }
            throw new InputException(gym + " needs " + (annotatedOnly ? "annotated " : "") + "demonstrations; there are none"
                    + (all.isEmpty() ? "" : " among " + all.size() + " episodes"));
        }
        this.tasks = List.copyOf(byTask.keySet());
    }

    /** The position of the episode to play: from options if given, else a task uniformly, then one of its episodes. */
    int pick(SplittableRandom rng, Options options) {
        Integer chosen = options.find(EyeOptions.EPISODE).orElse(null);
        if (chosen != null) {
            if (chosen < 0 || chosen >= all.size() || byTask.values().stream().noneMatch(l -> l.contains(chosen))) {
                throw new IllegalArgumentException("option episode " + chosen + " is not a playable episode (0…" + (all.size() - 1) + ")");
            }
            return chosen;
        }
        Task task = options.find(EyeOptions.TASK).orElseGet(() -> tasks.get(rng.nextInt(tasks.size())));
        List<Integer> candidates = byTask.get(task);
        if (candidates == null) {
            throw new IllegalArgumentException("option task " + task.id() + " has no episodes; tasks present: " + tasks);
        }
        return candidates.get(rng.nextInt(candidates.size()));
    }

    Demonstration get(int position) {
        return all.get(position);
    }

    /** The generator for a reset: re-seeded if a seed is given, else the current one (or one from entropy). */
    static SplittableRandom generator(OptionalLong seed, SplittableRandom current) {
        if (seed.isPresent()) {
            return new SplittableRandom(seed.getAsLong());
        }
        return current != null ? current : new SplittableRandom();
    }

    /** The start frame: the option if given (checked against the episode), else {@code drawn}. */
    static int startFrame(Options options, int drawn, Demonstration d) {
        int frame = options.find(EyeOptions.START_FRAME).orElse(drawn);
        if (frame < 0 || frame >= d.length()) {
            throw new IllegalArgumentException("option start frame " + frame + " is outside episode " + d.index()
                    + " (" + d.length() + " frames)");
        }
        return frame;
    }

    /** The first gaze: the option if given, else {@code drawn}; clamped to {@code limits}. */
    static Gaze firstGaze(Options options, Gaze drawn, GazeLimits limits) {
        Gaze g = options.find(EyeOptions.GAZE).orElse(drawn);
        return limits.clamp(g.yaw(), g.pitch());
    }

    /** Info shared by the EyeGyms: which episode and frame, the gaze, and annotated ground truth; to be completed. */
    static Info.Builder describe(int position, Demonstration d, int frame, int step, Gaze gaze, PyramidSpec spec,
                                 Direction relevant, String relevantName) {
        Info.Builder info = Info.builder()
                .put(EyeInfo.EPISODE, position)
                .put(EyeInfo.DATASET_EPISODE, d.index())
                .put(EyeInfo.TASK, d.task())
                .put(EyeInfo.FRAME, frame)
                .put(EyeInfo.STEP, step)
                .put(EyeInfo.GAZE, gaze);
        if (d.annotationsWithheld()) {
            info.put(EyeInfo.ANNOTATIONS_WITHHELD, true);
        } else if (d.annotated()) {
            info.put(EyeInfo.OBJECT, d.object(frame))
                    .put(EyeInfo.TARGET, d.target(frame))
                    .put(EyeInfo.GRIPPER, d.gripperDirection(frame))
                    .put(EyeInfo.RELEVANT, relevant)
                    .put(EyeInfo.RELEVANT_NAME, relevantName)
                    .put(EyeInfo.TARGET_ANGLE, Fovea.angle(gaze, relevant.yaw(), relevant.pitch()))
                    .put(EyeInfo.IN_FOVEA, Fovea.contains(spec, gaze, relevant.yaw(), relevant.pitch()));
        }
        return info;
    }

    /** Rejects a null or out-of-range action, or stepping outside an episode. */
    static int checkStep(Integer action, boolean running, boolean everReset) {
        if (action == null) {
            throw new IllegalArgumentException("eye action is null");
        }
        if (!running) {
            throw new IllegalStateException(everReset ? "the episode has ended; call reset()" : "call reset() before step()");
        }
        if (action < 0 || action >= dev.saccade.gym.eye.EyeActions.COUNT) {
            throw new IllegalArgumentException("eye action must be in [0, " + dev.saccade.gym.eye.EyeActions.COUNT + "), got " + action);
        }
        return action;
    }
}
