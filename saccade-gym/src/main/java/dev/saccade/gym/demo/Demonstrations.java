package dev.saccade.gym.demo;

import dev.saccade.sphere.EquirectFrame;
import dev.saccade.data.robot.CameraMount;
import java.util.List;
import java.util.Optional;

/**
 * The demonstrations a gym replays: episode arrays up front, frames on request. Implemented over a
 * LeRobot dataset ({@link DatasetDemonstrations}) and in memory ({@link ToyDemonstrations}).
 *
 * <p>{@link #decode} must be safe to call from several threads at once; {@link FrameSupply} caches
 * its results so a rollout decodes each frame once.
 */
public interface Demonstrations extends AutoCloseable {

    /** The episodes, in a fixed order; a gym refers to an episode by its position here. */
    List<Demonstration> episodes();

    /** Decodes frame {@code frame} of {@code episode}; expensive, thread-safe. */
    EquirectFrame decode(Demonstration episode, int frame);

    /**
     * The 360 camera's calibrated pose relative to the robot base (a rig's calibration, allowed in
     * training), if known: with UR5e kinematics it gives the gripper's direction
     * ({@link Demonstration#gripperFromKinematics}).
     */
    default Optional<CameraMount> camera() {
        return Optional.empty();
    }

    @Override
    default void close() {}
}
