package dev.saccade.gym.wrappers;

import dev.saccade.gym.Env;
import dev.saccade.gym.Info;
import dev.saccade.gym.Options;
import dev.saccade.gym.Reset;
import dev.saccade.gym.Step;
import dev.saccade.gym.envs.AlternativeViews;
import dev.saccade.gym.envs.EyeInfo;
import dev.saccade.gym.eye.EyeActions;
import dev.saccade.gym.eye.EyeObservation;
import dev.saccade.sphere.Gaze;
import java.util.Arrays;
import java.util.OptionalLong;

/**
 * Offers a teacher the views of alternative actions: on every {@code every}-th step of an episode
 * (steps 0, every, 2·every, …, counted from reset), the info carries {@link EyeInfo#CANDIDATE_VIEWS},
 * the observations the eye would get at this frame after each candidate action from its current
 * gaze, rendered by the gym ({@link AlternativeViews}). A teacher scores them with the hand against
 * the demonstrated chunk (the demonstration's known future), which needs no annotation. Rendering
 * costs one pyramid per candidate, so {@code every} and the candidate set bound the cost.
 *
 * <p>Put it directly around the gym whose views it renders ({@code views} is that gym): the views
 * are of the gym's current state, which wrappers do not change.
 */
public final class CandidateViews extends Wrapper<EyeObservation, Integer> {
    /** Stay and the eight 10° saccades: a coarse sweep (the 3° and 1° steps see nearly the same). */
    public static final int[] COARSE = {0, 1, 2, 3, 4, 5, 6, 7, 8};
    /** All 25 actions. */
    public static final int[] ALL = allActions();

    /**
     * The candidate views of one step: {@code actions[i]} leads to gaze {@code gazes[i]}, seen as
     * {@code observations[i]}. Arrays are not copied.
     */
    public record Views(int[] actions, Gaze[] gazes, EyeObservation[] observations) {
        public Views {
            if (actions.length != gazes.length || actions.length != observations.length || actions.length == 0) {
                throw new IllegalArgumentException("candidate views: " + actions.length + " actions, " + gazes.length + " gazes, "
                        + observations.length + " observations");
            }
        }

        public int size() {
            return actions.length;
        }
    }

    private final AlternativeViews views;
    private final int every;
    private final int[] candidates;
    private int step;

    /**
     * @param env        the gym, possibly already wrapped by wrappers that do not move the eye
     * @param views      the gym that renders alternative views (usually {@code env} itself)
     * @param every      offer candidates on every {@code every}-th step (1: all)
     * @param candidates the candidate actions ({@link #COARSE}, {@link #ALL} or any distinct subset)
     */
    public CandidateViews(Env<EyeObservation, Integer> env, AlternativeViews views, int every, int[] candidates) {
        super(env);
        if (every < 1) {
            throw new IllegalArgumentException("candidate views every " + every + " steps: must be ≥ 1");
        }
        if (candidates.length == 0 || Arrays.stream(candidates).distinct().count() != candidates.length
                || Arrays.stream(candidates).anyMatch(a -> a < 0 || a >= EyeActions.COUNT)) {
            throw new IllegalArgumentException("candidate actions must be distinct eye actions, got " + Arrays.toString(candidates));
        }
        this.views = views;
        this.every = every;
        this.candidates = candidates.clone();
    }

    @Override
    public Reset<EyeObservation> reset(OptionalLong seed, Options options) {
        Reset<EyeObservation> r = env.reset(seed, options);
        step = 0;
        return new Reset<>(r.observation(), offer(r.observation(), r.info()));
    }

    @Override
    public Step<EyeObservation> step(Integer action) {
        Step<EyeObservation> s = env.step(action);
        step++;
        return s.done() ? s : new Step<>(s.observation(), s.reward(), s.terminated(), s.truncated(), offer(s.observation(), s.info()));
    }

    private Info offer(EyeObservation o, Info info) {
        if (step % every != 0) {
            return info;
        }
        Gaze[] gazes = new Gaze[candidates.length];
        EyeObservation[] observations = new EyeObservation[candidates.length];
        for (int i = 0; i < candidates.length; i++) {
            gazes[i] = EyeActions.apply(o.gaze(), candidates[i], views.limits());
            observations[i] = views.lookAt(gazes[i]);
        }
        return info.with(EyeInfo.CANDIDATE_VIEWS, new Views(candidates.clone(), gazes, observations));
    }

    private static int[] allActions() {
        int[] a = new int[EyeActions.COUNT];
        for (int i = 0; i < a.length; i++) {
            a[i] = i;
        }
        return a;
    }
}
