package dev.saccade.gym.eye;

import dev.saccade.sphere.Gaze;

/**
 * The eye's camera: renders the foveated pyramid seen from a gaze on a prepared frame, and keeps
 * the time it spends doing so (for benchmarks). One per environment; thread-confined.
 */
public final class EyeCamera {
    private final ReferencePyramidRenderer renderer;
    private long renderNanos;

    public EyeCamera(PyramidSpec spec) {
        this.renderer = new ReferencePyramidRenderer(spec);
    }

    public PyramidSpec spec() {
        return renderer.spec();
    }

    /** A fresh pyramid (CHW floats in [0, 1], level-major) of {@code frame} seen from {@code gaze}. */
    public float[] render(PreparedFrame frame, Gaze gaze) {
        long start = System.nanoTime();
        float[] out = new float[renderer.spec().floats()];
        renderer.render(frame.frame(), gaze, out, 0);
        renderNanos += System.nanoTime() - start;
        return out;
    }

    /** Total time spent rendering, nanoseconds. */
    public long renderNanos() {
        return renderNanos;
    }
}
