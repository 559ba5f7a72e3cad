package dev.saccade.learn.train;

import dev.saccade.learn.policy.Observation;

/**
 * One env's observation with what training needs beside it: the demonstrated chunk the hand should
 * predict from it ({@code chunk × joints} absolute actions; frames past the demonstration's end are
 * masked by {@code chunkMask}), the weight of this observation in the BC loss (0 for the original's
 * paused search steps), and whether the episode has ended here (no action is taken from it).
 */
public record EnvStep(Observation observation, float[] demoChunk, float[] chunkMask, float bcWeight, boolean done) {}
