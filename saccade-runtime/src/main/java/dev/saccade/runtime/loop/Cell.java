package dev.saccade.runtime.loop;

import dev.saccade.data.Task;
import dev.saccade.runtime.eye.Eye;
import dev.saccade.runtime.robot.Robot;
import dev.saccade.sphere.EquirectFrame;
import java.util.Optional;

/**
 * What the runtime loop drives: a robot and an eye on one clock, doing one task. A simulated cell
 * ({@code dev.saccade.runtime.sim.SimWorld}) advances its world on {@link #tick()} and knows the
 * ground truth and whether the task is done; a real cell waits out the control period and may
 * know neither.
 */
public interface Cell {
    Robot robot();

    Eye eye();

    Task task();

    /** Frames (control periods) since the episode started. */
    int frame();

    /** Waits out one control period: a real cell sleeps until it ends, a simulated one advances its world by it. */
    void tick();

    /** The 360° frame of the current instant, if the cell has a 360° camera (for recording). */
    Optional<EquirectFrame> panorama();

    /** The scene's ground truth now, if the cell knows it (simulation). */
    Optional<GroundTruth> truth();

    /** Whether the task is done, if the cell can tell; false otherwise. */
    boolean success();
}
