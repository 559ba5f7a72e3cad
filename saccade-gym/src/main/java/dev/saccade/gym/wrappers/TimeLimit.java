package dev.saccade.gym.wrappers;

import dev.saccade.gym.Env;
import dev.saccade.gym.Options;
import dev.saccade.gym.Reset;
import dev.saccade.gym.Step;
import java.util.OptionalLong;

/**
 * Cuts episodes after {@code maxSteps} steps by setting {@code truncated}, after Gymnasium's
 * {@code TimeLimit}. A step that ends the episode by itself keeps its {@code terminated} flag, so a
 * learner still tells "the task ended" from "time ran out".
 */
public final class TimeLimit<O, A> extends Wrapper<O, A> {
    private final int maxSteps;
    private int steps;

    public TimeLimit(Env<O, A> env, int maxSteps) {
        super(env);
        if (maxSteps <= 0) {
            throw new IllegalArgumentException("maxSteps must be positive, got " + maxSteps);
        }
        this.maxSteps = maxSteps;
    }

    public int maxSteps() {
        return maxSteps;
    }

    @Override
    public Reset<O> reset(OptionalLong seed, Options options) {
        steps = 0;
        return env.reset(seed, options);
    }

    @Override
    public Step<O> step(A action) {
        Step<O> s = env.step(action);
        steps++;
        if (steps >= maxSteps && !s.truncated()) {
            return new Step<>(s.observation(), s.reward(), s.terminated(), true, s.info());
        }
        return s;
    }
}
