package dev.saccade.gym.eye;

import dev.saccade.gym.demo.Demonstrations;
import dev.saccade.gym.demo.FrameSupply;
import dev.saccade.sphere.Gaze;
import dev.saccade.sphere.lens.Lens;
import dev.saccade.sphere.render.Antialias;
import dev.saccade.sphere.render.MipChain;
import dev.saccade.sphere.render.PyramidRenderer;
import dev.saccade.sphere.render.PyramidSpec;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The eye's camera: renders the foveated pyramid seen from a gaze with saccade-sphere's
 * {@link PyramidRenderer}, on frames the {@link FrameSupply} keeps prepared as {@link MipChain}s,
 * and keeps the time it spends rendering (for benchmarks). One per environment; thread-confined.
 */
public final class EyeCamera {
    private final PyramidRenderer renderer;
    private long renderNanos;

    /** A camera for {@code spec}, anti-aliased as {@code antialias} says (the pyramid's default is {@link Antialias#MIP}). */
    public EyeCamera(PyramidSpec spec, Antialias antialias) {
        this.renderer = new PyramidRenderer(spec, antialias);
    }

    public PyramidSpec spec() {
        return renderer.spec();
    }

    /** A fresh pyramid (CHW floats in [0, 1], level-major) of {@code frame} seen from {@code gaze}. */
    public float[] render(MipChain frame, Gaze gaze) {
        long start = System.nanoTime();
        float[] out = new float[renderer.spec().floatsPerPyramid()];
        renderer.render(frame, gaze, out, 0);
        renderNanos += System.nanoTime() - start;
        return out;
    }

    /** Total time spent rendering, nanoseconds. */
    public long renderNanos() {
        return renderNanos;
    }

    /**
     * A frame supply over {@code source} that keeps each decoded frame as its full mip chain (about
     * 4/3 of the frame's memory), which serves renderers with and without anti-aliasing.
     */
    public static FrameSupply<MipChain> supply(Demonstrations source, long maxBytes, int readAheadThreads) {
        return new FrameSupply<>(source, MipChain::of, MipChain::bytes, maxBytes, readAheadThreads);
    }

    /** The pyramid's CHW shape {@code [levels, 3, size, size]}. */
    public static int[] shape(PyramidSpec spec) {
        return new int[] {spec.levelCount(), 3, spec.size(), spec.size()};
    }

    /** A short description such as {@code 3×64² at 17.3°/62.3°/116.0°}. */
    public static String describe(PyramidSpec spec) {
        return spec.levelCount() + "×" + spec.size() + "² at " + spec.levels().stream()
                .map(Lens::horizontalFov)
                .map(f -> String.format(Locale.ROOT, "%.1f°", Math.toDegrees(f)))
                .collect(Collectors.joining("/"));
    }
}
