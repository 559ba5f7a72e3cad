package dev.saccade.gym.wrappers;

import dev.saccade.gym.Env;
import dev.saccade.gym.Key;
import dev.saccade.gym.Options;
import dev.saccade.gym.Reset;
import dev.saccade.gym.Step;
import java.util.OptionalLong;

/**
 * Adds the episode's return, length and wall time to the info of its last step under
 * {@link #EPISODE}, after Gymnasium's {@code RecordEpisodeStatistics}.
 */
public final class EpisodeStats<O, A> extends Wrapper<O, A> {

    /** Statistics of one finished episode: undiscounted return, steps, wall seconds. */
    public record Episode(double episodeReturn, int length, double seconds) {}

    /** Present in the info of the step that ends an episode. */
    public static final Key<Episode> EPISODE = Key.of("episode", Episode.class);

    private double episodeReturn;
    private int length;
    private long startNanos;

    public EpisodeStats(Env<O, A> env) {
        super(env);
    }

    @Override
    public Reset<O> reset(OptionalLong seed, Options options) {
        Reset<O> r = env.reset(seed, options);
        episodeReturn = 0;
        length = 0;
        startNanos = System.nanoTime();
        return r;
    }

    @Override
    public Step<O> step(A action) {
        Step<O> s = env.step(action);
        episodeReturn += s.reward();
        length++;
        if (!s.done()) {
            return s;
        }
        Episode e = new Episode(episodeReturn, length, (System.nanoTime() - startNanos) / 1e9);
        return new Step<>(s.observation(), s.reward(), s.terminated(), s.truncated(), s.info().with(EPISODE, e));
    }
}
