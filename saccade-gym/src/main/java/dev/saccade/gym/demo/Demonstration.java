package dev.saccade.gym.demo;

import dev.saccade.data.Features;
import dev.saccade.data.Task;
import java.util.Optional;

/**
 * One recorded task execution as the gym uses it: its task, frame rate, and per-frame arrays, all
 * row-major {@code float[length × width]}: {@code state} and {@code action} (width 7: six UR5e joints,
 * radians, and the gripper, 0 open … 1 closed; docs/DATASET.md) and optional ground-truth
 * {@link Annotations}. Frames are fetched through {@link Demonstrations#decode}.
 *
 * <p>{@code annotationsWithheld}: the episode is seen by training ({@link WithoutAnnotations}), so
 * its ground truth is for evaluation only: {@link #annotated()} is false, and reading the
 * annotations ({@link #annotations()}, {@link #object}, {@link #target}, {@link #gripperDirection},
 * {@link #relevant}) throws {@link AnnotationsWithheldException} naming what was read.
 *
 * <p>{@code index} is the dataset's episode index; the gym's own handle is the position in
 * {@link Demonstrations#episodes()}. Arrays are shared, not copied: treat them as read-only.
 */
public record Demonstration(int index, Task task, double fps, int length, float[] state, float[] action,
                            Optional<Annotations> annotations, boolean annotationsWithheld) {

    /**
     * Per-frame ground truth: directions (yaw, pitch, radius) of the manipulated object, the place
     * target and the gripper seen from the 360 camera, each {@code float[length × 3]}.
     */
    public record Annotations(float[] object, float[] target, float[] gripper) {}

    /** An episode whose annotations (if any) are readable. */
    public Demonstration(int index, Task task, double fps, int length, float[] state, float[] action,
                         Optional<Annotations> annotations) {
        this(index, task, fps, length, state, action, annotations, false);
    }

    public Demonstration {
        if (length <= 0 || !(fps > 0)) {
            throw new IllegalArgumentException("episode " + index + ": length " + length + ", fps " + fps);
        }
        requireSize(state, length * Features.JOINT_DIM, "state");
        requireSize(action, length * Features.JOINT_DIM, "action");
        annotations.ifPresent(a -> {
            requireSize(a.object(), 3 * length, "object annotation");
            requireSize(a.target(), 3 * length, "target annotation");
            requireSize(a.gripper(), 3 * length, "gripper annotation");
        });
    }

    /** A copy of the state at {@code frame}: 6 joints and the gripper. */
    public float[] stateAt(int frame) {
        float[] out = new float[Features.JOINT_DIM];
        System.arraycopy(state, checkFrame(frame) * Features.JOINT_DIM, out, 0, Features.JOINT_DIM);
        return out;
    }

    /** The gripper's measured opening at {@code frame}, 0 open … 1 closed. */
    public double gripper(int frame) {
        return state[checkFrame(frame) * Features.JOINT_DIM + Features.GRIPPER];
    }

    /**
     * True if the gripper holds the object at {@code frame}: commanded (action) or measured (state)
     * more than half closed. The command decides on real and synthetic grippers alike: fingers
     * closing on an object stop at its width, so the measured opening of a gripper holding a
     * towel stays near 0.18 however firmly it is commanded shut.
     */
    public boolean gripperClosed(int frame) {
        int f = checkFrame(frame);
        return action[f * Features.JOINT_DIM + Features.GRIPPER] > 0.5 || gripper(f) > 0.5;
    }

    /** True if ground-truth annotations are present and readable (false where they are withheld from training). */
    public boolean annotated() {
        return !annotationsWithheld && annotations.isPresent();
    }

    /** The ground truth, if any; throws {@link AnnotationsWithheldException} where it is withheld from training. */
    @Override
    public Optional<Annotations> annotations() {
        if (annotationsWithheld) {
            throw new AnnotationsWithheldException(index, "the annotations");
        }
        return annotations;
    }

    /** This episode as training sees it: the same arrays, the annotations withheld. */
    public Demonstration withAnnotationsWithheld() {
        return annotationsWithheld ? this : new Demonstration(index, task, fps, length, state, action, annotations, true);
    }

    /** The manipulated object's direction at {@code frame}; throws if the episode has no annotations. */
    public Direction object(int frame) {
        return direction(requireAnnotations("the object's direction").object(), frame);
    }

    /** The place target's direction at {@code frame}. */
    public Direction target(int frame) {
        return direction(requireAnnotations("the place target's direction").target(), frame);
    }

    /**
     * The gripper's direction at {@code frame} from what a rig knows, not from annotations: UR5e
     * forward kinematics of the state's joints, seen from the calibrated {@code camera}. On
     * synthetic data it equals the gripper annotation (the point between the finger pads).
     */
    public Direction gripperFromKinematics(int frame, dev.saccade.data.robot.CameraMount camera) {
        double[] d = camera.gripperDirection(state, checkFrame(frame) * Features.JOINT_DIM);
        return new Direction(d[0], d[1], d[2]);
    }

    /** The gripper's annotated direction at {@code frame}. */
    public Direction gripperDirection(int frame) {
        return direction(requireAnnotations("the gripper's annotated direction").gripper(), frame);
    }

    /**
     * The thing that matters in the current phase of the task: the object while the gripper is open,
     * the place target while it is closed (the object is held and travels to the target).
     */
    public Direction relevant(int frame) {
        return gripperClosed(frame) ? target(frame) : object(frame);
    }

    /** The name of {@link #relevant(int)}: "object" or "target". */
    public String relevantName(int frame) {
        return gripperClosed(frame) ? "target" : "object";
    }

    private Annotations requireAnnotations(String what) {
        if (annotationsWithheld) {
            throw new AnnotationsWithheldException(index, what);
        }
        return annotations.orElseThrow(() -> new IllegalStateException(
                "episode " + index + " has no annotations (imported real capture?); this needs ground-truth directions"));
    }

    private Direction direction(float[] a, int frame) {
        int i = 3 * checkFrame(frame);
        return new Direction(a[i], a[i + 1], a[i + 2]);
    }

    private int checkFrame(int frame) {
        if (frame < 0 || frame >= length) {
            throw new IndexOutOfBoundsException("frame " + frame + " of episode " + index + " (" + length + " frames)");
        }
        return frame;
    }

    private void requireSize(float[] a, int size, String what) {
        if (a == null || a.length != size) {
            throw new IllegalArgumentException("episode " + index + ": " + what + " has " + (a == null ? 0 : a.length)
                    + " values, expected " + size);
        }
    }
}
