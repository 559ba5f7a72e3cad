package dev.saccade.learn.io;

import java.util.Arrays;

/**
 * A float32 tensor in Java memory: a shape and its values in row-major order. It is how weights,
 * optimiser state and test data move between native NDArrays and files.
 */
public record HostTensor(long[] shape, float[] data) {
    public HostTensor {
        shape = shape.clone();
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, d);
        }
        if (n != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n + " values, got " + data.length);
        }
    }

    /** A tensor of the given shape with values {@code data} (not copied). */
    public static HostTensor of(float[] data, long... shape) {
        return new HostTensor(shape, data);
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Number of values. */
    public int size() {
        return data.length;
    }

    /** True if both have the same shape and bit-identical values. */
    public boolean sameAs(HostTensor other) {
        return Arrays.equals(shape, other.shape) && Arrays.equals(data, other.data);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HostTensor t && sameAs(t);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "HostTensor" + Arrays.toString(shape);
    }
}
