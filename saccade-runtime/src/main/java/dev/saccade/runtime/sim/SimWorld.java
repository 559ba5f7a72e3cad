package dev.saccade.runtime.sim;

import dev.saccade.data.Features;
import dev.saccade.data.Task;
import dev.saccade.data.robot.Pose;
import dev.saccade.data.robot.Ur5e;
import dev.saccade.data.synth.EpisodeGenerator;
import dev.saccade.data.synth.LiveScene;
import dev.saccade.data.synth.SceneOptions;
import dev.saccade.data.synth.SyntheticEpisode;
import dev.saccade.gym.demo.Direction;
import dev.saccade.gym.eye.GazeReset;
import dev.saccade.runtime.eye.Eye;
import dev.saccade.runtime.eye.EyeFrame;
import dev.saccade.runtime.eye.EyeLimits;
import dev.saccade.runtime.eye.EyeState;
import dev.saccade.runtime.loop.Cell;
import dev.saccade.runtime.loop.GroundTruth;
import dev.saccade.runtime.robot.JointCommand;
import dev.saccade.runtime.robot.JointLimits;
import dev.saccade.runtime.robot.Robot;
import dev.saccade.runtime.robot.RobotState;
import dev.saccade.sphere.EquirectFrame;
import dev.saccade.sphere.Gaze;
import dev.saccade.sphere.Vec3;
import dev.saccade.sphere.render.MipChain;
import dev.saccade.sphere.render.PyramidRenderer;
import dev.saccade.sphere.render.PyramidSpec;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The closed-loop synthetic world: one of the generator's scenes with a UR5e that follows joint
 * targets within its limits ({@link ArmDynamics}), a gripper that grasps the object when it closes
 * around it and lets it fall onto what is below when it opens, the task's success predicate, an
 * eye that moves within its range and speed, and the 360° frame rendered from the live state. It
 * is a {@link Cell}: {@link #robot()} and {@link #eye()} are its {@link Robot} and {@link Eye}, and
 * {@link #tick()} advances it by one frame (1/30 s).
 *
 * <p>The scene of (task, seed) is the one {@code saccade generate} writes for that seed (including
 * its rule for the rare scene whose demonstration fails), so seeds a dataset holds out stay held
 * out here. Every episode starts in the demonstration's first state. Not modelled: collisions
 * between the arm and the props (the fingers pass through them), and objects sliding or tipping.
 * Deterministic: the same scene, settings and commands give the same episode. Not thread-safe.
 */
public final class SimWorld implements Cell, AutoCloseable {
    /** Frames per second of the world's clock and of its 360° camera. */
    public static final int FPS = Features.DEFAULT_FPS;
    /** How far below the contact state the gripper opens before it lets go of what it holds. */
    static final double RELEASE_MARGIN = 0.02;

    private final LiveScene scene;
    private final SimSettings settings;
    private final long seed;
    private final PyramidSpec spec;
    private final double period = 1.0 / FPS;

    // The arm and gripper.
    private final double[] q, qd, target;
    private double gripper, gripperCommand;
    // The object: at rest, held (pose relative to tool0), or falling since releaseFrame.
    private Pose object;
    private Pose held;
    private Pose released;
    private int releaseFrame = -1;
    private boolean everReleased;
    private double buttonDepth;
    private int frame;
    private int successFrame = -1;
    // Diagnostics of how close an episode came: did it ever hold the object, how near did the grasp point get to it.
    private boolean everHeld;
    private double closestApproach = Double.POSITIVE_INFINITY;
    // Where the gripper was when it was first told to close (grasp point to grip point, m), and how often it was told to.
    private double firstCloseMiss = Double.NaN;
    private int closeCommands;
    private boolean closeCommanded;
    // The eye.
    private Gaze gaze, gazeTarget;
    private final SimRobot robot = new SimRobot();
    private final SimEye eye = new SimEye();
    // Lazily built: the renderer (and the scene's backdrop), the current frame and its mip chain.
    private LiveScene.Renderer renderer;
    private EquirectFrame panorama;
    private MipChain mip;
    private int panoramaFrame = -1, mipFrame = -1;
    private PyramidRenderer pyramidRenderer;

    private SimWorld(LiveScene scene, SimSettings settings, long seed, PyramidSpec spec) {
        this.scene = scene;
        this.settings = settings;
        this.seed = seed;
        this.spec = spec;
        LiveScene.State s = scene.start();
        q = s.joints().clone();
        qd = new double[q.length];
        target = q.clone();
        gripper = s.gripper();
        gripperCommand = gripper;
        object = s.object();
        gaze = GazeReset.DEFAULT.draw(new SplittableRandom(seed ^ 0x5EEDCAFEL), settings.eye().range());
        gazeTarget = gaze;
        if (!settings.joints().contains(q)) {
            throw new IllegalStateException("the demonstration of " + scene.task().id() + " seed " + seed + " starts outside the joint limits");
        }
    }

    /** The world of {@code task}'s scene for {@code seed}, its eye rendering pyramids of {@code spec}. */
    public static SimWorld open(Task task, long seed, SimSettings settings, PyramidSpec spec) {
        return new SimWorld(LiveScene.of(scene(task, seed, new SceneOptions(settings.width(), settings.distractors()))), settings, seed, spec);
    }

    /**
     * The generator's episode for a seed, by {@code saccade generate}'s rule: in the rare case the
     * scripted expert fails the scene, the next seed a million on (at most ten tries).
     */
    public static SyntheticEpisode scene(Task task, long seed, SceneOptions options) {
        for (int attempt = 0; ; attempt++) {
            SyntheticEpisode e = EpisodeGenerator.generate(task, seed + 1_000_003L * attempt, options);
            if (e.outcome().success() || attempt == 9) {
                return e;
            }
        }
    }

    public LiveScene scene() {
        return scene;
    }

    public long seed() {
        return seed;
    }

    public SimSettings settings() {
        return settings;
    }

    @Override
    public Robot robot() {
        return robot;
    }

    @Override
    public Eye eye() {
        return eye;
    }

    @Override
    public Task task() {
        return scene.task();
    }

    @Override
    public int frame() {
        return frame;
    }

    /** Frames after which an episode that has not succeeded ends. */
    public int maxFrames() {
        return (int) Math.round(settings.maxSeconds() * FPS);
    }

    /** The frame at which the task was first done, or −1. */
    public int successFrame() {
        return successFrame;
    }

    @Override
    public boolean success() {
        return successFrame >= 0;
    }

    /** Whether the gripper has held the object at some point of the episode. */
    public boolean everHeld() {
        return everHeld;
    }

    /** The closest the grasp point (between the finger pads) has come to the object's grip point (m). */
    public double closestApproach() {
        return closestApproach;
    }

    /**
     * How far the grasp point (between the finger pads) was from the object's grip point when the
     * gripper was first commanded closed (m; NaN if it never was): did the hand close at the right place?
     */
    public double firstCloseMiss() {
        return firstCloseMiss;
    }

    /** How many times the gripper command went from open (below 0.5) to closed. */
    public int closeCommands() {
        return closeCommands;
    }

    /** Whether the gripper holds the object. */
    public boolean holding() {
        return held != null;
    }

    /** The manipulated object's pose now. */
    public Pose objectPose() {
        return object;
    }

    /** Everything that moves, now. */
    public LiveScene.State liveState() {
        return new LiveScene.State(q, gripper, object, buttonDepth);
    }

    @Override
    public void tick() {
        double h = period / settings.substeps();
        for (int k = 0; k < settings.substeps(); k++) {
            ArmDynamics.step(q, qd, target, settings.joints(), h, period);
        }
        Pose tool = Ur5e.tool0(q);
        moveGripperAndObject(tool);
        moveEye();
        everHeld |= held != null;
        double approach = tool.apply(new Vec3(0, 0, dev.saccade.data.robot.Gripper.GRASP_DEPTH)).minus(scene.gripPoint(object)).norm();
        closestApproach = Math.min(closestApproach, approach);
        boolean closing = gripperCommand >= 0.5;
        if (closing && !closeCommanded) {
            closeCommands++;
            if (Double.isNaN(firstCloseMiss)) {
                firstCloseMiss = approach;
            }
        }
        closeCommanded = closing;
        frame++;
        if (successFrame < 0 && (scene.pressTask() ? scene.pressed(tool) : held == null && everReleased && scene.placed(object))) {
            successFrame = frame;
        }
    }

    private void moveGripperAndObject(Pose tool) {
        double step = settings.gripperSpeed() * period;
        double before = gripper;
        double next = before + Math.max(-step, Math.min(step, gripperCommand - before));
        if (scene.pressTask()) {
            buttonDepth = scene.pressDepth(tool);
            gripper = next;
            return;
        }
        double contact = scene.contactState();
        if (held != null) {
            next = Math.min(next, contact); // the fingers stop on the object
            if (next < contact - RELEASE_MARGIN) {
                released = tool.times(held);
                held = null;
                releaseFrame = frame;
                everReleased = true;
            }
        } else if (before < contact && next >= contact && scene.betweenFingers(tool, object)) {
            held = tool.inverse().times(object);
            next = contact;
        }
        gripper = next;
        if (held != null) {
            object = tool.times(held);
        } else if (released != null) {
            object = scene.fall(released, (frame + 1 - releaseFrame) / (double) FPS);
            if (scene.atRest(object)) {
                released = null; // settled: it rests here until grasped again
            }
        }
    }

    private void moveEye() {
        double dy = gazeTarget.yaw() - gaze.yaw(), dp = gazeTarget.pitch() - gaze.pitch();
        double distance = Math.hypot(dy, dp);
        double reach = settings.eye().maxSpeed() * period;
        gaze = distance <= reach ? gazeTarget : new Gaze(gaze.yaw() + dy * reach / distance, gaze.pitch() + dp * reach / distance);
    }

    @Override
    public Optional<EquirectFrame> panorama() {
        return Optional.of(renderPanorama());
    }

    /** The 360° frame of the current state, rendered once per frame. */
    public EquirectFrame renderPanorama() {
        if (panoramaFrame != frame) {
            if (renderer == null) {
                renderer = scene.renderer();
            }
            int[] rgb = new int[scene.width() * scene.height()];
            renderer.render(liveState(), rgb, null);
            panorama = new EquirectFrame(scene.width(), scene.height(), rgb);
            panoramaFrame = frame;
        }
        return panorama;
    }

    @Override
    public Optional<GroundTruth> truth() {
        Pose tool = Ur5e.tool0(q);
        Vec3 t = tool.translation();
        return Optional.of(new GroundTruth(direction(scene.objectDirection(object)), direction(scene.targetDirection()),
                direction(scene.gripperDirection(q)), new double[] {t.x(), t.y(), t.z()}, held != null));
    }

    private static Direction direction(double[] d) {
        return new Direction(d[0], d[1], d[2]);
    }

    @Override
    public void close() {
        renderer = null;
        panorama = null;
        mip = null;
    }

    /** The world's arm: commands are checked against the limits and followed from the next tick on. */
    private final class SimRobot implements Robot {
        @Override
        public JointLimits limits() {
            return settings.joints();
        }

        @Override
        public double period() {
            return period;
        }

        @Override
        public RobotState state() {
            return new RobotState(frame * period, q, qd, gripper);
        }

        @Override
        public void command(JointCommand c) {
            double[] joints = c.joints();
            if (joints.length != q.length) {
                throw new IllegalArgumentException("a UR5e command needs " + q.length + " joints, got " + joints.length);
            }
            if (!settings.joints().contains(joints)) {
                throw new IllegalArgumentException("joint target outside the limits");
            }
            if (!(c.gripper() >= 0 && c.gripper() <= 1)) {
                throw new IllegalArgumentException("gripper command outside [0, 1]: " + c.gripper());
            }
            System.arraycopy(joints, 0, target, 0, q.length);
            gripperCommand = c.gripper();
        }

        @Override
        public void stop() {
            System.arraycopy(q, 0, target, 0, q.length);
        }

        @Override
        public void close() {
            stop();
        }
    }

    /** The world's eye: renders its pyramid from the live 360° frame. */
    private final class SimEye implements Eye {
        @Override
        public EyeLimits limits() {
            return settings.eye();
        }

        @Override
        public PyramidSpec pyramid() {
            return spec;
        }

        @Override
        public EyeState state() {
            return new EyeState(frame * period, gaze, gazeTarget);
        }

        @Override
        public void command(Gaze wanted) {
            if (!Double.isFinite(wanted.yaw()) || !Double.isFinite(wanted.pitch())) {
                throw new IllegalArgumentException("gaze target is not finite: " + wanted);
            }
            gazeTarget = settings.eye().range().clamp(wanted.yaw(), wanted.pitch());
        }

        @Override
        public EyeFrame look() {
            if (mipFrame != frame) {
                mip = MipChain.of(renderPanorama(), settings.antialias());
                mipFrame = frame;
            }
            if (pyramidRenderer == null) {
                pyramidRenderer = new PyramidRenderer(spec, settings.antialias());
            }
            float[] out = new float[spec.floatsPerPyramid()];
            pyramidRenderer.render(mip, gaze, out, 0);
            return new EyeFrame(frame * period, gaze, out);
        }

        @Override
        public void close() {}
    }
}
