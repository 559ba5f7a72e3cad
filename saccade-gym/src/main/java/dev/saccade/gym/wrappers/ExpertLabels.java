package dev.saccade.gym.wrappers;

import dev.saccade.gym.Env;
import dev.saccade.gym.Info;
import dev.saccade.gym.Options;
import dev.saccade.gym.Reset;
import dev.saccade.gym.Step;
import dev.saccade.gym.envs.EyeInfo;
import dev.saccade.gym.eye.EyeObservation;
import dev.saccade.gym.eye.GazeLimits;
import dev.saccade.gym.policy.GazePolicy;
import dev.saccade.gym.policy.Saccades;
import java.util.OptionalLong;

/**
 * Labels every observation with an expert's eye action from it ({@link EyeInfo#EXPERT_ACTION}), and
 * optionally a soft label over all 25 actions ({@link EyeInfo#EXPERT_POLICY}, {@link
 * Saccades#towardSoftly}: equally good saccades share the label instead of one winning a near-tie):
 * DAgger's labels, the states the learner visits with the expert's choices. The scripted oracle
 * reads the annotations, so runs that use these labels are labelled oracle ablations. The labels
 * ride in {@link Info}; a learning policy never sees them.
 */
public final class ExpertLabels extends Wrapper<EyeObservation, Integer> {
    /** Soft labels: the temperature and the settle band (radians) within the eye's limits. */
    public record Soft(double temperatureRad, double settleRad, GazeLimits limits) {
        public Soft {
            if (!(temperatureRad > 0) || !(settleRad >= 0)) {
                throw new IllegalArgumentException("soft labels need a positive temperature and a settle band ≥ 0, got "
                        + temperatureRad + " and " + settleRad);
            }
        }
    }

    private final GazePolicy expert;
    private final Soft soft;

    /** Labels from {@code expert} (a stateless policy such as the scripted oracle); {@code soft} may be null (hard labels). */
    public ExpertLabels(Env<EyeObservation, Integer> env, GazePolicy expert, Soft soft) {
        super(env);
        this.expert = expert;
        this.soft = soft;
    }

    @Override
    public Reset<EyeObservation> reset(OptionalLong seed, Options options) {
        Reset<EyeObservation> r = env.reset(seed, options);
        if (seed.isPresent()) {
            expert.reset(seed.getAsLong());
        }
        return new Reset<>(r.observation(), label(r.observation(), r.info()));
    }

    @Override
    public Step<EyeObservation> step(Integer action) {
        Step<EyeObservation> s = env.step(action);
        return new Step<>(s.observation(), s.reward(), s.terminated(), s.truncated(), label(s.observation(), s.info()));
    }

    private Info label(EyeObservation o, Info info) {
        EyeInfo.requireGroundTruth(info, "the scripted oracle's labels (ExpertLabels)");
        int action = expert.act(o, info);
        Info.Builder b = info.toBuilder().put(EyeInfo.EXPERT_ACTION, action);
        if (soft != null) {
            info.find(EyeInfo.RELEVANT).ifPresent(d -> b.put(EyeInfo.EXPERT_POLICY,
                    Saccades.towardSoftly(o.gaze(), d.yaw(), d.pitch(), soft.limits(), soft.settleRad(), soft.temperatureRad())));
        }
        return b.build();
    }
}
