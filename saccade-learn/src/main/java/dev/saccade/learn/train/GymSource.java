package dev.saccade.learn.train;

import dev.saccade.gym.Info;
import dev.saccade.gym.envs.EyeInfo;
import dev.saccade.gym.eye.EyeObservation;
import dev.saccade.gym.eye.GazeLimits;
import dev.saccade.gym.policy.GazePolicy;
import dev.saccade.gym.policy.Saccades;
import dev.saccade.gym.reward.HandTarget;
import dev.saccade.gym.vector.VectorEnv;
import dev.saccade.gym.vector.VectorReset;
import dev.saccade.gym.vector.VectorStep;
import dev.saccade.learn.policy.Observation;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Rollouts from the gym: a {@link VectorEnv} of {@code DemoEyeGym}s (BC-RL) or
 * {@code VisualSearchGym}s (search pretraining), seen as a {@link RolloutSource}. Each env's
 * {@link EyeInfo#HAND_TARGET} gives the demonstrated chunk and its mask, {@link EyeInfo#PAUSED} makes
 * the BC weight 0 (the original leaves paused search steps out of BC), and an episode's end comes
 * from the step's {@code terminated}/{@code truncated} flags with its final observation and info
 * (the vector env resets in the same step; what it starts is ignored until the next {@link #reset}).
 *
 * <p>Two options, both reading the gym's ground truth ({@link EyeInfo#TARGET_ANGLE}, annotated
 * datasets only) and never showing it to the policy: {@link #withSearchReward} rewards the eye for
 * looking at the relevant thing (the search stage of training), and {@link #withGaze} lets a baseline
 * eye drive the gaze instead of the policy (a hand trained under a fixed gaze regime).
 */
public final class GymSource implements RolloutSource {
    private final VectorEnv<EyeObservation, Integer> envs;
    private final int chunk;
    private final int joints;
    private final Options options;
    private final EnvStep[] ended;
    private final GazePolicy[] eyes;
    private final GazePolicy[] experts;
    private final EyeObservation[] lastObservation;
    private final Info[] lastInfo;

    /**
     * What the withers set. {@code searchRadius} 0: the hand's reward; {@code gaze} null: the
     * policy drives the eye; {@code expert} null: no imitation labels; {@code soft} null: hard
     * labels; {@code pausedBcWeight} 0: paused search steps are left out of BC.
     */
    private record Options(double searchRadius, Supplier<GazePolicy> gaze, Supplier<GazePolicy> expert, SoftLabels soft,
                           float pausedBcWeight) {
        static final Options NONE = new Options(0, null, null, null, 0f);
    }

    /** Soft imitation labels: {@link Saccades#towardSoftly}'s temperature and settle band (radians) within the eye's limits. */
    private record SoftLabels(double temperatureRad, double settleRad, GazeLimits limits) {}

    /** Wraps {@code envs} (not closed here) for chunks of {@code chunk} frames of {@code joints} values. */
    public GymSource(VectorEnv<EyeObservation, Integer> envs, int chunk, int joints) {
        this(envs, chunk, joints, Options.NONE);
    }

    private GymSource(VectorEnv<EyeObservation, Integer> envs, int chunk, int joints, Options options) {
        this.envs = envs;
        this.chunk = chunk;
        this.joints = joints;
        this.options = options;
        this.ended = new EnvStep[envs.size()];
        this.eyes = new GazePolicy[envs.size()];
        this.experts = new GazePolicy[envs.size()];
        for (int i = 0; i < envs.size() && options.expert() != null; i++) {
            experts[i] = options.expert().get();
        }
        for (int i = 0; i < envs.size() && options.gaze() != null; i++) {
            eyes[i] = options.gaze().get();
        }
        this.lastObservation = new EyeObservation[envs.size()];
        this.lastInfo = new Info[envs.size()];
    }

    private GymSource with(Options changed) {
        return new GymSource(envs, chunk, joints, changed);
    }

    /**
     * The same envs, with each step's reward {@code clamp(1 − angle/radius, 0, 1)} for the angle
     * between the gaze and the relevant thing ({@link EyeInfo#TARGET_ANGLE}: in DemoEyeGym the
     * object while the gripper is open, the place target once it is closed), the visual-search
     * reward of DESIGN.md §4 (radius 50°) on the thing the hand needs now. Steps without the
     * annotation get 0.
     */
    public GymSource withSearchReward(double radius) {
        if (!(radius > 0)) {
            throw new IllegalArgumentException("search reward radius must be positive, got " + radius);
        }
        Options o = options;
        return with(new Options(radius, o.gaze(), o.expert(), o.soft(), o.pausedBcWeight()));
    }

    /** The same envs with the gaze driven by fresh instances of {@code policy} (one per env); the actions given to {@link #step} are ignored. */
    public GymSource withGaze(Supplier<GazePolicy> policy) {
        Options o = options;
        return with(new Options(o.searchRadius(), policy, o.expert(), o.soft(), o.pausedBcWeight()));
    }

    /**
     * The same envs, with each observation labelled by {@code policy}'s action from it (one
     * instance per env, stateless ones such as the scripted oracle): DAgger's labels, the states
     * the learner visits with the expert's choices, for the eye's imitation loss. The expert reads
     * ground truth; the policy never sees its label.
     */
    public GymSource withExpert(Supplier<GazePolicy> policy) {
        Options o = options;
        return with(new Options(o.searchRadius(), o.gaze(), policy, o.soft(), o.pausedBcWeight()));
    }

    /**
     * The same envs, with the paused search steps in BC too (weight 1): the hand learns to predict
     * the start frame's chunk from whatever the eye shows while it searches. The original leaves
     * them out of BC yet rewards the eye there, so its hand's error in those steps says little
     * about where the eye looked.
     */
    public GymSource withPausedStepsInBc() {
        Options o = options;
        return with(new Options(o.searchRadius(), o.gaze(), o.expert(), o.soft(), 1f));
    }

    /**
     * The same envs, with soft imitation labels besides the expert's action ({@link
     * Saccades#towardSoftly}): equally good saccades share the label instead of one winning a
     * near-tie, and inside the oracle's settle band all of it goes to staying put, as the oracle does.
     */
    public GymSource withSoftLabels(double temperatureRad, double settleRad, GazeLimits limits) {
        if (!(temperatureRad > 0) || !(settleRad >= 0)) {
            throw new IllegalArgumentException("soft labels need a positive temperature and a settle band ≥ 0, got "
                    + temperatureRad + " and " + settleRad);
        }
        Options o = options;
        return with(new Options(o.searchRadius(), o.gaze(), o.expert(), new SoftLabels(temperatureRad, settleRad, limits),
                o.pausedBcWeight()));
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
            if (eyes[i] != null) {
                eyes[i].reset(seed + 7919L * i);
            }
            if (experts[i] != null) {
                experts[i].reset(seed + 7919L * i);
            }
            out.add(step(i, r.observations().get(i), r.infos().get(i), 0, false, false));
        }
        return out;
    }

    @Override
    public List<EnvStep> step(int[] actions) {
        List<Integer> a = new ArrayList<>(actions.length);
        for (int i = 0; i < actions.length; i++) {
            int action = eyes[i] != null ? eyes[i].act(lastObservation[i], lastInfo[i]) : actions[i];
            a.add(ended[i] != null || action < 0 ? 0 : action); // 0 stays; a finished env's action is ignored
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
                ended[i] = step(i, last, info, s.rewards()[i], true, s.terminated()[i]);
                out.add(ended[i]);
            } else {
                out.add(step(i, s.observations().get(i), s.infos().get(i), s.rewards()[i], false, false));
            }
        }
        return out;
    }

    private EnvStep step(int env, EyeObservation o, Info info, double reward, boolean done, boolean terminal) {
        lastObservation[env] = o;
        lastInfo[env] = info;
        double radius = options.searchRadius();
        if (radius > 0) {
            reward = info.find(EyeInfo.TARGET_ANGLE).map(a -> Math.max(0, Math.min(1, 1 - a / radius))).orElse(0.0);
        }
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
            bcWeight = info.find(EyeInfo.PAUSED).orElse(false) ? options.pausedBcWeight() : 1f;
        }
        int expertAction = experts[env] != null && !done ? experts[env].act(o, info) : -1;
        float[] soft = null;
        SoftLabels labels = options.soft();
        if (expertAction >= 0 && labels != null) {
            soft = info.find(EyeInfo.RELEVANT)
                    .map(d -> Saccades.towardSoftly(o.gaze(), d.yaw(), d.pitch(), labels.limits(), labels.settleRad(), labels.temperatureRad()))
                    .orElse(null);
        }
        return new EnvStep(obs, demo, mask, bcWeight, (float) reward, done, terminal, inFovea, expertAction, soft);
    }
}
