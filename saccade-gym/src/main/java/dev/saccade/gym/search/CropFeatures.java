package dev.saccade.gym.search;

/**
 * A frozen image feature extractor for relevancy: square RGB crops in, one feature vector each.
 * Saccade's is its own encoder's tokens, averaged (saccade-learn's {@code EncoderCropFeatures});
 * implementations must be safe to call from several threads.
 */
public interface CropFeatures {
    /** Side of the square crops it takes, in pixels. */
    int imageSize();

    /** Features of {@code count} crops given as CHW planes in [0, 1], {@code [count][3][S][S]}; one row per crop. */
    float[][] features(float[] crops, int count);
}
