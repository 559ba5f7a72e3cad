package dev.saccade.learn.train;

import dev.saccade.gym.Info;
import dev.saccade.gym.envs.EyeInfo;
import dev.saccade.gym.eye.EyeObservation;
import dev.saccade.gym.reward.HandTarget;
import dev.saccade.gym.vector.VectorEnv;
import dev.saccade.gym.vector.VectorReset;
import dev.saccade.gym.vector.VectorStep;
import dev.saccade.learn.policy.Observation;
import java.util.ArrayList;
import java.util.List;

/**
 * Rollouts from the gym: a {@link VectorEnv} of {@code DemoEyeGym}s (BC-RL) or
 * {@code VisualSearchGym}s (search pretraining), seen as a {@link RolloutSource}. Each env's
 * {@link EyeInfo#HAND_TARGET} gives the demonstrated chunk and its mask, {@link EyeInfo#PAUSED} makes
 * the BC weight 0 (the original leaves paused search steps out of BC), and an episode's end comes
 * from the step's {@code terminated}/{@code truncated} flags with its final observation and info
 * (the vector env resets in the same step; what it starts is ignored until the next {@link #reset}).
 */
public final class GymSource implements RolloutSource {
    private final VectorEnv<EyeObservation, Integer> envs;
    private final int chunk;
    private final int joints;
    private final EnvStep[] ended;

    /** Wraps {@code envs} (not closed here) for chunks of {@code chunk} frames of {@code joints} values. */
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
                continue;
            }
            if (s.done(i)) {
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
            bcWeight = info.find(EyeInfo.PAUSED).orElse(false) ? 0f : 1f;
        }
        return new EnvStep(obs, demo, mask, bcWeight, (float) reward, done, terminal);
    }
}
