package dev.saccade.data.synth;

import static org.junit.jupiter.api.Assertions.*;

import dev.saccade.data.Task;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameStreamTest {
    @Test
    void framesArriveInOrderAndEqualTheDirectRender() throws Exception {
        SyntheticEpisode e = EpisodeGenerator.generate(Task.ERASER_STAND, 8, new SceneOptions(64, 3));
        EpisodeRenderer direct = e.renderer();
        for (int threads : new int[] {1, 3}) {
            List<Integer> order = new ArrayList<>();
            java.util.Set<int[]> buffers = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            FrameStream.render(e, threads, (index, rgb) -> {
                order.add(index);
                buffers.add(rgb);
                assertArrayEquals(direct.render(index).pixels(), rgb, "frame " + index + " on " + threads + " threads");
            });
            assertTrue(buffers.size() <= 2 * threads + 1, "buffers are reused: " + buffers.size());
            assertEquals(e.frames(), order.size());
            for (int i = 0; i < order.size(); i++) {
                assertEquals(i, order.get(i));
            }
        }
    }

    @Test
    void aFailingConsumerStopsTheStream() {
        SyntheticEpisode e = EpisodeGenerator.generate(Task.WOOD_SQUARE, 8, new SceneOptions(32, 0));
        int[] seen = {0};
        Exception thrown = assertThrows(IllegalStateException.class, () -> FrameStream.render(e, 2, (index, rgb) -> {
            seen[0]++;
            if (index == 5) {
                throw new IllegalStateException("disk full");
            }
        }));
        assertEquals("disk full", thrown.getMessage());
        assertEquals(6, seen[0]);
    }
}
