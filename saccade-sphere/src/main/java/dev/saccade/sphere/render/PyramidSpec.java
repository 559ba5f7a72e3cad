package dev.saccade.sphere.render;

import dev.saccade.sphere.lens.FisheyeLens;
import dev.saccade.sphere.lens.Lens;
import dev.saccade.sphere.lens.PinholeLens;
import java.util.ArrayList;
import java.util.List;

/**
 * The shape of the foveated observation: nested square views of {@code size × size} pixels around the
 * gaze, level 0 (the fovea) first and narrowest.
 *
 * <p>The default is EyeRobot's angular pyramid at CPU scale: 3 pinhole levels of 64², 17.3°, 62.3° and
 * 116° wide (the original renders 3 × 256² from a fisheye lens; DESIGN.md §5). Rendered, a pyramid is
 * {@code [level][channel][row][col]} floats, {@link #floatsPerPyramid()} of them.
 */
public record PyramidSpec(List<Lens> levels) {
    /** Default view size S. */
    public static final int DEFAULT_SIZE = 64;
    /** Default horizontal fields of view per level, in degrees, fovea first. */
    public static final List<Double> DEFAULT_FOVS_DEGREES = List.of(17.3, 62.3, 116.0);

    public PyramidSpec {
        levels = List.copyOf(levels);
        if (levels.isEmpty()) {
            throw new IllegalArgumentException("a pyramid needs at least one level");
        }
        int size = levels.get(0).width();
        for (Lens lens : levels) {
            if (lens.width() != size || lens.height() != size) {
                throw new IllegalArgumentException("pyramid levels must all be " + size + "×" + size + ", got " + lens.width() + "×" + lens.height());
            }
        }
    }

    /** 3 pinhole levels of 64², 17.3°/62.3°/116°. */
    public static PyramidSpec defaults() {
        return pinholeDegrees(DEFAULT_SIZE, DEFAULT_FOVS_DEGREES);
    }

    /** The default angles at another size. */
    public static PyramidSpec defaults(int size) {
        return pinholeDegrees(size, DEFAULT_FOVS_DEGREES);
    }

    /** Pinhole levels of {@code size²} with the given horizontal fields of view in degrees, each in (0°, 180°). */
    public static PyramidSpec pinholeDegrees(int size, List<Double> fovsDegrees) {
        List<Lens> lenses = new ArrayList<>();
        for (double fov : fovsDegrees) {
            lenses.add(PinholeLens.square(Math.toRadians(fov), size));
        }
        return new PyramidSpec(lenses);
    }

    /** Ideal equidistant fisheye levels of {@code size²} with the given horizontal fields of view in degrees. */
    public static PyramidSpec fisheyeDegrees(int size, List<Double> fovsDegrees) {
        List<Lens> lenses = new ArrayList<>();
        for (double fov : fovsDegrees) {
            lenses.add(FisheyeLens.equidistant(Math.toRadians(fov), size, size));
        }
        return new PyramidSpec(lenses);
    }

    /** Side S of every level. */
    public int size() {
        return levels.get(0).width();
    }

    /** Number of levels L. */
    public int levelCount() {
        return levels.size();
    }

    /** Floats of one level: {@code 3·S²}. */
    public int floatsPerLevel() {
        return 3 * size() * size();
    }

    /** Floats of one pyramid: {@code L·3·S²}. */
    public int floatsPerPyramid() {
        return levelCount() * floatsPerLevel();
    }

    /** Output pixels of one pyramid: {@code L·S²}. */
    public int pixelsPerPyramid() {
        return levelCount() * size() * size();
    }
}
