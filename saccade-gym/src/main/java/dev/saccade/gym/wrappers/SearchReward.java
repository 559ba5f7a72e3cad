package dev.saccade.gym.wrappers;

import dev.saccade.gym.Env;
import dev.saccade.gym.Step;
import dev.saccade.gym.envs.EyeInfo;
import dev.saccade.gym.eye.EyeObservation;

/**
 * Replaces an EyeGym's reward by the visual-search reward of DESIGN.md §4 on the thing that matters
 * now: {@code clamp(1 − angle/radius, 0, 1)} for the angle between the gaze and
 * {@link EyeInfo#RELEVANT} ({@link EyeInfo#TARGET_ANGLE}; 0 where the episode has no annotations).
 * It reads ground truth, so it is for the search stage and visual-search pretraining, which are
 * labelled as such.
 */
public final class SearchReward extends Wrapper<EyeObservation, Integer> {
    private final double radius;

    /** {@code radius} in radians (DESIGN.md's 50°). */
    public SearchReward(Env<EyeObservation, Integer> env, double radius) {
        super(env);
        if (!(radius > 0)) {
            throw new IllegalArgumentException("search reward radius must be positive, got " + radius);
        }
        this.radius = radius;
    }

    @Override
    public Step<EyeObservation> step(Integer action) {
        Step<EyeObservation> s = env.step(action);
        EyeInfo.requireGroundTruth(s.info(), "the visual-search reward (SearchReward)");
        double reward = s.info().find(EyeInfo.TARGET_ANGLE).map(a -> Math.max(0, Math.min(1, 1 - a / radius))).orElse(0.0);
        return new Step<>(s.observation(), reward, s.terminated(), s.truncated(), s.info());
    }
}
