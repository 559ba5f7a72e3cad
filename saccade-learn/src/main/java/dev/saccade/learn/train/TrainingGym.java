package dev.saccade.learn.train;

import dev.saccade.gym.Env;
import dev.saccade.gym.demo.Demonstrations;
import dev.saccade.gym.demo.WithoutAnnotations;
import dev.saccade.gym.eye.EyeObservation;
import dev.saccade.gym.eye.GazeLimits;
import dev.saccade.gym.policy.GazePolicy;
import dev.saccade.gym.policy.OracleGaze;
import dev.saccade.gym.envs.AlternativeViews;
import dev.saccade.gym.wrappers.CandidateViews;
import dev.saccade.gym.wrappers.ExpertLabels;
import dev.saccade.gym.wrappers.GazeOverride;
import dev.saccade.gym.wrappers.HindsightLabels;
import dev.saccade.gym.wrappers.PausedStepsInBc;
import dev.saccade.gym.wrappers.SearchReward;
import java.util.function.Supplier;

/**
 * The gym-side options of a training run, as wrappers around each EyeGym: the search stage's reward,
 * the paused steps in BC, the candidate views a hand-scored teacher scores, the scripted oracle's
 * labels for its teacher, and a baseline eye driving the gaze. Those that read annotations (search reward, oracle labels, annotation baselines) are
 * only there when the settings ask for them.
 */
public final class TrainingGym {
    /** The search stage's reward radius: the visual-search reward of DESIGN.md §4. */
    public static final double SEARCH_RADIUS_DEG = 50;

    private TrainingGym() {}

    /**
     * The demonstrations a run of {@code config} trains on: {@code all} with its annotations withheld
     * ({@link WithoutAnnotations}: any read of them throws), unless the config is a labelled oracle
     * ablation ({@link BcRlConfig#readsAnnotations()}), which gets them as they are. Evaluation keeps
     * using {@code all}. Closing the result closes {@code all}.
     */
    public static Demonstrations demonstrations(Demonstrations all, BcRlConfig config) {
        return config.readsAnnotations().isPresent() ? all : WithoutAnnotations.of(all);
    }

    /**
     * {@code gym} wrapped as {@code config} needs; {@code baseline} (may be null) makes fresh baseline
     * eyes for a run whose gaze is not learned; {@code limits} are the eye's, for the oracle's labels.
     */
    public static Env<EyeObservation, Integer> wrap(Env<EyeObservation, Integer> gym, BcRlConfig config,
                                                    Supplier<GazePolicy> baseline, GazeLimits limits) {
        return wrap(gym, config, baseline, limits, null);
    }

    /**
     * As {@link #wrap(Env, BcRlConfig, Supplier, GazeLimits)}, with the demonstrations the gym steps
     * through (the hindsight teacher reads their joints and camera calibration; may be null otherwise).
     */
    public static Env<EyeObservation, Integer> wrap(Env<EyeObservation, Integer> gym, BcRlConfig config,
                                                    Supplier<GazePolicy> baseline, GazeLimits limits, Demonstrations demos) {
        Env<EyeObservation, Integer> env = gym;
        if (config.teacher().kind() == BcRlConfig.TeacherKind.HAND_SCORED) { // innermost: it renders the gym's current state
            if (!(gym instanceof AlternativeViews views)) {
                throw new IllegalArgumentException("the hand-scored teacher needs a gym that renders alternative views (DemoEyeGym), got "
                        + gym.getClass().getSimpleName());
            }
            var t = config.teacher();
            env = new CandidateViews(env, views, t.scoreEvery(),
                    t.candidates() == BcRlConfig.CandidateSet.ALL ? CandidateViews.ALL : CandidateViews.COARSE);
        }
        if (config.stages().searchEnvSteps() > 0) {
            env = new SearchReward(env, Math.toRadians(SEARCH_RADIUS_DEG));
        }
        if (config.bc().pausedSteps()) {
            env = new PausedStepsInBc(env);
        }
        if (config.teacher().kind() == BcRlConfig.TeacherKind.ORACLE) { // DAgger: the eye's own states, labelled by the oracle
            double temperature = config.teacher().temperatureDeg();
            env = new ExpertLabels(env, new OracleGaze(limits), temperature <= 0 ? null
                    : new ExpertLabels.Soft(Math.toRadians(temperature), Math.toRadians(OracleGaze.SETTLE_DEG), limits));
        }
        if (config.teacher().kind() == BcRlConfig.TeacherKind.HINDSIGHT) {
            if (demos == null || demos.camera().isEmpty()) {
                throw new dev.saccade.core.InputException("the hindsight teacher needs the 360 camera's calibration, to place the "
                        + "gripper from the joint states (saccade import --camera-position x,y,z); this dataset has none");
            }
            double temperature = config.teacher().temperatureDeg();
            env = new HindsightLabels(env, demos.episodes(), demos.camera().get(), limits, Math.toRadians(OracleGaze.SETTLE_DEG),
                    temperature <= 0 ? null
                            : new ExpertLabels.Soft(Math.toRadians(temperature), Math.toRadians(OracleGaze.SETTLE_DEG), limits));
        }
        if (!config.trainEye()) {
            if (baseline == null) {
                throw new IllegalArgumentException("a run under the " + config.stages().gaze() + " gaze needs its baseline eye");
            }
            env = new GazeOverride(env, baseline.get());
        }
        return env;
    }
}
