package dev.saccade.learn.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Rotary position encoding over three axes (time, y, x), as the original's Flux-style 3-axis RoPE
 * (reference/eyerobot.md §3): each head's dimensions are split among the axes (default 8/12/12 of
 * 32) and every pair of dimensions turns by {@code position · θ^(−2i/axisDim)}. The score between a
 * query and a key then depends only on the difference of their positions, per axis.
 *
 * <p>Pairs are (i, i + headDim/2) ("rotate half"); the first frequencies belong to time, then y,
 * then x. Tables are computed in Java once per set of positions.
 */
public final class Rope {
    private final int headDim;
    private final double[] frequencies; // headDim/2 values
    private final int[] axisOf;         // which position axis each frequency reads

    /**
     * @param axisDims dimensions per axis (time, y, x), each even, summing to {@code headDim}
     * @param theta    base wavelength (the original uses 1000)
     */
    public Rope(int headDim, int[] axisDims, double theta) {
        if (axisDims.length != 3 || axisDims[0] + axisDims[1] + axisDims[2] != headDim) {
            throw new IllegalArgumentException("RoPE axis dims must be three values summing to the head dim " + headDim);
        }
        this.headDim = headDim;
        this.frequencies = new double[headDim / 2];
        this.axisOf = new int[headDim / 2];
        int f = 0;
        for (int axis = 0; axis < 3; axis++) {
            if (axisDims[axis] % 2 != 0) {
                throw new IllegalArgumentException("RoPE axis dims must be even, got " + axisDims[axis]);
            }
            for (int i = 0; i < axisDims[axis] / 2; i++) {
                frequencies[f] = Math.pow(theta, -2.0 * i / axisDims[axis]);
                axisOf[f] = axis;
                f++;
            }
        }
    }

    public int headDim() {
        return headDim;
    }

    /** Cosine and sine tables for tokens at {@code positions[n] = {t, y, x}}, as [n, headDim] arrays. */
    public Tables tables(NDManager manager, float[][] positions) {
        int n = positions.length;
        float[] cos = new float[n * headDim];
        float[] sin = new float[n * headDim];
        hostTables(positions, cos, sin);
        Shape shape = new Shape(n, headDim);
        return new Tables(manager.create(cos, shape), manager.create(sin, shape), rotateHalf(manager, headDim));
    }

    /**
     * The tables of {@link #tables} in Java memory: {@code cos} and {@code sin} ({@code [n][headDim]},
     * row-major) receive each token's values, the same floats {@link #tables} uploads.
     */
    public void hostTables(float[][] positions, float[] cos, float[] sin) {
        int n = positions.length;
        int half = headDim / 2;
        for (int k = 0; k < n; k++) {
            for (int f = 0; f < half; f++) {
                double angle = positions[k][axisOf[f]] * frequencies[f];
                float c = (float) Math.cos(angle);
                float s = (float) Math.sin(angle);
                cos[k * headDim + f] = c;
                cos[k * headDim + f + half] = c;
                sin[k * headDim + f] = s;
                sin[k * headDim + f + half] = s;
            }
        }
    }

    /**
     * The matrix {@code P} with {@code x·P = rotate_half(x) = [−x₂, x₁]}: one small matmul instead of
     * slicing, negating and concatenating the halves.
     */
    private static NDArray rotateHalf(NDManager manager, int d) {
        float[] p = new float[d * d];
        int half = d / 2;
        for (int i = 0; i < half; i++) {
            p[(i + half) * d + i] = -1f; // output i < half reads −x[i + half]
            p[i * d + i + half] = 1f;    // output i + half reads x[i]
        }
        return manager.create(p, new Shape(d, d));
    }

    /**
     * Cosine and sine per token and dimension (broadcast against {@code [..., n, headDim]}), and the
     * rotate-half matrix. Reshape {@code cos} and {@code sin} together to broadcast another way.
     */
    public record Tables(NDArray cos, NDArray sin, NDArray swap) {
        /** The same tables with cosines and sines reshaped (e.g. to broadcast over heads). */
        public Tables reshape(Shape shape) {
            return new Tables(cos.reshape(shape), sin.reshape(shape), swap);
        }

        /** Rotates {@code x} ([..., n, headDim]) by these tables. */
        public NDArray apply(NDArray x) {
            return x.mul(cos).add(x.matMul(swap).mul(sin));
        }

        /**
         * Rotates {@code x ⊙ scale} ({@code scale} per dimension, [headDim]) with the scale folded into
         * the small tables: {@code rot(x ⊙ s) = x ⊙ (cos ⊙ s) + rotate_half(x) ⊙ (sin ⊙ roll(s))}, since
         * rotate_half moves dimension {@code i ± headDim/2} into {@code i}. Four passes over {@code x}
         * instead of six.
         */
        public NDArray apply(NDArray x, NDArray scale) {
            long d = scale.getShape().get(0);
            NDArray rolled = NDArrays.concat(new ai.djl.ndarray.NDList(scale.get("{}:", d / 2), scale.get(":{}", d / 2)));
            return x.mul(cos.mul(scale)).add(x.matMul(swap).mul(sin.mul(rolled)));
        }
    }
}
