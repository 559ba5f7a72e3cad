package dev.saccade.gym.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.saccade.data.Features;
import dev.saccade.data.Task;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DemonstrationTest {
    /** Four frames: open; commanded shut on a towel (fingers stop at 0.18); measured shut; open again. */
    @Test
    void theGripperHoldsWhenCommandedOrMeasuredClosedNotOnlyWhenItsFingersMeet() {
        float[] measured = {0f, 0.18f, 0.9f, 0f};
        float[] commanded = {0f, 1f, 0.3f, 0f};
        int n = measured.length;
        float[] state = new float[n * Features.JOINT_DIM];
        float[] action = new float[n * Features.JOINT_DIM];
        for (int f = 0; f < n; f++) {
            state[f * Features.JOINT_DIM + Features.GRIPPER] = measured[f];
            action[f * Features.JOINT_DIM + Features.GRIPPER] = commanded[f];
        }
        Demonstration d = new Demonstration(0, Task.values()[0], 30, n, state, action, Optional.empty());
        boolean[] want = {false, true, true, false};
        for (int f = 0; f < n; f++) {
            assertEquals(want[f], d.gripperClosed(f), "frame " + f);
        }
        assertEquals(0.18, d.gripper(1), 1e-6, "the measured opening is reported as it is");
    }
}
