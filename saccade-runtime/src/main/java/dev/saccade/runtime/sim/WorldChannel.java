package dev.saccade.runtime.sim;

import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the closed-loop world talks beside the arm when a simulated UR controller serves it
 * ({@link WorldBackend}): RTDE registers for the gripper and the world's status, and one
 * simulator-only URScript command that opens the scene of a seed. A real controller has the same
 * registers (they read 0 there) and rejects the command.
 */
public final class WorldChannel {
    private WorldChannel() {}

    /** input_double_register_6: the gripper command, 0 open … 1 closed. */
    public static final int GRIPPER_COMMAND = 6;
    /** output_double_register_0: the gripper's state. */
    public static final int GRIPPER_STATE = 0;
    /** output_int_register_2: world frames (1/30 s) since the scene opened. */
    public static final int FRAME = 2;
    /** output_int_register_3: 1 once the task is done. */
    public static final int SUCCESS = 3;
    /** output_int_register_4: the open scene's seed. */
    public static final int SEED = 4;
    /** output_int_register_5: scenes opened since the simulator started (a client sees its scene command taken). */
    public static final int SCENES = 5;

    /** The RTDE names of the registers above, as a client asks for them. */
    public static final String GRIPPER_COMMAND_NAME = "input_double_register_" + GRIPPER_COMMAND,
            GRIPPER_STATE_NAME = "output_double_register_" + GRIPPER_STATE,
            FRAME_NAME = "output_int_register_" + FRAME,
            SUCCESS_NAME = "output_int_register_" + SUCCESS,
            SEED_NAME = "output_int_register_" + SEED,
            SCENES_NAME = "output_int_register_" + SCENES;

    private static final Pattern SCENE = Pattern.compile("saccade_sim_scene\\((\\d{1,9})\\)");

    /** The URScript-port command that opens the scene of {@code seed} (seeds up to 999,999,999). */
    public static String sceneCommand(long seed) {
        if (seed < 0 || seed > 999_999_999L) {
            throw new IllegalArgumentException("a simulated scene's seed must be in [0, 999999999], got " + seed);
        }
        return "saccade_sim_scene(" + seed + ")";
    }

    /** The seed of a scene command, if {@code text} is one. */
    public static OptionalLong parseScene(String text) {
        Matcher m = SCENE.matcher(text.strip());
        return m.matches() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
    }
}
