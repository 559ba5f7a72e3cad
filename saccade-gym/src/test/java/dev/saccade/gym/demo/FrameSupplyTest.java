package dev.saccade.gym.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.sphere.EquirectFrame;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FrameSupplyTest {
    private static final int HEIGHT = 16;
    private static final long FRAME_BYTES = 4L * 2 * HEIGHT * HEIGHT;

    @Test
    void concurrentRequestsDecodeEachFrameOnce() throws Exception {
        ToyDemonstrations toy = ToyDemonstrations.generate(2, HEIGHT, 1);
        Demonstration ep = toy.episodes().get(1);
        try (FrameSupply<EquirectFrame> supply = FrameSupply.plain(toy, 1L << 30, 0)) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<List<EquirectFrame>>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                List<Integer> order = new ArrayList<>();
                for (int f = 0; f < 20; f++) {
                    order.add(f);
                }
                Collections.shuffle(order, new java.util.Random(t));
                results.add(pool.submit(() -> {
                    List<EquirectFrame> got = new ArrayList<>(Collections.nCopies(20, null));
                    for (int f : order) {
                        got.set(f, supply.frame(ep, f));
                    }
                    return got;
                }));
            }
            List<List<EquirectFrame>> all = new ArrayList<>();
            for (Future<List<EquirectFrame>> r : results) {
                all.add(r.get());
            }
            pool.shutdown();
            assertEquals(20, toy.decodeCount(), "each of 20 frames decoded once for 4 threads");
            assertEquals(20, supply.stats().decodes());
            assertEquals(80, supply.stats().requests());
            for (int f = 0; f < 20; f++) {
                assertSame(all.get(0).get(f), all.get(3).get(f), "every thread got the same decoded frame " + f);
            }
        }
    }

    @Test
    void theCacheStaysWithinItsBoundAndDropsTheLeastRecentlyUsed() {
        ToyDemonstrations toy = ToyDemonstrations.generate(1, HEIGHT, 2);
        Demonstration ep = toy.episodes().get(0);
        try (FrameSupply<EquirectFrame> supply = FrameSupply.plain(toy, 3 * FRAME_BYTES, 0)) {
            for (int f = 0; f < 10; f++) {
                supply.frame(ep, f);
                assertTrue(supply.stats().cachedBytes() <= 3 * FRAME_BYTES);
            }
            assertEquals(3, supply.stats().cachedFrames());
            assertEquals(7, supply.stats().evictions());
            supply.frame(ep, 9); // still cached
            assertEquals(10, toy.decodeCount());
            supply.frame(ep, 0); // dropped long ago
            assertEquals(11, toy.decodeCount());
            supply.frame(ep, 7); // 7 was least recently used after 8, 9 → evicted by 0
            assertEquals(12, toy.decodeCount());
        }
    }

    @Test
    void readAheadDecodesInTheBackgroundSoLaterRequestsHit() throws InterruptedException {
        ToyDemonstrations toy = ToyDemonstrations.generate(1, HEIGHT, 3);
        Demonstration ep = toy.episodes().get(0);
        try (FrameSupply<EquirectFrame> supply = FrameSupply.plain(toy, 1L << 30, 1)) {
            for (int f = 0; f < 12; f += 2) {
                supply.prefetch(ep, f);
                supply.prefetch(ep, f); // asking twice queues once
            }
            supply.prefetch(ep, ep.length()); // past the end: ignored
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (toy.decodeCount() < 6 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(6, toy.decodeCount());
            for (int f = 0; f < 12; f += 2) {
                supply.frame(ep, f);
            }
            assertEquals(6, toy.decodeCount(), "no decode on the caller's thread");
            assertEquals(6, supply.stats().hits());
        }
    }

    /** Fails the first decode of every frame, then works. */
    static final class Flaky implements Demonstrations {
        final ToyDemonstrations toy = ToyDemonstrations.generate(1, HEIGHT, 4);
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public List<Demonstration> episodes() {
            return toy.episodes();
        }

        @Override
        public EquirectFrame decode(Demonstration episode, int frame) {
            if (calls.getAndIncrement() == 0) {
                throw new dev.saccade.core.InputException(java.nio.file.Path.of("video.mp4"), "frame " + frame + ": corrupt packet");
            }
            return toy.decode(episode, frame);
        }
    }

    @Test
    void aFailedDecodeReachesTheCallerAndIsNotCached() {
        Flaky flaky = new Flaky();
        try (FrameSupply<EquirectFrame> supply = FrameSupply.plain(flaky, 1L << 30, 0)) {
            Demonstration ep = flaky.episodes().get(0);
            dev.saccade.core.InputException e = assertThrows(dev.saccade.core.InputException.class, () -> supply.frame(ep, 5));
            assertTrue(e.userMessage().contains("video.mp4"));
            assertEquals(0, supply.stats().cachedFrames());
            EquirectFrame ok = supply.frame(ep, 5);
            assertEquals(2 * HEIGHT, ok.width());
        }
    }

    @Test
    void prefetchAfterCloseIsIgnoredAndFramesStillComeOnRequest() {
        ToyDemonstrations toy = ToyDemonstrations.generate(1, HEIGHT, 8);
        Demonstration ep = toy.episodes().get(0);
        FrameSupply<EquirectFrame> supply = FrameSupply.plain(toy, 1L << 30, 1);
        supply.close();
        supply.prefetch(ep, 3);
        assertEquals(2 * HEIGHT, supply.frame(ep, 3).width());
        assertEquals(1, toy.decodeCount());
    }

    @Test
    void framesOutsideTheEpisodeAreRefused() {
        ToyDemonstrations toy = ToyDemonstrations.generate(1, HEIGHT, 5);
        try (FrameSupply<EquirectFrame> supply = FrameSupply.plain(toy, 1L << 30, 0)) {
            Demonstration ep = toy.episodes().get(0);
            assertThrows(IndexOutOfBoundsException.class, () -> supply.frame(ep, ep.length()));
            Demonstration stranger = ToyDemonstrations.generate(1, HEIGHT, 6).episodes().get(0);
            assertThrows(IllegalArgumentException.class, () -> supply.frame(stranger, 0));
        }
    }
}
