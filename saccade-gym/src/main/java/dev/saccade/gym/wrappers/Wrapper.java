package dev.saccade.gym.wrappers;

import dev.saccade.gym.Env;
import dev.saccade.gym.Options;
import dev.saccade.gym.Reset;
import dev.saccade.gym.Step;
import dev.saccade.gym.space.Space;
import java.util.OptionalLong;

/**
 * An environment that delegates to another, after Gymnasium's {@code Wrapper}; subclasses override
 * only what they change. Closing the wrapper closes the wrapped environment.
 */
public abstract class Wrapper<O, A> implements Env<O, A> {
    protected final Env<O, A> env;

    protected Wrapper(Env<O, A> env) {
        this.env = env;
    }

    /** The wrapped environment. */
    public Env<O, A> unwrapped() {
        return env;
    }

    @Override
    public Reset<O> reset(OptionalLong seed, Options options) {
        return env.reset(seed, options);
    }

    @Override
    public Step<O> step(A action) {
        return env.step(action);
    }

    @Override
    public Space<O> observationSpace() {
        return env.observationSpace();
    }

    @Override
    public Space<A> actionSpace() {
        return env.actionSpace();
    }

    @Override
    public void close() {
        env.close();
    }
}
