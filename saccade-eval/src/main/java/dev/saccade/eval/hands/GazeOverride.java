package dev.saccade.eval.hands;

import dev.saccade.gym.Env;
import dev.saccade.gym.Info;
import dev.saccade.gym.Options;
import dev.saccade.gym.Reset;
import dev.saccade.gym.Step;
import dev.saccade.gym.eye.EyeObservation;
import dev.saccade.gym.policy.GazePolicy;
import dev.saccade.gym.wrappers.Wrapper;
import java.util.OptionalLong;
import java.util.SplittableRandom;

/**
 * An EyeGym whose eye is a baseline gaze policy: the action passed to {@link #step} is ignored and
 * the baseline's is taken instead. A trainer that clones the hand from the views it gets then trains
 * a hand under that gaze (the fair comparison for a gaze regime: a hand that has seen its views).
 */
public final class GazeOverride extends Wrapper<EyeObservation, Integer> {
    private final GazePolicy gaze;
    private final SplittableRandom seeds = new SplittableRandom(0x6A2E);
    private EyeObservation last;
    private Info lastInfo;

    public GazeOverride(Env<EyeObservation, Integer> env, GazePolicy gaze) {
        super(env);
        this.gaze = gaze;
    }

    @Override
    public Reset<EyeObservation> reset(OptionalLong seed, Options options) {
        Reset<EyeObservation> r = env.reset(seed, options);
        gaze.reset(seed.isPresent() ? seed.getAsLong() : seeds.nextLong());
        last = r.observation();
        lastInfo = r.info();
        return r;
    }

    /** Steps with the baseline's action for the current observation; {@code ignored} is the learner's. */
    @Override
    public Step<EyeObservation> step(Integer ignored) {
        if (last == null) {
            throw new IllegalStateException("call reset() before step()");
        }
        Step<EyeObservation> s = env.step(gaze.act(last, lastInfo));
        last = s.observation();
        lastInfo = s.info();
        return s;
    }
}
