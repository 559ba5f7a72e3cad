package dev.saccade.learn.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.saccade.gym.search.CropFeatures;

/**
 * Saccade's own frozen encoder as a crop feature extractor for exemplar relevancy: a crop's
 * feature is the mean of its patch tokens, all of them ({@link Pooling#ALL}: translation-tolerant)
 * or those of the middle half of the token grid ({@link Pooling#CENTRE}: the thing an exemplar is
 * centred on, less its background). Calls are serialised (one encoder, several gym threads); give
 * it its own copy of the encoder, since a trainer uses its own concurrently. Closing it closes the encoder.
 */
public final class EncoderCropFeatures implements CropFeatures, AutoCloseable {
    /** Which tokens a crop's feature averages. */
    public enum Pooling { ALL, CENTRE }

    private final TokenEncoder encoder;
    private final NDManager root;
    private final Pooling pooling;

    /** Features from {@code encoder} (owned from now on), pooled as {@code pooling}, computed in scopes under {@code parent}. */
    public EncoderCropFeatures(TokenEncoder encoder, Pooling pooling, NDManager parent) {
        this.encoder = encoder;
        this.pooling = pooling;
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
            int g = encoder.gridSize();
            if (pooling == Pooling.CENTRE && g >= 2) {
                int from = g / 4;
                int to = g - g / 4;
                tokens = tokens.reshape(count, g, g, encoder.dim()).get(":, " + from + ":" + to + ", " + from + ":" + to + ", :")
                        .reshape(count, -1, encoder.dim());
            }
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
