package dev.saccade.gym.reward;

import dev.saccade.data.Features;

/**
 * What scoring the hand at one step needs, and what behaviour cloning trains it on: the
 * demonstrated chunk of the next {@code length} frames of action (absolute joint targets, radians,
 * and gripper, row-major {@code float[length × 7]}), which of its rows exist ({@code valid[k]} is
 * false past the demonstration's end; such rows repeat the last valid one), and the arm's current
 * state (7). Arrays are read-only.
 */
public record HandTarget(float[] chunk, boolean[] valid, float[] proprio) {
    public HandTarget {
        if (chunk.length != valid.length * Features.JOINT_DIM || proprio.length != Features.JOINT_DIM) {
            throw new IllegalArgumentException("chunk of " + chunk.length + " values for " + valid.length
                    + " rows, proprio of " + proprio.length);
        }
        if (valid.length == 0 || !valid[0]) {
            throw new IllegalArgumentException("a hand target needs at least its first row");
        }
    }

    /** Rows in the chunk (30 by default: one second at 30 fps). */
    public int length() {
        return valid.length;
    }

    /** Number of valid rows. */
    public int validRows() {
        int n = 0;
        for (boolean v : valid) {
            n += v ? 1 : 0;
        }
        return n;
    }

    /**
     * The chunk of {@code length} rows of {@code action} (a demonstration's {@code float[T × 7]})
     * starting at {@code frame}, with {@code state}'s row {@code frame} as proprioception.
     */
    public static HandTarget at(float[] action, float[] state, int frame, int length) {
        int frames = action.length / Features.JOINT_DIM;
        int d = Features.JOINT_DIM;
        float[] chunk = new float[length * d];
        boolean[] valid = new boolean[length];
        for (int k = 0; k < length; k++) {
            int src = Math.min(frame + k, frames - 1);
            valid[k] = frame + k < frames;
            System.arraycopy(action, src * d, chunk, k * d, d);
        }
        float[] proprio = new float[d];
        System.arraycopy(state, frame * d, proprio, 0, d);
        return new HandTarget(chunk, valid, proprio);
    }
}
