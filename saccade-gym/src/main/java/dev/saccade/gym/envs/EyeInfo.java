package dev.saccade.gym.envs;

import dev.saccade.data.Task;
import dev.saccade.gym.Key;
import dev.saccade.gym.demo.Direction;
import dev.saccade.gym.reward.HandTarget;
import dev.saccade.sphere.Gaze;

/**
 * The keys of the EyeGyms' {@link dev.saccade.gym.Info}: ground truth for evaluation, baselines
 * and supervision. A learning policy must not read them to act.
 *
 * <p>Both gyms set {@link #EPISODE}, {@link #DATASET_EPISODE}, {@link #TASK}, {@link #FRAME},
 * {@link #STEP}, {@link #GAZE}, and, for annotated episodes, {@link #OBJECT}, {@link #TARGET},
 * {@link #GRIPPER}, {@link #RELEVANT}, {@link #RELEVANT_NAME}, {@link #TARGET_ANGLE} and
 * {@link #IN_FOVEA}. {@code DemoEyeGym} adds {@link #PAUSED}, {@link #GRIPPER_CLOSED},
 * {@link #HAND_TARGET} and, with a hand, {@link #HAND_ERROR}; {@code VisualSearchGym} adds
 * {@link #SUCCESS} and {@link #SUCCESS_STEP}. Episodes whose annotations are withheld from training
 * ({@link dev.saccade.gym.demo.WithoutAnnotations}) get {@link #ANNOTATIONS_WITHHELD} instead of any
 * ground-truth key. Wrappers add their own: {@link #EXPERT_ACTION}, {@link #EXPERT_POLICY},
 * {@link #BC_WEIGHT}, {@link #CANDIDATE_VIEWS}.
 */
public final class EyeInfo {
    private EyeInfo() {}

    /** Position of the episode in the gym's {@code Demonstrations.episodes()}. */
    public static final Key<Integer> EPISODE = Key.of("episode", Integer.class);
    /** The dataset's episode index. */
    public static final Key<Integer> DATASET_EPISODE = Key.of("dataset_episode", Integer.class);
    public static final Key<Task> TASK = Key.of("task", Task.class);
    /** The frame the observation was rendered from. */
    public static final Key<Integer> FRAME = Key.of("frame", Integer.class);
    /** Steps taken in this episode (0 at reset). */
    public static final Key<Integer> STEP = Key.of("step", Integer.class);
    /** True while the video is paused: at reset and after each of the search steps. */
    public static final Key<Boolean> PAUSED = Key.of("paused", Boolean.class);
    /** Where the eye looks (also in the observation). */
    public static final Key<Gaze> GAZE = Key.of("gaze", Gaze.class);
    /**
     * True on every step of an episode whose annotations are withheld from training
     * ({@link dev.saccade.gym.demo.WithoutAnnotations}): no ground-truth key is set, and whatever
     * needs them calls {@link #requireGroundTruth} and fails loudly.
     */
    public static final Key<Boolean> ANNOTATIONS_WITHHELD = Key.of("annotations_withheld", Boolean.class);
    /** Annotated direction of the manipulated object. */
    public static final Key<Direction> OBJECT = Key.of("object", Direction.class);
    /** Annotated direction of the place target. */
    public static final Key<Direction> TARGET = Key.of("target", Direction.class);
    /** Annotated direction of the gripper. */
    public static final Key<Direction> GRIPPER = Key.of("gripper", Direction.class);
    /** True while the gripper is closed (more than half). */
    public static final Key<Boolean> GRIPPER_CLOSED = Key.of("gripper_closed", Boolean.class);
    /**
     * What the eye should be looking at: in {@code DemoEyeGym} the phase's object (the object while
     * the gripper is open, the place target while it is closed); in {@code VisualSearchGym} the
     * search target.
     */
    public static final Key<Direction> RELEVANT = Key.of("relevant", Direction.class);
    /** Name of {@link #RELEVANT}: "object" or "target". */
    public static final Key<String> RELEVANT_NAME = Key.of("relevant_name", String.class);
    /** Angle between the gaze and {@link #RELEVANT}, radians. */
    public static final Key<Double> TARGET_ANGLE = Key.of("target_angle", Double.class);
    /** True if {@link #RELEVANT} is in the fovea ({@link dev.saccade.gym.eye.Fovea}). */
    public static final Key<Boolean> IN_FOVEA = Key.of("in_fovea", Boolean.class);
    /** The demonstrated chunk and current state the hand is scored (and cloned) against. */
    public static final Key<HandTarget> HAND_TARGET = Key.of("hand_target", HandTarget.class);
    /** The hand's error this step: the Chamfer distance (m) or joint error, when the gym has a hand. */
    public static final Key<Double> HAND_ERROR = Key.of("hand_error", Double.class);
    /** True once the search target has been held in view long enough (visual search). */
    public static final Key<Boolean> SUCCESS = Key.of("success", Boolean.class);
    /** The step at which the search first succeeded (visual search). */
    public static final Key<Integer> SUCCESS_STEP = Key.of("success_step", Integer.class);
    /**
     * The expert's eye action from this observation ({@link dev.saccade.gym.wrappers.ExpertLabels}):
     * a teacher's label for imitation, never an input of a learning policy.
     */
    public static final Key<Integer> EXPERT_ACTION = Key.of("expert_action", Integer.class);
    /** A soft expert label over the 25 actions, when the labels are soft ({@link dev.saccade.gym.wrappers.ExpertLabels}). */
    public static final Key<float[]> EXPERT_POLICY = Key.of("expert_policy", float[].class);
    /** The weight of this observation in the hand's BC loss, when a wrapper sets it (otherwise 0 while paused, else 1). */
    public static final Key<Float> BC_WEIGHT = Key.of("bc_weight", Float.class);
    /**
     * The views the eye would get at this frame after each of some candidate actions from its current
     * gaze ({@link dev.saccade.gym.wrappers.CandidateViews}): for a teacher that scores gazes by the
     * hand's error on the demonstration. Rendered from the frame, so no ground truth.
     */
    public static final Key<dev.saccade.gym.wrappers.CandidateViews.Views> CANDIDATE_VIEWS =
            Key.of("candidate_views", dev.saccade.gym.wrappers.CandidateViews.Views.class);

    /**
     * Throws {@link dev.saccade.gym.demo.AnnotationsWithheldException} naming {@code reader} if
     * {@code info} comes from an episode whose annotations are withheld from training.
     */
    public static void requireGroundTruth(dev.saccade.gym.Info info, String reader) {
        if (info.find(ANNOTATIONS_WITHHELD).orElse(false)) {
            throw new dev.saccade.gym.demo.AnnotationsWithheldException(reader);
        }
    }
}
