package dev.saccade.data.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.sphere.EquirectFrame;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class FrameCacheTest {
    static EquirectFrame frame(int height) {
        return EquirectFrame.black(height);
    }

    @Property(tries = 200)
    void neverHoldsMoreThanItsBound(@ForAll @IntRange(min = 0, max = 200_000) int capacity,
                                    @ForAll @Size(max = 60) List<@IntRange(min = 1, max = 120) Integer> heights) {
        FrameCache cache = new FrameCache(capacity);
        int i = 0;
        for (int h : heights) {
            EquirectFrame f = frame(h);
            FrameCache.Key key = new FrameCache.Key(i % 7, i);
            cache.put(key, f);
            FrameCache.Stats s = cache.stats();
            assertTrue(s.bytes() <= capacity, s.bytes() + " bytes in a cache of " + capacity);
            if (FrameCache.sizeOf(f) <= capacity) {
                assertSame(f, cache.get(key), "the frame just added is cached if it fits");
            } else {
                assertNull(cache.get(key), "a frame larger than the bound is not cached");
            }
            i++;
        }
    }

    @Test
    void evictsTheLeastRecentlyUsedFrame() {
        long one = FrameCache.sizeOf(frame(10));
        FrameCache cache = new FrameCache(3 * one);
        FrameCache.Key a = new FrameCache.Key(0, 0);
        FrameCache.Key b = new FrameCache.Key(0, 1);
        FrameCache.Key c = new FrameCache.Key(0, 2);
        cache.put(a, frame(10));
        cache.put(b, frame(10));
        cache.put(c, frame(10));
        cache.get(a); // a is now more recent than b
        cache.put(new FrameCache.Key(1, 0), frame(10));
        assertNull(cache.get(b), "b was least recently used");
        assertTrue(cache.get(a) != null && cache.get(c) != null);
        FrameCache.Stats s = cache.stats();
        assertEquals(1, s.evictions());
        assertEquals(3, s.frames());
        assertEquals(3 * one, s.bytes());
    }
}
