package dev.saccade.gym.space;

import java.util.random.RandomGenerator;

/**
 * A set of values (observations or actions), after Gymnasium's spaces: it can draw a random
 * member, test membership, and compare two members structurally (arrays by content), which the
 * environment checker uses to test determinism.
 */
public interface Space<T> {

    /** A random member drawn with {@code rng}. */
    T sample(RandomGenerator rng);

    /** True if {@code value} is a member (null never is). */
    boolean contains(T value);

    /** True if {@code a} and {@code b} are the same value, comparing array contents exactly. */
    boolean same(T a, T b);

    /** Throws {@link IllegalArgumentException} naming {@code what} unless {@code value} is a member. */
    default T require(T value, String what) {
        if (!contains(value)) {
            throw new IllegalArgumentException(what + " " + describe(value) + " is not in " + this);
        }
        return value;
    }

    /** A short description of {@code value} for error messages. */
    default String describe(T value) {
        return String.valueOf(value);
    }
}
