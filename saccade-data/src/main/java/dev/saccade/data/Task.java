package dev.saccade.data;

import dev.saccade.core.InputException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The five tasks, after the original system (reference/eyerobot.md §6). Each names the object the
 * hand manipulates and the target it goes to (for {@link #ESTOP_PRESS} both are the button).
 *
 * <p>The ordinal is the task id the policy sees; it is stable across datasets. Datasets store the
 * {@link #instruction()} in {@code meta/tasks.parquet}, as LeRobot does with its task strings.
 */
public enum Task {
    TOWEL_BUCKET("towel-bucket", "towel", "bucket", "pick up the towel and place it in the bucket"),
    ERASER_STAND("eraser-stand", "eraser", "stand", "pick up the eraser and place it on the stand"),
    ESTOP_PRESS("estop-press", "estop", "estop", "press the emergency stop button"),
    BRUSH_TRAY("brush-tray", "brush", "tray", "pick up the scrub brush and place it in the tray"),
    WOOD_SQUARE("wood-square", "wood_square", "target_mark", "place the wooden square on the target mark");

    private final String id;
    private final String object;
    private final String target;
    private final String instruction;

    Task(String id, String object, String target, String instruction) {
        this.id = id;
        this.object = object;
        this.target = target;
        this.instruction = instruction;
    }

    /** The short name used on the command line, e.g. {@code towel-bucket}. */
    public String id() {
        return id;
    }

    /** The object the hand manipulates. */
    public String object() {
        return object;
    }

    /** Where the object goes (or what is pressed). */
    public String target() {
        return target;
    }

    /** The natural-language task string stored in datasets. */
    public String instruction() {
        return instruction;
    }

    /** The task named {@code id}; throws {@link InputException} listing the valid names otherwise. */
    public static Task byId(String id) {
        for (Task t : values()) {
            if (t.id.equals(id.trim().toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        throw new InputException("unknown task '" + id + "'; expected one of " + ids());
    }

    /** The task whose instruction is {@code text}, or whose id is {@code text}; for reading datasets. */
    public static Task byInstructionOrId(String text) {
        for (Task t : values()) {
            if (t.instruction.equals(text) || t.id.equals(text)) {
                return t;
            }
        }
        throw new InputException("unknown task '" + text + "'; expected one of " + ids());
    }

    /** All task ids, comma-separated. */
    public static String ids() {
        return Arrays.stream(values()).map(Task::id).collect(Collectors.joining(", "));
    }
}
