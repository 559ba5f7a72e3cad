package dev.saccade.sphere.lens;

import dev.saccade.sphere.Vec3;
import java.util.Optional;

/**
 * A camera model: which ray each pixel of a {@code width × height} view looks along.
 *
 * <p>Rays are in the camera frame of DESIGN.md §3: {@code x} right, {@code y} down the image,
 * {@code z} along the optical axis. Pixel positions are {@link ImagePoint}s (integer values are
 * pixel centres). Each lens has both directions, so round trips can be tested, and renderers turn a
 * lens into a ray table once ({@code dev.saccade.sphere.render.RayTable}).
 */
public sealed interface Lens permits PinholeLens, FisheyeLens {
    /** View width in pixels. */
    int width();

    /** View height in pixels. */
    int height();

    /** The unit ray through image position {@code (u, v)}, or empty where the lens sees nothing. */
    Optional<Vec3> ray(double u, double v);

    /** Where the camera-frame ray {@code d} (any length) lands, or empty if the lens cannot see it. */
    Optional<ImagePoint> project(Vec3 d);

    /** The horizontal field of view through the image centre, in radians. */
    double horizontalFov();
}
