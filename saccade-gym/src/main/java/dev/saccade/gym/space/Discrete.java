package dev.saccade.gym.space;

import java.util.random.RandomGenerator;

/** The integers {@code 0 … n−1}, after Gymnasium's {@code Discrete(n)}: the eye's 25 actions, a task id. */
public record Discrete(int n) implements Space<Integer> {
    public Discrete {
        if (n <= 0) {
            throw new IllegalArgumentException("a discrete space needs n > 0, got " + n);
        }
    }

    @Override
    public Integer sample(RandomGenerator rng) {
        return rng.nextInt(n);
    }

    @Override
    public boolean contains(Integer value) {
        return value != null && value >= 0 && value < n;
    }

    @Override
    public boolean same(Integer a, Integer b) {
        return a.equals(b);
    }

    @Override
    public String toString() {
        return "Discrete(" + n + ")";
    }
}
