package dev.saccade.gym.rollout;

/**
 * One logged step of a rollout (step 0 is the reset). Angles in degrees; {@code targetAngle} and
 * {@code inFovea} refer to the phase's relevant thing ({@code relevant}: "object" or "target") and
 * are NaN / false without annotations; {@code handError} is NaN without a hand.
 */
public record StepRecord(int run, int episode, String task, int step, int frame, boolean paused, int action,
                         double yaw, double pitch, double reward, String relevant, double targetAngle, boolean inFovea,
                         double handError, boolean terminated, boolean truncated) {}
