package dev.saccade.runtime.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ChunkAggregatorTest {
    /** A chunk of {@code rows} one-value rows, row i = base + i. */
    private static float[] ramp(float base, int rows) {
        float[] c = new float[rows];
        for (int i = 0; i < rows; i++) {
            c[i] = base + i;
        }
        return c;
    }

    @Test
    void ensembleWeighsTheOldestChunkMostAsActDoes() {
        ChunkAggregator a = new ChunkAggregator(Aggregation.ENSEMBLE, 0.01, 1);
        a.add(0, ramp(0, 4));   // rows for frames 0..3: 0, 1, 2, 3
        a.add(2, ramp(10, 4));  // rows for frames 2..5: 10, 11, 12, 13
        double[] out = new double[1];
        assertTrue(a.target(1, out));
        assertEquals(1.0, out[0], 1e-12, "one chunk: its row");
        assertTrue(a.target(3, out));
        double w0 = 1, w1 = Math.exp(-0.01);
        assertEquals((w0 * 3 + w1 * 11) / (w0 + w1), out[0], 1e-6);
        assertTrue(a.target(5, out));
        assertEquals(13.0, out[0], 1e-6, "the first chunk has ended and is dropped");
        assertFalse(a.target(6, out), "no chunk has a row for frame 6");
    }

    @Test
    void latestTakesTheNewestAndAverageWeighsAllEqually() {
        ChunkAggregator latest = new ChunkAggregator(Aggregation.LATEST, 0.01, 1);
        ChunkAggregator average = new ChunkAggregator(Aggregation.AVERAGE, 0.01, 1);
        for (ChunkAggregator a : new ChunkAggregator[] {latest, average}) {
            a.add(0, ramp(0, 6));
            a.add(1, ramp(20, 6));
            a.add(2, ramp(40, 6));
        }
        double[] out = new double[1];
        latest.target(3, out);
        assertEquals(41.0, out[0], 1e-9);
        average.target(3, out);
        assertEquals((3 + 22 + 41) / 3.0, out[0], 1e-6);
        assertEquals(2, latest.newestStart().getAsInt());
    }

    @Test
    void aChunkReceivedLaterDoesNotSpeakForEarlierFrames() {
        ChunkAggregator a = new ChunkAggregator(Aggregation.AVERAGE, 0.01, 2);
        a.add(4, new float[] {1, 2, 3, 4});
        double[] out = new double[2];
        assertFalse(a.target(3, out));
        assertTrue(a.target(5, out));
        assertEquals(3.0, out[0], 1e-9);
        assertEquals(4.0, out[1], 1e-9);
    }
}
