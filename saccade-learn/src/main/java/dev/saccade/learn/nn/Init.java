package dev.saccade.learn.nn;

import dev.saccade.learn.io.HostTensor;

/** Initial weight values, drawn from the project's {@link Rng} so a seed fixes a whole model. */
public final class Init {
    private Init() {}

    /** U(−bound, bound). */
    public static HostTensor uniform(Rng rng, double bound, long... shape) {
        float[] v = new float[count(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) ((2 * rng.nextDouble() - 1) * bound);
        }
        return new HostTensor(shape, v);
    }

    /** N(0, std²). */
    public static HostTensor normal(Rng rng, double std, long... shape) {
        float[] v = new float[count(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (rng.nextGaussian() * std);
        }
        return new HostTensor(shape, v);
    }

    public static HostTensor constant(float value, long... shape) {
        float[] v = new float[count(shape)];
        java.util.Arrays.fill(v, value);
        return new HostTensor(shape, v);
    }

    public static HostTensor zeros(long... shape) {
        return constant(0f, shape);
    }

    private static int count(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return Math.toIntExact(n);
    }
}
