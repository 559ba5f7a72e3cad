package dev.saccade.gym.eye;

import java.util.Arrays;

/**
 * The foveated observation's layout: {@code levels} square pinhole views of {@code size²} pixels,
 * all centred on the gaze, level 0 (the fovea) narrowest. Fields of view in radians. The default
 * is 3 × 64² at 17.3°/62.3°/116°, the original's angles at CPU scale (DESIGN.md §5).
 *
 * <p>Interim: stands in for saccade-sphere's pyramid spec until the fast renderer lands.
 */
public record PyramidSpec(int size, double[] fieldsOfView) {
    public static final PyramidSpec DEFAULT = ofDegrees(64, 17.3, 62.3, 116);

    public PyramidSpec {
        if (size <= 0 || fieldsOfView.length == 0) {
            throw new IllegalArgumentException("a pyramid needs a positive size and at least one level");
        }
        fieldsOfView = fieldsOfView.clone();
        for (double f : fieldsOfView) {
            if (!(f > 0 && f < Math.PI)) {
                throw new IllegalArgumentException("pinhole field of view must be in (0°, 180°), got " + Math.toDegrees(f) + "°");
            }
        }
    }

    public static PyramidSpec ofDegrees(int size, double... fovDegrees) {
        return new PyramidSpec(size, Arrays.stream(fovDegrees).map(Math::toRadians).toArray());
    }

    public int levels() {
        return fieldsOfView.length;
    }

    /** Field of view of {@code level}, radians. */
    public double fieldOfView(int level) {
        return fieldsOfView[level];
    }

    @Override
    public double[] fieldsOfView() {
        return fieldsOfView.clone();
    }

    /** Floats in one rendered pyramid: levels × 3 channels × size × size. */
    public int floats() {
        return levels() * 3 * size * size;
    }

    /** The CHW shape {@code [levels, 3, size, size]}. */
    public int[] shape() {
        return new int[] {levels(), 3, size, size};
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PyramidSpec p && p.size == size && Arrays.equals(p.fieldsOfView, fieldsOfView);
    }

    @Override
    public int hashCode() {
        return 31 * size + Arrays.hashCode(fieldsOfView);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder().append(levels()).append('×').append(size).append("² at ");
        for (int l = 0; l < levels(); l++) {
            sb.append(l == 0 ? "" : "/").append(String.format(java.util.Locale.ROOT, "%.1f°", Math.toDegrees(fieldsOfView[l])));
        }
        return sb.toString();
    }
}
