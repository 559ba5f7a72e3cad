package dev.saccade.gym.search;

import dev.saccade.gym.demo.Direction;

/** The thing a visual search looks for in its frozen frame: where it lies and what it is called. */
public record SearchTarget(Direction direction, String name) {}
