package dev.saccade.learn.train;

import dev.saccade.gym.wrappers.CandidateViews;
import dev.saccade.learn.policy.Observation;

/**
 * One env's observation with what training needs beside it: the demonstrated chunk the hand should
 * predict from it ({@code chunk × joints} absolute actions; frames past the demonstration's end are
 * masked by {@code chunkMask}), the weight of this observation in the BC loss (0 for the original's
 * paused search steps), the environment's reward for the step that led here (0 at reset; used when
 * the eye learns from the environment, as in visual search), and whether the episode has ended
 * here: {@code done}, and {@code terminal} if it ended for good (nothing to bootstrap) rather than
 * being cut by a time limit. {@code inFovea} is ground truth for the training logs only (1 if the
 * relevant thing is in the fovea, 0 if not, NaN if unknown); the policy never reads it.
 * {@code expertAction} is the scripted oracle's eye action from this observation (computed from
 * ground truth, −1 if none), the label of the eye's imitation loss; {@code expertPolicy}, if not
 * null, a soft label over the 25 actions that the loss uses instead. The policy never reads them.
 * {@code candidates}, if not null, are the views of alternative actions from this observation
 * ({@link CandidateViews}), for a teacher that scores them with the hand.
 */
public record EnvStep(Observation observation, float[] demoChunk, float[] chunkMask, float bcWeight,
                      float reward, boolean done, boolean terminal, float inFovea, int expertAction, float[] expertPolicy,
                      CandidateViews.Views candidates) {
    /** A step without candidate views. */
    public EnvStep(Observation observation, float[] demoChunk, float[] chunkMask, float bcWeight,
                   float reward, boolean done, boolean terminal, float inFovea, int expertAction, float[] expertPolicy) {
        this(observation, demoChunk, chunkMask, bcWeight, reward, done, terminal, inFovea, expertAction, expertPolicy, null);
    }

    /** A step with a hard expert label only. */
    public EnvStep(Observation observation, float[] demoChunk, float[] chunkMask, float bcWeight,
                   float reward, boolean done, boolean terminal, float inFovea, int expertAction) {
        this(observation, demoChunk, chunkMask, bcWeight, reward, done, terminal, inFovea, expertAction, null);
    }

    /** A step without an expert's action. */
    public EnvStep(Observation observation, float[] demoChunk, float[] chunkMask, float bcWeight,
                   float reward, boolean done, boolean terminal, float inFovea) {
        this(observation, demoChunk, chunkMask, bcWeight, reward, done, terminal, inFovea, -1);
    }

    /** A step without fovea ground truth. */
    public EnvStep(Observation observation, float[] demoChunk, float[] chunkMask, float bcWeight,
                   float reward, boolean done, boolean terminal) {
        this(observation, demoChunk, chunkMask, bcWeight, reward, done, terminal, Float.NaN, -1);
    }
}
