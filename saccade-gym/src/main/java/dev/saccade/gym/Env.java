package dev.saccade.gym;

import dev.saccade.gym.space.Space;
import java.util.OptionalLong;

/**
 * An environment an agent acts in, one episode at a time, after Gymnasium 1.x's {@code Env}.
 *
 * <p>The contract, checked by {@link dev.saccade.gym.check.EnvChecker}:
 * <ul>
 *   <li>{@link #reset(OptionalLong, Options)} starts an episode. With a seed, the environment's
 *       random generator is re-seeded, so the same seed and the same actions give the same episode.
 *       Without one it continues from its generator (Gymnasium's {@code reset(seed=None)}).
 *   <li>{@link #step} applies an action from {@link #actionSpace()} (anything else is rejected with
 *       {@link IllegalArgumentException}) and returns an observation in {@link #observationSpace()}.
 *   <li>{@code terminated}: the episode reached a true end (no future to bootstrap);
 *       {@code truncated}: it was cut short by a limit (a learner may bootstrap from the final value).
 *       After either, {@link #step} throws {@link IllegalStateException} until the next reset; so does
 *       stepping before the first reset.
 *   <li>Ground truth for evaluation rides in {@link Info}, never in the observation.
 * </ul>
 * An environment is not thread-safe: one thread drives it at a time ({@code VectorEnv} hands each
 * environment to one worker per step).
 *
 * @param <O> observation type
 * @param <A> action type
 */
public interface Env<O, A> extends AutoCloseable {

    /** Starts an episode; see the class comment for seeding. */
    Reset<O> reset(OptionalLong seed, Options options);

    /** Applies one action. */
    Step<O> step(A action);

    /** The set every observation lies in. */
    Space<O> observationSpace();

    /** The set of valid actions. */
    Space<A> actionSpace();

    /** Releases what the environment holds; calling it twice is harmless. */
    @Override
    void close();

    /** Starts an episode from {@code seed}: the same seed gives the same episode. */
    default Reset<O> reset(long seed) {
        return reset(OptionalLong.of(seed), Options.NONE);
    }

    /** Starts an episode from {@code seed} with options (e.g. a chosen demonstration). */
    default Reset<O> reset(long seed, Options options) {
        return reset(OptionalLong.of(seed), options);
    }

    /** Starts the next episode from the environment's own generator. */
    default Reset<O> reset() {
        return reset(OptionalLong.empty(), Options.NONE);
    }
}
