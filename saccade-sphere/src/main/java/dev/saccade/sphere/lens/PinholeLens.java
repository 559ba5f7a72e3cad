package dev.saccade.sphere.lens;

import dev.saccade.sphere.Vec3;
import java.util.Optional;

/**
 * The ideal pinhole camera of DESIGN.md §3: horizontal field of view {@code hfov} (radians, in
 * (0, π)), square pixels, principal point at the image centre. Its focal length in pixels is
 * {@code F = (width/2) / tan(hfov/2)}, and pixel {@code (i, j)} looks along
 * {@code (i + 0.5 − width/2, j + 0.5 − height/2, F)}.
 */
public record PinholeLens(double hfov, int width, int height) implements Lens {
    public PinholeLens {
        if (!(hfov > 0 && hfov < Math.PI)) {
            throw new IllegalArgumentException("pinhole field of view must be in (0°, 180°), got " + Math.toDegrees(hfov) + "°");
        }
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("view size must be positive, got " + width + "×" + height);
        }
    }

    /** A square pinhole view of {@code size × size} pixels. */
    public static PinholeLens square(double hfov, int size) {
        return new PinholeLens(hfov, size, size);
    }

    /** The focal length in pixels. */
    public double focal() {
        return width / 2.0 / Math.tan(hfov / 2);
    }

    /** The vertical field of view through the image centre, in radians. */
    public double verticalFov() {
        return 2 * Math.atan(height / 2.0 / focal());
    }

    @Override
    public Optional<Vec3> ray(double u, double v) {
        return Optional.of(new Vec3(u - (width - 1) / 2.0, v - (height - 1) / 2.0, focal()).normalized());
    }

    @Override
    public Optional<ImagePoint> project(Vec3 d) {
        if (!(d.z() > 0)) {
            return Optional.empty();    // behind the camera or on its image plane
        }
        double f = focal();
        return Optional.of(new ImagePoint(f * d.x() / d.z() + (width - 1) / 2.0, f * d.y() / d.z() + (height - 1) / 2.0));
    }

    @Override
    public double horizontalFov() {
        return hfov;
    }
}
