package dev.saccade.gym.wrappers;

import dev.saccade.gym.Env;
import dev.saccade.gym.Info;
import dev.saccade.gym.Options;
import dev.saccade.gym.Reset;
import dev.saccade.gym.Step;
import dev.saccade.gym.eye.EyeObservation;
import dev.saccade.gym.policy.GazePolicy;
import java.util.OptionalLong;
import java.util.SplittableRandom;

/**
 * Lets a baseline eye drive the gaze: every action given to {@link #step} is replaced by
 * {@code policy}'s choice from the last observation (a hand trained under a fixed gaze regime,
 * the fair comparison for each baseline). The policy is re-seeded with the episode's seed at each
 * seeded reset, and from the wrapper's own stream at unseeded ones.
 */
public final class GazeOverride extends Wrapper<EyeObservation, Integer> {
    private final GazePolicy policy;
    private SplittableRandom seeds = new SplittableRandom(0);
    private EyeObservation last;
    private Info lastInfo;

    public GazeOverride(Env<EyeObservation, Integer> env, GazePolicy policy) {
        super(env);
        this.policy = policy;
    }

    @Override
    public Reset<EyeObservation> reset(OptionalLong seed, Options options) {
        Reset<EyeObservation> r = env.reset(seed, options);
        if (seed.isPresent()) {
            seeds = new SplittableRandom(seed.getAsLong());
        }
        policy.reset(seed.isPresent() ? seed.getAsLong() : seeds.nextLong());
        last = r.observation();
        lastInfo = r.info();
        return r;
    }

    @Override
    public Step<EyeObservation> step(Integer ignored) {
        if (!env.actionSpace().contains(ignored)) { // still an action of the space: the Env contract holds through the wrapper
            throw new IllegalArgumentException("not an eye action: " + ignored);
        }
        Step<EyeObservation> s = env.step(policy.act(last, lastInfo));
        last = s.observation();
        lastInfo = s.info();
        return s;
    }
}
