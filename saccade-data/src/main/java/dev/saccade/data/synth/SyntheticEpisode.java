package dev.saccade.data.synth;

import dev.saccade.data.Features;
import dev.saccade.data.Task;
import dev.saccade.data.robot.Pose;
import dev.saccade.data.robot.Ur5e;
import dev.saccade.sphere.EquirectFrame;
import java.util.List;

/**
 * One synthetic demonstration: the per-frame arrays a dataset stores (state, action, ground-truth
 * annotations) and its 360° frames, rendered on demand one at a time. Made by
 * {@link EpisodeGenerator#generate}; deterministic for (task, seed, options).
 *
 * <p>Arrays follow docs/DATASET.md: {@code state[f]} = six joints (rad) + gripper (0 open … 1
 * closed, as measured); {@code action[f]} = the command for the next frame (its joints, its gripper
 * command); annotations are (yaw, pitch, angular radius) in radians seen from {@link Camera360},
 * and tool0's position in the base frame. The arrays returned are copies.
 *
 * <p>Rendering: {@link #render(int)} is thread-safe; for speed, give each thread its own
 * {@link #renderer()}. The static scene is rendered once per episode, on first use.
 */
public final class SyntheticEpisode {
    private final Task task;
    private final long seed;
    private final SceneOptions options;
    private final Scene scene;
    private final Motion motion;
    private final float[][] state, action, object, target, gripper, tool0;
    private volatile Backdrop backdrop;

    SyntheticEpisode(Task task, long seed, SceneOptions options, Scene scene, Motion motion) {
        this.task = task;
        this.seed = seed;
        this.options = options;
        this.scene = scene;
        this.motion = motion;
        int n = motion.frames();
        state = new float[n][Features.JOINT_DIM];
        action = new float[n][Features.JOINT_DIM];
        object = new float[n][];
        target = new float[n][];
        gripper = new float[n][];
        tool0 = new float[n][];
        for (int f = 0; f < n; f++) {
            double[] q = motion.joints()[f];
            int next = Math.min(n - 1, f + 1);
            for (int j = 0; j < Ur5e.JOINTS; j++) {
                state[f][j] = (float) q[j];
                action[f][j] = (float) motion.joints()[next][j];
            }
            state[f][Features.GRIPPER] = (float) motion.gripperState()[f];
            action[f][Features.GRIPPER] = (float) motion.gripperCommand()[next];
            Pose tool = Ur5e.tool0(q);
            Prop o = scene.object.prop();
            object[f] = floats(Camera360.direction(o.centre(motion.objectPose()[f]), o.boundingRadius()));
            Prop t = scene.target.prop();
            target[f] = floats(Camera360.direction(t.centre(scene.target.pose()), t.boundingRadius()));
            gripper[f] = floats(Camera360.direction(ArmModel.gripperCentre(tool), ArmModel.GRIPPER_RADIUS));
            tool0[f] = new float[] {(float) tool.translation().x(), (float) tool.translation().y(), (float) tool.translation().z()};
        }
    }

    private static float[] floats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    private static float[][] copy(float[][] a) {
        float[][] c = new float[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }

    public Task task() {
        return task;
    }

    public long seed() {
        return seed;
    }

    public SceneOptions options() {
        return options;
    }

    /** Number of frames. */
    public int frames() {
        return motion.frames();
    }

    /** Frames per second (30). */
    public int fps() {
        return Features.DEFAULT_FPS;
    }

    /** Frame width and height in pixels. */
    public int width() {
        return options.width();
    }

    public int height() {
        return options.height();
    }

    /** {@code timestamp}: seconds from the episode's start, {@code frame / fps}. */
    public float[] timestamps() {
        float[] t = new float[frames()];
        for (int f = 0; f < t.length; f++) {
            t[f] = f / (float) fps();
        }
        return t;
    }

    /** {@code observation.state}, {@code [frames][7]}. */
    public float[][] state() {
        return copy(state);
    }

    /** {@code action}, {@code [frames][7]}: the next frame's joints and gripper command (the last frame repeats itself). */
    public float[][] action() {
        return copy(action);
    }

    /** {@code observation.annotations.object}, {@code [frames][3]}: yaw, pitch, radius (rad). */
    public float[][] objectAnnotation() {
        return copy(object);
    }

    /** {@code observation.annotations.target}, {@code [frames][3]}. */
    public float[][] targetAnnotation() {
        return copy(target);
    }

    /** {@code observation.annotations.gripper}, {@code [frames][3]}: centred between the finger pads. */
    public float[][] gripperAnnotation() {
        return copy(gripper);
    }

    /** {@code observation.annotations.tool0}, {@code [frames][3]}: x, y, z in the base frame (m). */
    public float[][] tool0() {
        return copy(tool0);
    }

    /** How the demonstration ended: whether the task was done, and by how much. */
    public Outcome outcome() {
        return motion.outcome();
    }

    /** The frames of the start, the grasp (or press), the release and the end. */
    public KeyFrames keyFrames() {
        return motion.keyFrames();
    }

    /** A new renderer for this episode; use one per thread. */
    public EpisodeRenderer renderer() {
        return new EpisodeRenderer(this, backdrop());
    }

    /** Renders frame {@code frame} (thread-safe; allocates a renderer per call). */
    public EquirectFrame render(int frame) {
        if (frame < 0 || frame >= frames()) {
            throw new IndexOutOfBoundsException("frame " + frame + " of " + frames());
        }
        return renderer().render(frame);
    }

    Scene scene() {
        return scene;
    }

    Motion motion() {
        return motion;
    }

    /** The static part of every frame, rendered on first use (its tiles in parallel). */
    Backdrop backdrop() {
        Backdrop b = backdrop;
        if (b == null) {
            synchronized (this) {
                b = backdrop;
                if (b == null) {
                    b = Backdrop.render(scene, RayGrid.of(options.width()), true);
                    backdrop = b;
                }
            }
        }
        return b;
    }

    /** Adds the shapes that move at frame {@code frame}: the arm, the gripper, the object (or the button). */
    void movingShapes(int frame, List<Shape> out) {
        if (frame < 0 || frame >= frames()) {
            throw new IndexOutOfBoundsException("frame " + frame + " of " + frames());
        }
        ArmModel.shapes(motion.joints()[frame], motion.gripperState()[frame], out);
        Scene.Placed o = scene.object;
        if (scene.pressTask()) {
            o.prop().place(o.pose(), o.label(), motion.buttonDepth()[frame], true, false, out);
        } else {
            o.prop().place(motion.objectPose()[frame], o.label(), 0, true, true, out);
        }
    }
}
