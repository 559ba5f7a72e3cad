package dev.saccade.gym.envs;

import dev.saccade.gym.Env;
import dev.saccade.gym.Info;
import dev.saccade.gym.Options;
import dev.saccade.gym.Reset;
import dev.saccade.gym.Step;
import dev.saccade.gym.demo.Demonstration;
import dev.saccade.gym.demo.Direction;
import dev.saccade.gym.demo.FrameSupply;
import dev.saccade.gym.eye.EyeActions;
import dev.saccade.gym.eye.EyeCamera;
import dev.saccade.gym.eye.EyeObservation;
import dev.saccade.gym.eye.Fovea;
import dev.saccade.gym.eye.GazeLimits;
import dev.saccade.gym.eye.GazeReset;
import dev.saccade.gym.search.AnnotatedTargets;
import dev.saccade.gym.search.SearchTarget;
import dev.saccade.gym.search.SearchTargets;
import dev.saccade.sphere.render.MipChain;
import dev.saccade.sphere.render.PyramidSpec;
import dev.saccade.gym.space.Discrete;
import dev.saccade.gym.space.Space;
import dev.saccade.sphere.Gaze;
import dev.saccade.sphere.render.Antialias;
import java.util.OptionalLong;
import java.util.SplittableRandom;

/**
 * Visual search in one frozen frame (the original's AVP gym, reference/eyerobot.md §2.4): find the
 * search target and keep looking at it.
 *
 * <p><b>Target.</b> Where the target lies comes from a {@link SearchTargets}: by default the
 * annotated object or place target ({@link AnnotatedTargets}, needs annotated demonstrations; in
 * training a labelled ablation), or, annotation-free as the original's CLIP relevancy, the direction
 * most like a few exemplar images in a frozen encoder's features
 * ({@link dev.saccade.gym.search.RelevancyTargets}, works on demonstrations whose annotations are withheld).
 *
 * <p><b>Episode.</b> Reset draws a task uniformly, one of its demonstrations (annotated ones if the
 * target source reads annotations), a frame uniformly (held for the whole episode), the search
 * target (one draw, e.g. the object or the place target with equal chance) and a first gaze from {@link GazeReset}. Observations have the
 * same layout as {@link DemoEyeGym}'s (proprioception is the arm's state in that frame), so one eye
 * policy serves both.
 *
 * <p><b>Reward</b> {@code clamp(1 − angle/rewardRadius, 0, 1)} with the angle between the gaze and
 * the target (rewardRadius 50°). <b>Success</b> when the angle stays within {@code successRadius}
 * (10°) for {@code successSteps} (3) consecutive steps; it is reported in info and, only if
 * {@code terminateOnSuccess}, ends the episode. By default it does not: ending on success would take
 * away the reward of the remaining steps and teach the eye to avoid succeeding. Episodes are
 * {@code truncated} after {@code maxSteps} (100).
 */
public final class VisualSearchGym implements Env<EyeObservation, Integer> {

    /** Settings; defaults after the original's AVP stage (pyramid anti-aliased, see DemoEyeGym.Config). Angles in radians. */
    public record Config(PyramidSpec pyramid, Antialias antialias, GazeLimits limits, GazeReset gazeReset, double rewardRadius,
                         double successRadius, int successSteps, int maxSteps, boolean terminateOnSuccess) {
        public static final Config DEFAULT = new Config(PyramidSpec.defaults(), Antialias.PYRAMID_DEFAULT, GazeLimits.DEFAULT, GazeReset.DEFAULT,
                Math.toRadians(50), Math.toRadians(10), 3, 100, false);

        public Config {
            if (!(rewardRadius > 0) || !(successRadius > 0) || successSteps < 1 || maxSteps < 1) {
                throw new IllegalArgumentException("bad VisualSearchGym config " + this);
            }
        }

        public Config withMaxSteps(int steps) {
            return new Config(pyramid, antialias, limits, gazeReset, rewardRadius, successRadius, successSteps, steps, terminateOnSuccess);
        }

        public Config withTerminateOnSuccess(boolean terminate) {
            return new Config(pyramid, antialias, limits, gazeReset, rewardRadius, successRadius, successSteps, maxSteps, terminate);
        }

        public Config withPyramid(PyramidSpec p) {
            return new Config(p, antialias, limits, gazeReset, rewardRadius, successRadius, successSteps, maxSteps, terminateOnSuccess);
        }
    }

    private final FrameSupply<MipChain> frames;
    private final Config config;
    private final SearchTargets targets;
    private final Episodes episodes;
    private final EyeCamera camera;
    private final Space<EyeObservation> observationSpace;
    private final Discrete actionSpace = new Discrete(EyeActions.COUNT);

    private SplittableRandom rng;
    private int position;
    private Demonstration demo;
    private int frame;
    private MipChain frozen;
    private float[] proprio;
    private Direction target;
    private String targetName;
    private int step;
    private int inside;
    private int successStep;
    private Gaze gaze;
    private boolean running;
    private boolean everReset;

    /** A search gym whose targets are the annotated object or place target. */
    public VisualSearchGym(FrameSupply<MipChain> frames, Config config) {
        this(frames, config, AnnotatedTargets.INSTANCE);
    }

    /** A search gym whose targets come from {@code targets}. */
    public VisualSearchGym(FrameSupply<MipChain> frames, Config config, SearchTargets targets) {
        this.frames = frames;
        this.config = config;
        this.targets = targets;
        this.episodes = new Episodes(frames.demonstrations().episodes(), targets.readsAnnotations(), "VisualSearchGym");
        this.camera = new EyeCamera(config.pyramid(), config.antialias());
        this.observationSpace = EyeObservation.space(config.pyramid(), config.limits());
    }

    @Override
    public Reset<EyeObservation> reset(OptionalLong seed, Options options) {
        rng = Episodes.generator(seed, rng);
        position = episodes.pick(rng, options);
        demo = episodes.get(position);
        frame = Episodes.startFrame(options, rng.nextInt(demo.length()), demo);
        frozen = frames.frame(demo, frame);
        SearchTarget picked = targets.pick(demo, frame, frozen, rng);
        target = picked.direction();
        targetName = picked.name();
        gaze = Episodes.firstGaze(options, config.gazeReset().draw(rng, config.limits()), config.limits());
        proprio = demo.stateAt(frame);
        step = 0;
        inside = 0;
        successStep = -1;
        running = true;
        everReset = true;
        return new Reset<>(observe(), describe());
    }

    @Override
    public Step<EyeObservation> step(Integer action) {
        int a = Episodes.checkStep(action, running, everReset);
        gaze = EyeActions.apply(gaze, a, config.limits());
        step++;
        double angle = Fovea.angle(gaze, target.yaw(), target.pitch());
        double reward = Math.max(0, Math.min(1, 1 - angle / config.rewardRadius()));
        inside = angle <= config.successRadius() ? inside + 1 : 0;
        if (successStep < 0 && inside >= config.successSteps()) {
            successStep = step;
        }
        boolean terminated = config.terminateOnSuccess() && successStep >= 0;
        boolean truncated = !terminated && step >= config.maxSteps();
        running = !terminated && !truncated;
        return new Step<>(observe(), reward, terminated, truncated, describe());
    }

    private EyeObservation observe() {
        return new EyeObservation(camera.render(frozen, gaze), gaze, proprio.clone(), demo.task().ordinal());
    }

    private Info describe() {
        Info.Builder info = Episodes.describe(position, demo, frame, step, gaze, config.pyramid(), target, targetName)
                .put(EyeInfo.SUCCESS, successStep >= 0);
        if (successStep >= 0) {
            info.put(EyeInfo.SUCCESS_STEP, successStep);
        }
        return info.build();
    }

    /** Where this gym's targets come from. */
    public SearchTargets targets() {
        return targets;
    }

    @Override
    public Space<EyeObservation> observationSpace() {
        return observationSpace;
    }

    @Override
    public Space<Integer> actionSpace() {
        return actionSpace;
    }

    /** Time spent rendering, nanoseconds. */
    public long renderNanos() {
        return camera.renderNanos();
    }

    /** Lets go of the frozen frame. */
    @Override
    public void close() {
        running = false;
        frozen = null;
    }
}
