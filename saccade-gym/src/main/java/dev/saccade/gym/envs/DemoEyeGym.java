package dev.saccade.gym.envs;

import dev.saccade.gym.Env;
import dev.saccade.gym.Info;
import dev.saccade.gym.Options;
import dev.saccade.gym.Reset;
import dev.saccade.gym.Step;
import dev.saccade.gym.demo.Demonstration;
import dev.saccade.gym.demo.FrameSupply;
import dev.saccade.gym.eye.EyeActions;
import dev.saccade.gym.eye.EyeCamera;
import dev.saccade.gym.eye.EyeObservation;
import dev.saccade.gym.eye.GazeLimits;
import dev.saccade.gym.eye.GazeReset;
import dev.saccade.sphere.render.MipChain;
import dev.saccade.sphere.render.PyramidSpec;
import dev.saccade.gym.reward.HandPredictor;
import dev.saccade.gym.reward.HandReward;
import dev.saccade.gym.reward.HandTarget;
import dev.saccade.gym.space.Discrete;
import dev.saccade.gym.space.Space;
import dev.saccade.sphere.Gaze;
import dev.saccade.sphere.render.Antialias;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SplittableRandom;

/**
 * The eye inside a replayed demonstration (DESIGN.md §4, reference/eyerobot.md §2.3): the arm does
 * what was recorded, the eye looks where its actions take it, and every look is rendered from the
 * 360° frame.
 *
 * <p><b>Episode.</b> Reset draws a task uniformly, one of its demonstrations uniformly, a start
 * frame uniformly among those that leave room for the whole episode ({@code [0, T−1−advanceSteps·stride]},
 * or 0 for short demonstrations; only multiples of {@code startStride} if it is above 1) and a first gaze from {@link GazeReset}. Then {@code searchSteps}
 * (30) steps with the video paused at the start frame, then up to {@code advanceSteps} (100) steps
 * that each advance it by {@code frameStride} (2) frames: 15 Hz at 30 fps.
 * {@code terminated} when the demonstration has no frame left to advance to (its end);
 * {@code truncated} when the advancing steps are used up; never both.
 *
 * <p><b>Actions</b> are the 25 of {@link EyeActions}; the gaze is clamped to {@link GazeLimits}.
 *
 * <p><b>Reward.</b> The reward of {@code step(a)} scores the hand on the observation that step
 * returns, the view {@code a} chose: {@link HandReward} of the hand's predicted chunk against the
 * chunk demonstrated from that observation's frame (minus the Chamfer distance in metres by
 * default). It is computed on every step, paused ones included. Without a {@link HandPredictor} the
 * reward is 0 and a trainer scores the steps itself, batched, from {@link EyeInfo#HAND_TARGET}
 * in each step's info (the final step's is in the vector env's final info). (The original scores the
 * prediction made from the previous observation, so an action pays off one step later.)
 *
 * <p>Not thread-safe; any number of gyms may share one {@link FrameSupply}.
 */
public final class DemoEyeGym implements Env<EyeObservation, Integer>, AlternativeViews {

    /**
     * Settings, defaults after the original (reference/eyerobot.md §2.3) at CPU scale.
     *
     * @param pyramid      the observation's pyramid (3 × 64², 17.3°/62.3°/116°)
     * @param antialias    how the pyramid samples the frame (MIP: anti-aliased wide levels; OFF: plain bilinear as the original)
     * @param searchSteps  steps with the video paused at the start (30)
     * @param advanceSteps steps that advance the video (100)
     * @param frameStride  frames per advancing step (2: 15 Hz at 30 fps)
     * @param chunkLength  frames in the hand's chunk (30: one second)
     * @param limits       where the eye may look (yaw ±130°, pitch ±90°)
     * @param gazeReset    the first gaze's distribution
     * @param reward       how the hand's prediction is scored (Chamfer)
     * @param readAhead    advancing steps whose frames are decoded ahead in the background (8)
     * @param startStride  start frames are drawn among multiples of this (1: any frame). With 2 and a
     *                     dataset encoded with GOP 2 (every even frame a keyframe), every frame an
     *                     episode asks for is a keyframe, decoded alone; and an episode visits only
     *                     even frames, so a frame cache holding half the frames holds them all.
     */
    public record Config(PyramidSpec pyramid, Antialias antialias, int searchSteps, int advanceSteps, int frameStride, int chunkLength,
                         GazeLimits limits, GazeReset gazeReset, HandReward reward, int readAhead, int startStride) {
        public static final Config DEFAULT = new Config(PyramidSpec.defaults(), Antialias.PYRAMID_DEFAULT, 30, 100, 2, 30,
                GazeLimits.DEFAULT, GazeReset.DEFAULT, HandReward.CHAMFER, 8, 1);

        public Config {
            if (searchSteps < 0 || advanceSteps < 0 || searchSteps + advanceSteps == 0 || frameStride < 1
                    || chunkLength < 1 || readAhead < 0 || startStride < 1) {
                throw new IllegalArgumentException("bad DemoEyeGym config " + this);
            }
        }

        public Config withPyramid(PyramidSpec p) {
            return new Config(p, antialias, searchSteps, advanceSteps, frameStride, chunkLength, limits, gazeReset, reward, readAhead, startStride);
        }

        public Config withAntialias(Antialias a) {
            return new Config(pyramid, a, searchSteps, advanceSteps, frameStride, chunkLength, limits, gazeReset, reward, readAhead, startStride);
        }

        public Config withReward(HandReward r) {
            return new Config(pyramid, antialias, searchSteps, advanceSteps, frameStride, chunkLength, limits, gazeReset, r, readAhead, startStride);
        }

        public Config withSteps(int search, int advance) {
            return new Config(pyramid, antialias, search, advance, frameStride, chunkLength, limits, gazeReset, reward, readAhead, startStride);
        }

        public Config withGazeReset(GazeReset g) {
            return new Config(pyramid, antialias, searchSteps, advanceSteps, frameStride, chunkLength, limits, g, reward, readAhead, startStride);
        }

        /** Start frames on multiples of {@code stride} (2 for GOP-2 datasets: every frame asked for is a keyframe). */
        public Config withStartStride(int stride) {
            return new Config(pyramid, antialias, searchSteps, advanceSteps, frameStride, chunkLength, limits, gazeReset, reward, readAhead, stride);
        }
    }

    private final FrameSupply<MipChain> frames;
    private final Config config;
    private final Optional<HandPredictor> hand;
    private final Episodes episodes;
    private final EyeCamera camera;
    private final Space<EyeObservation> observationSpace;
    private final Discrete actionSpace = new Discrete(EyeActions.COUNT);

    private SplittableRandom rng;
    private int position;
    private Demonstration demo;
    private int frame;
    private int step;
    private Gaze gaze;
    private boolean running;
    private boolean everReset;

    /**
     * @param frames the frame supply (and through it the demonstrations); may be shared
     * @param config settings
     * @param hand   the hand scored for the reward, or empty for reward 0 (scored later by a trainer)
     */
    public DemoEyeGym(FrameSupply<MipChain> frames, Config config, Optional<HandPredictor> hand) {
        this.frames = frames;
        this.config = config;
        this.hand = hand;
        this.episodes = new Episodes(frames.demonstrations().episodes(), false, "DemoEyeGym");
        this.camera = new EyeCamera(config.pyramid(), config.antialias());
        this.observationSpace = EyeObservation.space(config.pyramid(), config.limits());
    }

    public Config config() {
        return config;
    }

    @Override
    public Reset<EyeObservation> reset(OptionalLong seed, Options options) {
        rng = Episodes.generator(seed, rng);
        position = episodes.pick(rng, options);
        demo = episodes.get(position);
        int latest = Math.max(0, demo.length() - 1 - config.advanceSteps() * config.frameStride());
        frame = Episodes.startFrame(options, config.startStride() * rng.nextInt(latest / config.startStride() + 1), demo);
        gaze = Episodes.firstGaze(options, config.gazeReset().draw(rng, config.limits()), config.limits());
        step = 0;
        running = true;
        everReset = true;
        readAhead();
        EyeObservation obs = observe();
        return new Reset<>(obs, describe(target()).build());
    }

    @Override
    public Step<EyeObservation> step(Integer action) {
        int a = Episodes.checkStep(action, running, everReset);
        gaze = EyeActions.apply(gaze, a, config.limits());
        step++;
        if (step > config.searchSteps()) {
            frame += config.frameStride();
        }
        boolean terminated = step >= config.searchSteps() && frame + config.frameStride() > demo.length() - 1;
        boolean truncated = !terminated && step >= config.searchSteps() + config.advanceSteps();
        running = !terminated && !truncated;
        if (running) {
            readAhead();
        }
        EyeObservation obs = observe();
        HandTarget target = target();
        Info.Builder info = describe(target);
        double reward = 0;
        if (hand.isPresent()) {
            float[] predicted = hand.get().predict(obs, target);
            reward = config.reward().score(target, predicted);
            info.put(EyeInfo.HAND_ERROR, -reward);
        }
        return new Step<>(obs, reward, terminated, truncated, info.build());
    }

    /**
     * The observation the eye would have now had it looked at {@code other} (clamped to the limits):
     * the current frame and state, another gaze. Changes nothing in the episode.
     */
    @Override
    public EyeObservation lookAt(Gaze other) {
        if (!everReset) {
            throw new IllegalStateException("call reset() before lookAt()");
        }
        Gaze g = config.limits().clamp(other.yaw(), other.pitch());
        return new EyeObservation(camera.render(frames.frame(demo, frame), g), g, demo.stateAt(frame), demo.task().ordinal());
    }

    @Override
    public GazeLimits limits() {
        return config.limits();
    }

    /** Asks the frame supply for the frames of the next advancing steps. */
    private void readAhead() {
        for (int k = 1; k <= config.readAhead(); k++) {
            frames.prefetch(demo, frame + k * config.frameStride());
        }
    }

    private EyeObservation observe() {
        float[] pyramid = camera.render(frames.frame(demo, frame), gaze);
        return new EyeObservation(pyramid, gaze, demo.stateAt(frame), demo.task().ordinal());
    }

    private HandTarget target() {
        return HandTarget.at(demo.action(), demo.state(), frame, config.chunkLength());
    }

    private Info.Builder describe(HandTarget target) {
        Info.Builder info = demo.annotated()
                ? Episodes.describe(position, demo, frame, step, gaze, config.pyramid(), demo.relevant(frame), demo.relevantName(frame))
                : Episodes.describe(position, demo, frame, step, gaze, config.pyramid(), null, null);
        return info.put(EyeInfo.PAUSED, step <= config.searchSteps())
                .put(EyeInfo.GRIPPER_CLOSED, demo.gripperClosed(frame))
                .put(EyeInfo.HAND_TARGET, target);
    }

    @Override
    public Space<EyeObservation> observationSpace() {
        return observationSpace;
    }

    @Override
    public Space<Integer> actionSpace() {
        return actionSpace;
    }

    /** Time spent rendering, nanoseconds (for benchmarks). */
    public long renderNanos() {
        return camera.renderNanos();
    }

    /** Nothing to release: the frame supply belongs to whoever made it. */
    @Override
    public void close() {
        running = false;
    }
}
