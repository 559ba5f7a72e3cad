package dev.saccade.data.synth;

/**
 * What a pixel of a synthetic frame shows, for the optional label buffer the renderer fills beside
 * the colours: ground truth for tests and for pretraining encoders (never for policies).
 */
public enum Label {
    /** Walls, floor, ceiling, furniture, the camera's pole. */
    ROOM,
    /** The table the tasks happen on. */
    TABLE,
    /** The UR5e's base and links. */
    ROBOT,
    /** The two-finger gripper. */
    GRIPPER,
    /** The object the hand manipulates (for {@code estop-press}, the button). */
    OBJECT,
    /** The place target. */
    TARGET,
    /** Any other object on the table. */
    DISTRACTOR;

    /** The byte stored in label buffers (the ordinal). */
    public byte code() {
        return (byte) ordinal();
    }
}
