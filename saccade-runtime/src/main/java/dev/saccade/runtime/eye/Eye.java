package dev.saccade.runtime.eye;

import dev.saccade.sphere.Gaze;
import dev.saccade.sphere.render.PyramidSpec;

/**
 * The rotating camera: it looks where it is told, within its range and speed, and gives the
 * foveated pyramid around its gaze. The simulated eye renders the pyramid from the simulated
 * world's live 360° frame; a real eye resamples its own camera's image into the same pyramid
 * (a bridge to an external motor and camera process implements the same contract).
 */
public interface Eye extends AutoCloseable {
    /** The gaze range and speed limit. */
    EyeLimits limits();

    /** The pyramid's levels, sizes and lenses. */
    PyramidSpec pyramid();

    /** Where the eye looks now. */
    EyeState state();

    /** Moves toward {@code target}, clamped into the range, no faster than the speed limit. */
    void command(Gaze target);

    /** The pyramid seen from the current gaze. */
    EyeFrame look();

    @Override
    void close();
}
