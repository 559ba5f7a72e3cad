package dev.saccade.data.synth;

import dev.saccade.core.InputException;

/**
 * Choices for synthetic episodes that are not drawn from the seed.
 *
 * @param width       equirect frame width in pixels; the height is half of it
 * @param distractors how many extra objects stand on the table (look-alikes, other tasks' props, clutter)
 */
public record SceneOptions(int width, int distractors) {
    /** The default frame width (1024×512 frames). */
    public static final int DEFAULT_WIDTH = 1024;
    /** The default number of distractors. */
    public static final int DEFAULT_DISTRACTORS = 3;
    /** The widest frames: a backdrop keeps 17 bytes per pixel, 570 MB at 8192×4096. */
    public static final int MAX_WIDTH = 8192;
    /** At most this many distractors fit on the table beside the task props. */
    public static final int MAX_DISTRACTORS = 12;

    public SceneOptions {
        if (width < 8 || width % 2 != 0 || width > MAX_WIDTH) {
            throw new InputException("frame width must be even and in [8, " + MAX_WIDTH + "], got " + width);
        }
        if (distractors < 0 || distractors > MAX_DISTRACTORS) {
            throw new InputException("distractors must be in [0, " + MAX_DISTRACTORS + "], got " + distractors);
        }
    }

    /** 1024×512 frames and {@value #DEFAULT_DISTRACTORS} distractors. */
    public static SceneOptions defaults() {
        return new SceneOptions(DEFAULT_WIDTH, DEFAULT_DISTRACTORS);
    }

    /** Frame height: half the width. */
    public int height() {
        return width / 2;
    }

    public SceneOptions withWidth(int w) {
        return new SceneOptions(w, distractors);
    }

    public SceneOptions withDistractors(int k) {
        return new SceneOptions(width, k);
    }
}
