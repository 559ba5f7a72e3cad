package dev.saccade.gym.wrappers;

import dev.saccade.gym.Env;
import dev.saccade.gym.Options;
import dev.saccade.gym.Reset;
import dev.saccade.gym.Step;
import dev.saccade.gym.space.Space;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * Maps every observation through a function into a new space, after Gymnasium's
 * {@code TransformObservation}: for example keep only the fovea, or normalise proprioception.
 * The function must map members of the old space into {@code space}; the environment checker
 * verifies it on the episodes it plays.
 *
 * @param <O> the wrapped environment's observation type
 * @param <P> the transformed observation type
 */
public final class ObservationTransform<O, P, A> implements Env<P, A> {
    private final Env<O, A> env;
    private final Space<P> space;
    private final Function<O, P> transform;

    public ObservationTransform(Env<O, A> env, Space<P> space, Function<O, P> transform) {
        this.env = env;
        this.space = space;
        this.transform = transform;
    }

    @Override
    public Reset<P> reset(OptionalLong seed, Options options) {
        Reset<O> r = env.reset(seed, options);
        return new Reset<>(transform.apply(r.observation()), r.info());
    }

    @Override
    public Step<P> step(A action) {
        Step<O> s = env.step(action);
        return new Step<>(transform.apply(s.observation()), s.reward(), s.terminated(), s.truncated(), s.info());
    }

    @Override
    public Space<P> observationSpace() {
        return space;
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
