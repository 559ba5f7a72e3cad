package dev.saccade.sphere.render;

import dev.saccade.sphere.Gaze;
import dev.saccade.sphere.lens.Lens;
import java.awt.image.BufferedImage;

/**
 * Renders one view (any {@link Lens}) of an equirect frame for a gaze, as CHW float planes in
 * [0, 1] or as an 8-bit image. Plain bilinear per DESIGN.md §3 unless built with {@link Antialias#MIP}.
 *
 * <p>It keeps the lens' ray table (immutable, shareable) and a small working buffer, so it is
 * thread-confined: use one instance per thread ({@link #copy()} shares the ray table).
 */
public final class ViewRenderer {
    private final RayTable rays;
    private final Antialias antialias;
    private final Kernel kernel;
    private final Scratch scratch = new Scratch();

    /** A renderer for {@code lens} on the fastest kernel; builds its ray table (a Newton solve per pixel for a fisheye). */
    public ViewRenderer(Lens lens, Antialias antialias) {
        this(RayTable.of(lens), antialias, Kernel.best());
    }

    /** A renderer sharing an existing ray table, on the given kernel. */
    public ViewRenderer(RayTable rays, Antialias antialias, Kernel kernel) {
        this.rays = rays;
        this.antialias = antialias;
        this.kernel = kernel.requireAvailable();
    }

    /** A renderer for another thread: same ray table, anti-aliasing and kernel, its own buffer. */
    public ViewRenderer copy() {
        return new ViewRenderer(rays, antialias, kernel);
    }

    public RayTable rays() {
        return rays;
    }

    public Antialias antialias() {
        return antialias;
    }

    public Kernel kernel() {
        return kernel;
    }

    /** Floats one view takes: {@code 3 · width · height}. */
    public int floats() {
        return 3 * rays.size();
    }

    /** Writes the view as planes {@code [3][height][width]} into {@code out} from {@code offset}. */
    public void render(MipChain frame, Gaze gaze, float[] out, int offset) {
        check(frame, antialias, out, offset, floats());
        ViewKernel.render(kernel, scratch, rays, frame, antialias, gaze.yaw(), gaze.pitch(), out, offset, 0, rays.size());
    }

    /** The view as an 8-bit RGB image (each value rounded to nearest). */
    public BufferedImage renderImage(MipChain frame, Gaze gaze) {
        float[] chw = new float[floats()];
        render(frame, gaze, chw, 0);
        return Planes.toImage(chw, 0, rays.width(), rays.height());
    }

    static void check(MipChain frame, Antialias antialias, float[] out, int offset, long floats) {
        if (antialias == Antialias.MIP && !frame.isComplete()) {
            throw new IllegalArgumentException("anti-aliasing needs the full mip chain: build it with MipChain.of(frame)");
        }
        if (offset < 0 || offset + floats > out.length) {
            throw new IndexOutOfBoundsException("output needs " + floats + " floats from offset " + offset + ", array has " + out.length);
        }
    }
}
