package dev.saccade.gym;

import dev.saccade.gym.space.Box;
import dev.saccade.gym.space.Discrete;
import dev.saccade.gym.space.Space;
import java.util.OptionalLong;
import java.util.SplittableRandom;

/**
 * A tiny real environment for testing the generic machinery (vector env, wrappers, checker): a
 * walker on a line starts at a seeded position in [−50, 2]; actions 0/1/2 move it −1/0/+1;
 * reaching +3 terminates; after {@code limit} steps the episode is truncated. Observation:
 * [position, steps taken].
 */
public final class WalkEnv implements Env<float[], Integer> {
    private final int limit;
    private final Box space = Box.of(-1000f, 1000f, 2);
    private final Discrete actions = new Discrete(3);
    private SplittableRandom rng;
    private int position;
    private int steps;
    private boolean running;
    private boolean closed;
    public int closeCount;

    public WalkEnv(int limit) {
        this.limit = limit;
    }

    @Override
    public Reset<float[]> reset(OptionalLong seed, Options options) {
        if (seed.isPresent() || rng == null) {
            rng = new SplittableRandom(seed.orElse(42));
        }
        position = rng.nextInt(-50, 3);
        steps = 0;
        running = true;
        return new Reset<>(obs(), Info.EMPTY.with(Key.of("start", Integer.class), position));
    }

    @Override
    public Step<float[]> step(Integer action) {
        if (action == null || !actions.contains(action)) {
            throw new IllegalArgumentException("bad action " + action);
        }
        if (!running) {
            throw new IllegalStateException("not running");
        }
        position += action - 1;
        steps++;
        boolean terminated = position >= 3;
        boolean truncated = !terminated && steps >= limit;
        running = !terminated && !truncated;
        return new Step<>(obs(), terminated ? 1 : 0, terminated, truncated, Info.EMPTY);
    }

    private float[] obs() {
        return new float[] {position, steps};
    }

    @Override
    public Space<float[]> observationSpace() {
        return space;
    }

    @Override
    public Space<Integer> actionSpace() {
        return actions;
    }

    @Override
    public void close() {
        closeCount++;
        closed = true;
    }

    public boolean closed() {
        return closed;
    }
}
