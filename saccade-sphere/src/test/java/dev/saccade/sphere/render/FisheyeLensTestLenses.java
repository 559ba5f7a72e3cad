package dev.saccade.sphere.render;

import dev.saccade.sphere.lens.FisheyeLens;

/** Fisheye lenses for render tests. */
final class FisheyeLensTestLenses {
    private FisheyeLensTestLenses() {}

    /**
     * EyeRobot's calibrated eye camera (1920×1200, reference/eyerobot.md §1) with its image shrunk by
     * {@code factor}: same field of view and distortion, fewer pixels.
     */
    static FisheyeLens eyeRobotScaled(int factor) {
        double s = 1.0 / factor;
        // Pixel centres are at integers: a pixel of the big image spans [i − 0.5, i + 0.5], so the
        // centre maps by (c + 0.5)·s − 0.5.
        return new FisheyeLens(1059.15 * s, 1058.17 * s, (924.5 + 0.5) * s - 0.5, (609.5 + 0.5) * s - 0.5,
                -0.0872, -0.0135, -0.00626, 0.00486, 1920 / factor, 1200 / factor);
    }
}
