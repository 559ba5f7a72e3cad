package dev.saccade.gym.eye;

import dev.saccade.data.Features;
import dev.saccade.data.Task;
import dev.saccade.gym.space.Box;
import dev.saccade.gym.space.Composite;
import dev.saccade.gym.space.Discrete;
import dev.saccade.sphere.render.PyramidSpec;
import dev.saccade.sphere.Gaze;
import java.util.List;

/**
 * What the eye (and the hand) sees at one step, the same in every EyeGym so one policy serves all:
 * <ul>
 *   <li>{@code pyramid}: the foveated views as CHW floats in [0, 1], level-major
 *       {@code [level][channel][row][col]} (level 0 = fovea), {@link PyramidSpec#floatsPerPyramid()} long;
 *   <li>{@code gaze}: where the eye looks, (yaw, pitch) radians;
 *   <li>{@code proprio}: the arm's measured state, 6 UR5e joints (rad) and the gripper (0 open … 1 closed);
 *   <li>{@code task}: the task id, {@link Task#ordinal()}.
 * </ul>
 * Arrays are fresh per step and must be treated as read-only. Ground truth is never here (see
 * {@link dev.saccade.gym.envs.EyeInfo}).
 */
public record EyeObservation(float[] pyramid, Gaze gaze, float[] proprio, int task) {

    /** The space of observations for {@code spec} and {@code limits}. */
    public static Composite<EyeObservation> space(PyramidSpec spec, GazeLimits limits) {
        Box pyramid = Box.of(0f, 1f, EyeCamera.shape(spec));
        Box proprio = Box.of(Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, Features.JOINT_DIM);
        Discrete tasks = new Discrete(Task.values().length);
        return new Composite<>("EyeObservation", List.of(
                new Composite.Field<>("pyramid", pyramid, EyeObservation::pyramid),
                new Composite.Field<>("gaze", limits, EyeObservation::gaze),
                new Composite.Field<>("proprio", proprio, EyeObservation::proprio),
                new Composite.Field<>("task", tasks, EyeObservation::task)),
                parts -> new EyeObservation((float[]) parts.get(0), (Gaze) parts.get(1),
                        (float[]) parts.get(2), (Integer) parts.get(3)));
    }
}
