package dev.saccade.runtime.loop;

import dev.saccade.data.Task;

/**
 * How one closed-loop episode went.
 *
 * @param successFrame   the frame at which the cell reported success, or −1
 * @param frames         frames run
 * @param policySteps    policy steps taken
 * @param rejectedChunks chunks refused by the safety checks (never executed)
 * @param clampedFrames  frames whose target the motion clamp changed
 * @param stoppedFrames  frames the watchdog held the arm for want of a usable chunk
 * @param policyNanos    each policy step's latency
 */
public record EpisodeResult(Task task, long seed, String agent, boolean success, int successFrame, int frames, int policySteps,
                            int rejectedChunks, int clampedFrames, int stoppedFrames, long[] policyNanos) {
    /** Seconds from the start to success, at {@code fps}; NaN if the task was not done. */
    public double secondsToSuccess(double fps) {
        return success ? successFrame / fps : Double.NaN;
    }
}
