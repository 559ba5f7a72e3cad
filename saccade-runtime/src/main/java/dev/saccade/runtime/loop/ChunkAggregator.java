package dev.saccade.runtime.loop;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import java.util.OptionalInt;

/**
 * Turns the hand's overlapping action chunks into one target per frame. A chunk received at frame
 * {@code s} holds rows for the ends of frames {@code s, s + 1, …}; the target of frame {@code f} is
 * the {@link Aggregation} of the rows every live chunk has for {@code f}. Chunks whose rows have
 * all passed are dropped. Chunks given here must already be checked ({@link SafetyFilter#check}).
 */
public final class ChunkAggregator {
    private record Chunk(int start, float[] rows) {}

    private final Aggregation aggregation;
    private final double coefficient;
    private final int dims;
    private final ArrayDeque<Chunk> live = new ArrayDeque<>();

    /** An aggregator of {@code dims}-wide rows; {@code coefficient} is ensembling's k (ACT's 0.01). */
    public ChunkAggregator(Aggregation aggregation, double coefficient, int dims) {
        if (!(coefficient >= 0) || dims < 1) {
            throw new IllegalArgumentException("coefficient must be >= 0 and dims >= 1");
        }
        this.aggregation = aggregation;
        this.coefficient = coefficient;
        this.dims = dims;
    }

    public Aggregation aggregation() {
        return aggregation;
    }

    /** Forgets every chunk (an episode starts). */
    public void clear() {
        live.clear();
    }

    /** Adds a chunk received at frame {@code start} (copied; its length a multiple of the row width). */
    public void add(int start, float[] chunk) {
        if (chunk.length == 0 || chunk.length % dims != 0) {
            throw new IllegalArgumentException("a chunk of " + chunk.length + " values is not rows of " + dims);
        }
        if (!live.isEmpty() && start < live.peekLast().start()) {
            throw new IllegalArgumentException("chunks must arrive in frame order");
        }
        live.addLast(new Chunk(start, chunk.clone()));
    }

    /** The frame the newest chunk was received at, if any is live. */
    public OptionalInt newestStart() {
        return live.isEmpty() ? OptionalInt.empty() : OptionalInt.of(live.peekLast().start());
    }

    /** The newest live chunk's rows as received (shared, not to be modified), if any is live: what the hand predicts now. */
    public java.util.Optional<float[]> newestChunk() {
        return live.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(live.peekLast().rows());
    }

    /** Number of chunks that still have rows for {@code frame} or later. */
    public int liveChunks() {
        return live.size();
    }

    /**
     * Writes the target of {@code frame} into {@code out} ({@code dims} values) and returns true, or
     * returns false when no chunk has a row for it. Drops the chunks that ended before it.
     */
    public boolean target(int frame, double[] out) {
        for (Iterator<Chunk> it = live.iterator(); it.hasNext(); ) {
            Chunk c = it.next();
            if (c.start() + c.rows().length / dims <= frame) {
                it.remove();
            }
        }
        Arrays.fill(out, 0, dims, 0);
        double total = 0;
        int i = 0; // 0 the oldest live chunk with a row for this frame
        Chunk newest = null;
        for (Chunk c : live) {
            int row = frame - c.start();
            if (row < 0) {
                continue;
            }
            newest = c;
            double w = switch (aggregation) {
                case ENSEMBLE -> Math.exp(-coefficient * i);
                case AVERAGE -> 1;
                case LATEST -> 0;
            };
            i++;
            if (w > 0) {
                for (int d = 0; d < dims; d++) {
                    out[d] += w * c.rows()[row * dims + d];
                }
                total += w;
            }
        }
        if (newest == null) {
            return false;
        }
        if (aggregation == Aggregation.LATEST) {
            int row = frame - newest.start();
            for (int d = 0; d < dims; d++) {
                out[d] = newest.rows()[row * dims + d];
            }
            return true;
        }
        for (int d = 0; d < dims; d++) {
            out[d] /= total;
        }
        return true;
    }
}
