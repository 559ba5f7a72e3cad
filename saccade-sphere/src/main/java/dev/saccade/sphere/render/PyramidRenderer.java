package dev.saccade.sphere.render;

import dev.saccade.sphere.Gaze;
import java.awt.image.BufferedImage;

/**
 * Renders the foveated pyramid of a {@link PyramidSpec} for one gaze into a caller-supplied float
 * array, layout {@code [level][channel][row][col]}, values in [0, 1] (ready for a model).
 *
 * <p>Anti-aliased with {@link Antialias#MIP} unless built otherwise. It keeps the levels' ray tables
 * (built once, immutable, shared by copies) and a small working buffer, so it is thread-confined:
 * give each thread its own {@link #copy()}. For many gazes at once use {@link BatchRenderer}.
 */
public final class PyramidRenderer {
    private final PyramidSpec spec;
    private final Antialias antialias;
    private final Kernel kernel;
    private final RayTable[] tables;
    private final Scratch scratch = new Scratch();

    /** A renderer of {@code spec} with the pyramid's default anti-aliasing ({@link Antialias#MIP}) on the fastest kernel. */
    public PyramidRenderer(PyramidSpec spec) {
        this(spec, Antialias.PYRAMID_DEFAULT);
    }

    /** A renderer of {@code spec} on the fastest kernel. */
    public PyramidRenderer(PyramidSpec spec, Antialias antialias) {
        this(spec, antialias, Kernel.best());
    }

    public PyramidRenderer(PyramidSpec spec, Antialias antialias, Kernel kernel) {
        this(spec, antialias, kernel, spec.levels().stream().map(RayTable::of).toArray(RayTable[]::new));
    }

    private PyramidRenderer(PyramidSpec spec, Antialias antialias, Kernel kernel, RayTable[] tables) {
        this.spec = spec;
        this.antialias = antialias;
        this.kernel = kernel.requireAvailable();
        this.tables = tables;
    }

    /** A renderer for another thread: the same ray tables, its own buffer. */
    public PyramidRenderer copy() {
        return new PyramidRenderer(spec, antialias, kernel, tables);
    }

    public PyramidSpec spec() {
        return spec;
    }

    public Antialias antialias() {
        return antialias;
    }

    public Kernel kernel() {
        return kernel;
    }

    /** The ray table of level {@code level}. */
    public RayTable rays(int level) {
        return tables[level];
    }

    /** Writes the pyramid for {@code gaze} into {@code out} from {@code offset} ({@link PyramidSpec#floatsPerPyramid()} floats). */
    public void render(MipChain frame, Gaze gaze, float[] out, int offset) {
        render(frame, gaze.yaw(), gaze.pitch(), out, offset);
    }

    /** As {@link #render(MipChain, Gaze, float[], int)} with the gaze in radians (finite, unchecked). */
    public void render(MipChain frame, double yaw, double pitch, float[] out, int offset) {
        ViewRenderer.check(frame, antialias, out, offset, spec.floatsPerPyramid());
        renderPixels(frame, yaw, pitch, out, offset, 0, spec.pixelsPerPyramid());
    }

    /**
     * Renders output pixels {@code [from, to)} of one pyramid, counting pixels level after level
     * ({@code level·S² + row·S + col}); lets threads share one pyramid.
     */
    void renderPixels(MipChain frame, double yaw, double pitch, float[] out, int offset, int from, int to) {
        int perLevel = spec.size() * spec.size();
        int p = from;
        while (p < to) {
            int level = p / perLevel;
            int start = p - level * perLevel;
            int end = Math.min(to - level * perLevel, perLevel);
            ViewKernel.render(kernel, scratch, tables[level], frame, antialias, yaw, pitch, out,
                    offset + level * 3 * perLevel, start, end);
            p = level * perLevel + end;
        }
    }

    /** The pyramid for {@code gaze} as one 8-bit image, levels side by side, fovea on the left. */
    public BufferedImage renderImage(MipChain frame, Gaze gaze) {
        float[] chw = new float[spec.floatsPerPyramid()];
        render(frame, gaze, chw, 0);
        return Planes.sideBySide(chw, 0, spec.levelCount(), spec.size());
    }
}
