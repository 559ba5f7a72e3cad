package dev.saccade.gym;

/** What {@link Env#reset} returns: the first observation of an episode and its ground truth. */
public record Reset<O>(O observation, Info info) {}
