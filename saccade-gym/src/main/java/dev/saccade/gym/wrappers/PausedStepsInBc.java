package dev.saccade.gym.wrappers;

import dev.saccade.gym.Env;
import dev.saccade.gym.Info;
import dev.saccade.gym.Options;
import dev.saccade.gym.Reset;
import dev.saccade.gym.Step;
import dev.saccade.gym.envs.EyeInfo;
import dev.saccade.gym.eye.EyeObservation;
import java.util.OptionalLong;

/**
 * Gives the paused search steps of a DemoEyeGym a BC weight of 1 ({@link EyeInfo#BC_WEIGHT}): the
 * hand also learns to predict the start frame's chunk from whatever the eye shows while it searches.
 * The original leaves them out of BC yet rewards the eye there, so its hand's error in those steps
 * says little about where the eye looked.
 */
public final class PausedStepsInBc extends Wrapper<EyeObservation, Integer> {
    public PausedStepsInBc(Env<EyeObservation, Integer> env) {
        super(env);
    }

    @Override
    public Reset<EyeObservation> reset(OptionalLong seed, Options options) {
        Reset<EyeObservation> r = env.reset(seed, options);
        return new Reset<>(r.observation(), weigh(r.info()));
    }

    @Override
    public Step<EyeObservation> step(Integer action) {
        Step<EyeObservation> s = env.step(action);
        return new Step<>(s.observation(), s.reward(), s.terminated(), s.truncated(), weigh(s.info()));
    }

    private static Info weigh(Info info) {
        return info.find(EyeInfo.PAUSED).orElse(false) ? info.with(EyeInfo.BC_WEIGHT, 1f) : info;
    }
}
