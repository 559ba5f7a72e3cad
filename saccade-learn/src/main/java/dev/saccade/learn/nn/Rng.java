package dev.saccade.learn.nn;

/**
 * The project's own random numbers (SplitMix64): every weight initialisation and every sampled
 * action comes from one of these, so a run is reproducible from its seed and its whole random
 * state is one {@code long} that a checkpoint stores and restores exactly.
 */
public final class Rng {
    private long state;

    /** A generator whose sequence is fixed by {@code seed}. */
    public Rng(long seed) {
        this.state = seed;
    }

    /** The complete state; {@code new Rng(rng.state())} continues the same sequence. */
    public long state() {
        return state;
    }

    /** An independent stream for {@code key} (e.g. a layer or an iteration), leaving this one untouched. */
    public Rng fork(long key) {
        return new Rng(mix(state ^ mix(key + 0x9E3779B97F4A7C15L)));
    }

    public long nextLong() {
        state += 0x9E3779B97F4A7C15L;
        return mix(state);
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, bound). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        return (int) Math.floorMod(nextLong(), (long) bound);
    }

    /** Standard normal by Box–Muller; the second value is dropped so the state stays one long. */
    public double nextGaussian() {
        double u = 1.0 - nextDouble(); // (0, 1]: log stays finite
        double v = nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * v);
    }

    /**
     * Draws an index from the discrete distribution {@code probs[offset..offset+n)} (which need not
     * sum exactly to one: rounding is absorbed by the last index with positive mass).
     */
    public int nextCategorical(float[] probs, int offset, int n) {
        double total = 0;
        for (int i = 0; i < n; i++) {
            total += probs[offset + i];
        }
        double u = nextDouble() * total;
        int last = 0;
        for (int i = 0; i < n; i++) {
            double p = probs[offset + i];
            if (p > 0) {
                last = i;
                if (u < p) {
                    return i;
                }
                u -= p;
            }
        }
        return last;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
