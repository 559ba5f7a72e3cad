package dev.saccade.runtime.loop;

/**
 * An agent's decision at one policy step: the eye's action (one of the 25 of
 * {@code dev.saccade.gym.eye.EyeActions}) and the hand's action chunk, absolute joint targets
 * {@code [rows][joints + 1]} row-major, row {@code i} the target for the end of frame
 * {@code frame + i} (the dataset's {@code action} convention); null when the agent sends none.
 */
public record AgentAction(int eyeAction, float[] chunk) {}
