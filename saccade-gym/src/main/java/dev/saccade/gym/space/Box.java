package dev.saccade.gym.space;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Float arrays of a fixed shape with element-wise bounds, after Gymnasium's {@code Box}; values are
 * flat row-major {@code float[]}s of {@code shape}'s product. A bound may be infinite. Members are
 * never NaN.
 *
 * <p>{@link #sample} draws uniformly on bounded dimensions, from a shifted exponential on half-bounded
 * ones and from a standard normal on unbounded ones, as Gymnasium does.
 */
public final class Box implements Space<float[]> {
    private final int[] shape;
    private final float[] low;
    private final float[] high;

    /** A box of {@code shape} with bounds per element ({@code low.length == high.length == size}). */
    public Box(int[] shape, float[] low, float[] high) {
        this.shape = shape.clone();
        int size = sizeOf(shape);
        if (low.length != size || high.length != size) {
            throw new IllegalArgumentException("bounds have " + low.length + "/" + high.length + " elements for shape " + Arrays.toString(shape));
        }
        for (int i = 0; i < size; i++) {
            if (Float.isNaN(low[i]) || Float.isNaN(high[i]) || low[i] > high[i]) {
                throw new IllegalArgumentException("bad bounds at " + i + ": [" + low[i] + ", " + high[i] + "]");
            }
        }
        this.low = low.clone();
        this.high = high.clone();
    }

    /** A box of {@code shape} with the same bounds for every element. */
    public static Box of(float low, float high, int... shape) {
        int size = sizeOf(shape);
        float[] lo = new float[size];
        float[] hi = new float[size];
        Arrays.fill(lo, low);
        Arrays.fill(hi, high);
        return new Box(shape, lo, hi);
    }

    /** The shape, e.g. {@code [3, 3, 64, 64]} for a pyramid. */
    public int[] shape() {
        return shape.clone();
    }

    /** Number of elements. */
    public int size() {
        return low.length;
    }

    public float low(int i) {
        return low[i];
    }

    public float high(int i) {
        return high[i];
    }

    @Override
    public float[] sample(RandomGenerator rng) {
        float[] v = new float[low.length];
        for (int i = 0; i < v.length; i++) {
            boolean lo = Float.isFinite(low[i]);
            boolean hi = Float.isFinite(high[i]);
            double x;
            if (lo && hi) {
                x = low[i] + (high[i] - (double) low[i]) * rng.nextDouble();
            } else if (lo) {
                x = low[i] + rng.nextExponential();
            } else if (hi) {
                x = high[i] - rng.nextExponential();
            } else {
                x = rng.nextGaussian();
            }
            // Rounding to float may step just outside a bound.
            v[i] = Math.max(low[i], Math.min(high[i], (float) x));
        }
        return v;
    }

    @Override
    public boolean contains(float[] value) {
        if (value == null || value.length != low.length) {
            return false;
        }
        for (int i = 0; i < value.length; i++) {
            float x = value[i];
            if (!(x >= low[i] && x <= high[i])) { // also false for NaN
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean same(float[] a, float[] b) {
        return Arrays.equals(a, b);
    }

    @Override
    public String describe(float[] value) {
        if (value == null) {
            return "null";
        }
        if (value.length != low.length) {
            return "of " + value.length + " elements";
        }
        for (int i = 0; i < value.length; i++) {
            if (!(value[i] >= low[i] && value[i] <= high[i])) {
                return "with element " + i + " = " + value[i] + " outside [" + low[i] + ", " + high[i] + "]";
            }
        }
        return "of " + value.length + " elements";
    }

    @Override
    public String toString() {
        return "Box" + Arrays.toString(shape);
    }

    private static int sizeOf(int[] shape) {
        long size = 1;
        for (int d : shape) {
            if (d <= 0) {
                throw new IllegalArgumentException("box dimensions must be positive: " + Arrays.toString(shape));
            }
            size *= d;
        }
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("box too large: " + Arrays.toString(shape));
        }
        return (int) size;
    }
}
