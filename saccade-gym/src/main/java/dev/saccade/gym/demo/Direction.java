package dev.saccade.gym.demo;

/**
 * An annotated direction seen from the 360 camera: {@code yaw} (longitude), {@code pitch}
 * (latitude) and the thing's angular {@code radius}, radians (docs/DATASET.md).
 */
public record Direction(double yaw, double pitch, double radius) {}
