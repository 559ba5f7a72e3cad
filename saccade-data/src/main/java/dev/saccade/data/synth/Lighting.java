package dev.saccade.data.synth;

import dev.saccade.sphere.Vec3;

/**
 * The lights of a scene: one key light that casts shadows (a ceiling lamp), one fill light without
 * shadows, and hemispherical ambient light (from above {@code sky}, from below {@code ground}).
 * Intensities are linear RGB.
 */
record Lighting(Vec3 key, float[] keyRgb, Vec3 fill, float[] fillRgb, float[] sky, float[] ground) {}
