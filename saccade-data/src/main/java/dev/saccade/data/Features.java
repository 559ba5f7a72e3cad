package dev.saccade.data;

import java.util.List;

/**
 * The names of the features in a Saccade dataset (LeRobot v3 keys) and of their components.
 * See docs/DATASET.md for units and frames. Every module refers to features through these constants.
 */
public final class Features {
    private Features() {}

    public static final String STATE = "observation.state";
    public static final String ACTION = "action";
    public static final String PANO = "observation.images.pano";
    public static final String TIMESTAMP = "timestamp";
    public static final String FRAME_INDEX = "frame_index";
    public static final String EPISODE_INDEX = "episode_index";
    public static final String INDEX = "index";
    public static final String TASK_INDEX = "task_index";

    /** Direction (yaw, pitch) and angular radius, radians, of the manipulated object seen from the 360 camera. */
    public static final String ANNOTATION_OBJECT = "observation.annotations.object";
    /** Same for the place target (or the button pressed). */
    public static final String ANNOTATION_TARGET = "observation.annotations.target";
    /** Same for the gripper (the centre between the fingers). */
    public static final String ANNOTATION_GRIPPER = "observation.annotations.gripper";
    /** tool0 position (x, y, z) in the robot base frame, metres. */
    public static final String ANNOTATION_TOOL0 = "observation.annotations.tool0";

    /** The annotation features that hold (yaw, pitch, radius). */
    public static final List<String> DIRECTION_ANNOTATIONS = List.of(ANNOTATION_OBJECT, ANNOTATION_TARGET, ANNOTATION_GRIPPER);

    /** Names of the 7 components of state and action: six UR5e joints (radians) and the gripper (0 open, 1 closed). */
    public static final List<String> JOINT_NAMES = List.of(
            "shoulder_pan", "shoulder_lift", "elbow", "wrist_1", "wrist_2", "wrist_3", "gripper");
    /** Components of a direction annotation. */
    public static final List<String> DIRECTION_NAMES = List.of("yaw", "pitch", "radius");
    /** Components of a position annotation. */
    public static final List<String> POSITION_NAMES = List.of("x", "y", "z");

    /** Size of state and action vectors. */
    public static final int JOINT_DIM = 7;
    /** Index of the gripper in state and action vectors. */
    public static final int GRIPPER = 6;
    /** Frames per second of every Saccade dataset made by the synthetic engine (imports may differ). */
    public static final int DEFAULT_FPS = 30;
}
