package dev.saccade.learn.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.saccade.gym.search.CropFeatures;

/**
 * Saccade's own frozen encoder as a crop feature extractor for exemplar relevancy: a crop's
 * feature is the mean of its patch tokens (translation-tolerant: a thing need not sit exactly at the
 * crop's centre to match an exemplar). Calls are serialised (one encoder, several gym threads); give
 * it its own copy of the encoder, since a trainer uses its own concurrently. Closing it closes the encoder.
 */
public final class EncoderCropFeatures implements CropFeatures, AutoCloseable {
    private final TokenEncoder encoder;
    private final NDManager root;

    /** Features from {@code encoder} (owned from now on), computed in scopes under {@code parent}. */
    public EncoderCropFeatures(TokenEncoder encoder, NDManager parent) {
        this.encoder = encoder;
        this.root = parent.newSubManager();
    }

    @Override
    public int imageSize() {
        return encoder.imageSize();
    }

    @Override
    public synchronized float[][] features(float[] crops, int count) {
        int s = encoder.imageSize();
        if (count < 1 || crops.length < count * 3 * s * s) {
            throw new IllegalArgumentException(count + " crops of " + s + "² need " + count * 3 * s * s + " floats, got " + crops.length);
        }
        try (NDManager scope = root.newSubManager()) {
            float[] exact = crops.length == count * 3 * s * s ? crops : java.util.Arrays.copyOf(crops, count * 3 * s * s);
            NDArray tokens = encoder.encode(scope.create(exact, new Shape(count, 3, s, s)));
            float[] pooled = tokens.mean(new int[] {1}).toFloatArray();
            int dim = pooled.length / count;
            float[][] out = new float[count][dim];
            for (int i = 0; i < count; i++) {
                System.arraycopy(pooled, i * dim, out[i], 0, dim);
            }
            return out;
        }
    }

    @Override
    public synchronized void close() {
        encoder.close();
        root.close();
    }
}
