package dev.saccade.data.synth;

import dev.saccade.data.Task;
import dev.saccade.data.robot.Gripper;
import dev.saccade.data.robot.Pose;
import dev.saccade.data.robot.Ur5e;
import dev.saccade.sphere.Vec3;
import java.util.List;

/**
 * A synthetic episode's scene opened for a closed loop: the same room, table, props and lights as
 * the generator's episode for the same (task, seed, options), with the questions a simulated world
 * asks of its props (is the object between the fingers, where does a released object come to rest,
 * how far is the button pushed in, is the task done) and frames rendered from a live state instead
 * of the demonstration's.
 *
 * <p>What moves is given by a {@link State} each frame; everything else is rendered once into the
 * episode's backdrop, shared with {@link SyntheticEpisode#renderer()}. The predicates are the ones
 * the scripted demonstrations are scored with ({@link Outcome}): an object counts as placed when it
 * rests within the target's tolerance of its centre and within {@link Outcome#HEIGHT_TOLERANCE} of
 * its surface; the e-stop counts as pressed when the fingertips push the button in by
 * {@link Outcome#PRESS_DEPTH} within the button's tolerance of its axis.
 */
public final class LiveScene {
    /** How far the grasp point may sit from the object's grip point along the fingers and the pads (m). */
    static final double GRIP_SLACK_ALONG = 0.03;
    /** How far the object's grip axis may turn away from the fingers' closing axis (rad). */
    static final double GRIP_SLACK_YAW = Math.toRadians(30);

    /**
     * What moves in the scene at one instant.
     *
     * @param joints      the arm's six joint angles (rad)
     * @param gripper     the gripper's state, 0 open … 1 closed
     * @param object      the manipulated object's pose (for {@code estop-press}: the e-stop's, fixed)
     * @param buttonDepth how far the e-stop's button is pushed in (m; 0 for other tasks)
     */
    public record State(double[] joints, double gripper, Pose object, double buttonDepth) {
        public State {
            joints = joints.clone();
        }
    }

    private final SyntheticEpisode demonstration;
    private final Scene scene;

    private LiveScene(SyntheticEpisode demonstration) {
        this.demonstration = demonstration;
        this.scene = demonstration.scene();
    }

    /** The scene of {@code demonstration} (from {@link EpisodeGenerator#generate}), opened for a live world. */
    public static LiveScene of(SyntheticEpisode demonstration) {
        return new LiveScene(demonstration);
    }

    /** The generator's demonstration in this scene: the scripted expert's plan, which starts where the world starts. */
    public SyntheticEpisode demonstration() {
        return demonstration;
    }

    public Task task() {
        return demonstration.task();
    }

    /** True for {@code estop-press}: nothing is carried, the object is the target. */
    public boolean pressTask() {
        return scene.pressTask();
    }

    /** The state at the demonstration's first frame: where every live episode in this scene starts. */
    public State start() {
        return new State(demonstration.motion().joints()[0], demonstration.motion().gripperState()[0], scene.object.pose(), 0);
    }

    /** The gripper state at which the fingers touch the object: they stop there while holding it. */
    public double contactState() {
        return Gripper.stateAtWidth(scene.object.prop().gripWidth());
    }

    /**
     * Whether the object at {@code object} sits between the open fingers of a gripper at {@code tool0},
     * so that closing them grips it: its grip point between the pads (within the free play the open
     * fingers leave across, {@value #GRIP_SLACK_ALONG} m along) and its grip axis within 30° of the
     * fingers' closing axis.
     */
    public boolean betweenFingers(Pose tool0, Pose object) {
        Prop p = scene.object.prop();
        Vec3 grip = object.apply(new Vec3(0, 0, p.gripHeight()));
        Vec3 local = tool0.inverse().apply(grip);
        double across = Math.max(0.005, (Gripper.MAX_OPENING - p.gripWidth()) / 2);
        boolean inside = Math.abs(local.x()) <= across && Math.abs(local.y()) <= GRIP_SLACK_ALONG
                && Math.abs(local.z() - Gripper.GRASP_DEPTH) <= GRIP_SLACK_ALONG;
        Vec3 fingers = tool0.rotation().apply(Vec3.X);
        Vec3 gripAxis = object.rotation().apply(Vec3.Y);
        double cos = Math.abs(fingers.x() * gripAxis.x() + fingers.y() * gripAxis.y())
                / Math.max(1e-12, Math.hypot(fingers.x(), fingers.y()) * Math.hypot(gripAxis.x(), gripAxis.y()));
        return inside && cos >= Math.cos(GRIP_SLACK_YAW);
    }

    /** The object's grip point (where the scripted expert grasps it; for the e-stop, on its axis) when it stands at {@code object}. */
    public Vec3 gripPoint(Pose object) {
        return object.apply(new Vec3(0, 0, scene.object.prop().gripHeight()));
    }

    /** The object released at {@code released}, {@code seconds} later: falling, then at rest on what is below it. */
    public Pose fall(Pose released, double seconds) {
        return ScriptedExpert.fall(scene, released, seconds);
    }

    /** Whether an object at {@code object} rests on whatever is below it (it has finished falling). */
    public boolean atRest(Pose object) {
        Vec3 p = object.translation();
        return p.z() <= ScriptedExpert.supportHeight(scene, p.x(), p.y()) + 1e-9;
    }

    /** How far fingertips of a gripper at {@code tool0} push the e-stop's button in (m; 0 when off it or not a press task). */
    public double pressDepth(Pose tool0) {
        return scene.pressTask() ? ScriptedExpert.pressDepth(scene, tool0) : 0;
    }

    /** The press task's predicate: the button pushed in at least {@link Outcome#PRESS_DEPTH}, the fingertips within tolerance of its axis. */
    public boolean pressed(Pose tool0) {
        if (!scene.pressTask() || pressDepth(tool0) < Outcome.PRESS_DEPTH) {
            return false;
        }
        Vec3 c = scene.object.pose().translation();
        Vec3 tip = tool0.apply(new Vec3(0, 0, Gripper.FINGERTIP_DEPTH));
        return Math.hypot(tip.x() - c.x(), tip.y() - c.y()) <= scene.object.prop().placeTolerance();
    }

    /** The pick-and-place predicate: the object at rest on the target, within its tolerance of the centre and of its surface. */
    public boolean placed(Pose object) {
        if (scene.pressTask() || !atRest(object)) {
            return false;
        }
        Vec3 end = object.translation();
        Vec3 t = scene.target.pose().translation();
        Prop tgt = scene.target.prop();
        return Math.hypot(end.x() - t.x(), end.y() - t.y()) <= tgt.placeTolerance()
                && Math.abs(end.z() - (t.z() + tgt.surface())) <= Outcome.HEIGHT_TOLERANCE;
    }

    /** The object's annotation for a pose: {@code (yaw, pitch, angular radius)} from the 360° camera (radians). */
    public double[] objectDirection(Pose object) {
        Prop o = scene.object.prop();
        return Camera360.direction(o.centre(object), o.boundingRadius());
    }

    /** The target's annotation (it never moves). */
    public double[] targetDirection() {
        Prop t = scene.target.prop();
        return Camera360.direction(t.centre(scene.target.pose()), t.boundingRadius());
    }

    /** The gripper's annotation for joints {@code q}: centred between the finger pads. */
    public double[] gripperDirection(double[] q) {
        return Camera360.direction(ArmModel.gripperCentre(Ur5e.tool0(q)), ArmModel.GRIPPER_RADIUS);
    }

    /** Frame width and height of the renderers (the demonstration's). */
    public int width() {
        return demonstration.width();
    }

    public int height() {
        return demonstration.height();
    }

    /** A new renderer of live states; one per thread. The static scene is rendered on first use. */
    public Renderer renderer() {
        return new Renderer();
    }

    /** Renders the scene for a live {@link State}; not thread-safe. */
    public final class Renderer {
        private final EpisodeRenderer episodeRenderer;
        private State state;

        private Renderer() {
            this.episodeRenderer = new EpisodeRenderer(scene, demonstration.backdrop(), (frame, out) -> movingShapes(out));
        }

        /** Renders {@code s}: packed {@code 0xRRGGBB} into {@code rgb} ({@code width·height}, row-major) and, unless null, label codes. */
        public void render(State s, int[] rgb, byte[] labels) {
            state = s;
            episodeRenderer.render(0, rgb, labels);
        }

        private void movingShapes(List<Shape> out) {
            ArmModel.shapes(state.joints(), state.gripper(), out);
            Scene.Placed o = scene.object;
            if (scene.pressTask()) {
                o.prop().place(o.pose(), o.label(), state.buttonDepth(), true, false, out);
            } else {
                o.prop().place(state.object(), o.label(), 0, true, true, out);
            }
        }
    }
}
