package dev.saccade.eval.play;

import dev.saccade.gym.demo.Direction;
import dev.saccade.sphere.render.PyramidSpec;
import java.util.List;
import java.util.Map;

/**
 * What the report shows of one sample episode under one gaze regime: where the eye looked at each
 * step against where the object, the place target and the gripper were, and the pyramids it saw at
 * some steps.
 *
 * @param gaze      the gaze regime
 * @param episode   position of the episode in the evaluated demonstrations
 * @param steps     every observation of the episode, the first (reset) included
 * @param pyramids  the rendered pyramid at some steps, by step
 * @param spec      the pyramid's layout
 */
public record Film(String gaze, int episode, double stepSeconds, List<Frame> steps, Map<Integer, float[]> pyramids, PyramidSpec spec) {
    public Film {
        steps = List.copyOf(steps);
        pyramids = Map.copyOf(pyramids);
    }

    /**
     * One observation: the gaze (radians), the annotated directions (null without annotations),
     * the phase and the action taken from it (−1 after the last).
     */
    public record Frame(int step, int frame, boolean searching, int action, double yaw, double pitch,
                        Direction object, Direction target, Direction gripper, boolean gripperClosed, boolean relevantInFovea) {}
}
