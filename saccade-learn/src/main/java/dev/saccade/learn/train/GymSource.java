package dev.saccade.learn.train;

import dev.saccade.gym.Info;
import dev.saccade.gym.envs.EyeInfo;
import dev.saccade.gym.eye.EyeObservation;
import dev.saccade.gym.wrappers.CandidateViews;
import dev.saccade.gym.reward.HandTarget;
import dev.saccade.gym.vector.VectorEnv;
import dev.saccade.gym.vector.VectorReset;
import dev.saccade.gym.vector.VectorStep;
import dev.saccade.learn.policy.Observation;
import java.util.ArrayList;
import java.util.List;

/**
 * Rollouts from the gym: a {@link VectorEnv} of {@code DemoEyeGym}s (BC-RL) or
 * {@code VisualSearchGym}s (search pretraining), possibly wrapped, seen as a {@link RolloutSource}.
 * A thin adapter: each env's {@link EyeInfo#HAND_TARGET} gives the demonstrated chunk and its mask;
 * the BC weight is {@link EyeInfo#BC_WEIGHT} where a wrapper set it, otherwise 0 for paused search
 * steps (as the original) and 1 for the rest; {@link EyeInfo#EXPERT_ACTION} and
 * {@link EyeInfo#EXPERT_POLICY} become the teacher's labels; an episode's end comes from the step's
 * flags with its final observation and info (the vector env resets in the same step; what it starts
 * is ignored until the next {@link #reset}). What the rollout does with the eye's reward, its gaze
 * and its labels is the wrappers' business (dev.saccade.gym.wrappers).
 */
public final class GymSource implements RolloutSource {
    private final VectorEnv<EyeObservation, Integer> envs;
    private final int chunk;
    private final int joints;
    private final EnvStep[] ended;

    /** Adapts {@code envs} (not closed here) for chunks of {@code chunk} frames of {@code joints} values. */
    public GymSource(VectorEnv<EyeObservation, Integer> envs, int chunk, int joints) {
        this.envs = envs;
        this.chunk = chunk;
        this.joints = joints;
        this.ended = new EnvStep[envs.size()];
    }

    @Override
    public int envs() {
        return envs.size();
    }

    @Override
    public List<EnvStep> reset(long seed) {
        VectorReset<EyeObservation> r = envs.reset(seed);
        List<EnvStep> out = new ArrayList<>(envs.size());
        for (int i = 0; i < envs.size(); i++) {
            ended[i] = null;
            out.add(step(r.observations().get(i), r.infos().get(i), 0, false, false));
        }
        return out;
    }

    @Override
    public List<EnvStep> step(int[] actions) {
        List<Integer> a = new ArrayList<>(actions.length);
        for (int i = 0; i < actions.length; i++) {
            a.add(ended[i] != null || actions[i] < 0 ? 0 : actions[i]); // 0 stays; a finished env's action is ignored
        }
        VectorStep<EyeObservation> s = envs.step(a);
        List<EnvStep> out = new ArrayList<>(actions.length);
        for (int i = 0; i < actions.length; i++) {
            if (ended[i] != null) {
                out.add(ended[i]);
            } else if (s.done(i)) {
                EyeObservation last = s.finalObservation(i).orElseThrow(() -> new IllegalStateException("no final observation"));
                Info info = s.finalInfo(i).orElseThrow(() -> new IllegalStateException("no final info"));
                ended[i] = step(last, info, s.rewards()[i], true, s.terminated()[i]);
                out.add(ended[i]);
            } else {
                out.add(step(s.observations().get(i), s.infos().get(i), s.rewards()[i], false, false));
            }
        }
        return out;
    }

    private EnvStep step(EyeObservation o, Info info, double reward, boolean done, boolean terminal) {
        float inFovea = info.find(EyeInfo.IN_FOVEA).map(b -> b ? 1f : 0f).orElse(Float.NaN);
        Observation obs = new Observation(o.pyramid(), o.gaze().yaw(), o.gaze().pitch(), o.proprio(), o.task());
        float[] demo = new float[chunk * joints];
        float[] mask = new float[chunk];
        float bcWeight = 0f;
        HandTarget target = info.find(EyeInfo.HAND_TARGET).orElse(null);
        if (target != null) {
            if (target.length() != chunk || target.chunk().length != chunk * joints) {
                throw new IllegalArgumentException("the gym's chunks have " + target.length() + " frames, the policy predicts " + chunk);
            }
            System.arraycopy(target.chunk(), 0, demo, 0, demo.length);
            for (int k = 0; k < chunk; k++) {
                mask[k] = target.valid()[k] ? 1f : 0f;
            }
            bcWeight = info.find(EyeInfo.BC_WEIGHT).orElse(info.find(EyeInfo.PAUSED).orElse(false) ? 0f : 1f);
        }
        int expertAction = done ? -1 : info.find(EyeInfo.EXPERT_ACTION).orElse(-1);
        float[] soft = expertAction >= 0 ? info.find(EyeInfo.EXPERT_POLICY).orElse(null) : null;
        CandidateViews.Views candidates = done ? null : info.find(EyeInfo.CANDIDATE_VIEWS).orElse(null);
        return new EnvStep(obs, demo, mask, bcWeight, (float) reward, done, terminal, inFovea, expertAction, soft, candidates);
    }
}
