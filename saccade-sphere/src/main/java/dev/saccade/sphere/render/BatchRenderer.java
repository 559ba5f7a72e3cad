package dev.saccade.sphere.render;

import dev.saccade.sphere.Gaze;
import java.util.function.IntConsumer;

/**
 * Renders the pyramids of many gazes on one frame across threads: pyramid {@code g} goes to
 * {@code out[offset + g·F .. offset + (g+1)·F)}, {@code F} = {@link PyramidSpec#floatsPerPyramid()}.
 *
 * <p>All output pixels of all pyramids are cut into one contiguous share per thread, so even a single
 * pyramid is split across threads. Each thread renders with its own {@link PyramidRenderer#copy()},
 * and nothing is allocated per batch. It owns its threads: close it when done. It is thread-confined:
 * one batch at a time, from one thread at a time.
 */
public final class BatchRenderer implements AutoCloseable {
    private final PyramidRenderer[] renderers;
    private final Workers workers;
    private final IntConsumer shardJob = this::renderShard;

    // The batch being rendered: written by the caller before the workers start, read by them.
    private MipChain frame;
    private double[] yaws;
    private double[] pitches;
    private Gaze[] gazes;
    private int count;
    private float[] out;
    private int offset;

    /** A batch renderer of {@code pyramid}'s spec on {@code threads} threads (the caller's included). */
    public BatchRenderer(PyramidRenderer pyramid, int threads) {
        this.workers = new Workers(threads, "saccade-render");
        this.renderers = new PyramidRenderer[threads];
        renderers[0] = pyramid;
        for (int t = 1; t < threads; t++) {
            renderers[t] = pyramid.copy();
        }
    }

    public PyramidRenderer pyramid() {
        return renderers[0];
    }

    /** Threads used, the caller's included. */
    public int threads() {
        return workers.count();
    }

    /** Renders the first {@code count} gazes {@code (yaws[g], pitches[g])} (radians, finite) on {@code frame}. */
    public void render(MipChain frame, double[] yaws, double[] pitches, int count, float[] out, int offset) {
        if (count < 0 || count > yaws.length || count > pitches.length) {
            throw new IllegalArgumentException("count " + count + " does not fit the gaze arrays (" + yaws.length + ", " + pitches.length + ")");
        }
        begin(frame, count, out, offset);
        this.yaws = yaws;
        this.pitches = pitches;
        run();
    }

    /** Renders one pyramid per gaze on {@code frame}. */
    public void render(MipChain frame, Gaze[] gazes, float[] out, int offset) {
        begin(frame, gazes.length, out, offset);
        this.gazes = gazes;
        run();
    }

    private void begin(MipChain frame, int count, float[] out, int offset) {
        PyramidRenderer first = renderers[0];
        ViewRenderer.check(frame, first.antialias(), out, offset, (long) count * first.spec().floatsPerPyramid());
        this.frame = frame;
        this.count = count;
        this.out = out;
        this.offset = offset;
    }

    private void run() {
        try {
            workers.run(shardJob);
        } finally {
            frame = null;
            yaws = null;
            pitches = null;
            gazes = null;
            out = null;
        }
    }

    private void renderShard(int shard) {
        PyramidRenderer renderer = renderers[shard];
        int perPyramid = renderer.spec().pixelsPerPyramid();
        int floats = renderer.spec().floatsPerPyramid();
        long total = (long) count * perPyramid;
        long from = total * shard / renderers.length;
        long to = total * (shard + 1) / renderers.length;
        long p = from;
        while (p < to) {
            int g = (int) (p / perPyramid);
            int start = (int) (p - (long) g * perPyramid);
            int end = (int) Math.min(perPyramid, to - (long) g * perPyramid);
            double yaw = gazes != null ? gazes[g].yaw() : yaws[g];
            double pitch = gazes != null ? gazes[g].pitch() : pitches[g];
            renderer.renderPixels(frame, yaw, pitch, out, offset + g * floats, start, end);
            p = (long) g * perPyramid + end;
        }
    }

    @Override
    public void close() {
        workers.close();
    }
}
