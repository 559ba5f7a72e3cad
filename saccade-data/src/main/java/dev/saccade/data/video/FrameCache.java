package dev.saccade.data.video;

import dev.saccade.sphere.EquirectFrame;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A memory-bounded, least-recently-used cache of decoded frames, keyed by (episode, frame).
 *
 * <p>Its bound is in bytes of pixel data (4 bytes per pixel); adding a frame evicts the least
 * recently used ones until the total fits, so the cache never holds more than {@link #capacityBytes()}.
 * A frame larger than the whole bound is not cached. Thread-safe: one cache may serve every worker
 * of a vector environment. Cached frames are shared, so callers must not modify their pixels.
 */
public final class FrameCache {
    /** A cache key: frame {@code frame} of episode {@code episode}. */
    public record Key(int episode, int frame) {}

    /** Counters since the cache was made. */
    public record Stats(long hits, long misses, long evictions, int frames, long bytes, long capacityBytes) {
        /** Fraction of lookups that hit, 0 when there were none. */
        public double hitRate() {
            long n = hits + misses;
            return n == 0 ? 0 : (double) hits / n;
        }
    }

    private final long capacityBytes;
    private final LinkedHashMap<Key, EquirectFrame> frames = new LinkedHashMap<>(256, 0.75f, true);
    private long bytes;
    private long hits;
    private long misses;
    private long evictions;

    /** A cache holding at most {@code capacityBytes} of pixels; 0 disables caching. */
    public FrameCache(long capacityBytes) {
        if (capacityBytes < 0) {
            throw new IllegalArgumentException("capacity must be >= 0, got " + capacityBytes);
        }
        this.capacityBytes = capacityBytes;
    }

    /** A cache of {@code megabytes} MiB. */
    public static FrameCache ofMegabytes(long megabytes) {
        return new FrameCache(megabytes << 20);
    }

    /** Bytes a frame occupies in the cache. */
    public static long sizeOf(EquirectFrame frame) {
        return 4L * frame.width() * frame.height();
    }

    /** The cached frame, or null. */
    public synchronized EquirectFrame get(Key key) {
        EquirectFrame f = frames.get(key);
        if (f == null) {
            misses++;
        } else {
            hits++;
        }
        return f;
    }

    /** Adds {@code frame}, evicting least recently used frames to stay within the bound. */
    public synchronized void put(Key key, EquirectFrame frame) {
        long size = sizeOf(frame);
        if (size > capacityBytes) {
            return;
        }
        EquirectFrame old = frames.remove(key);
        if (old != null) {
            bytes -= sizeOf(old);
        }
        Iterator<Map.Entry<Key, EquirectFrame>> oldest = frames.entrySet().iterator();
        while (bytes + size > capacityBytes && oldest.hasNext()) {
            bytes -= sizeOf(oldest.next().getValue());
            oldest.remove();
            evictions++;
        }
        frames.put(key, frame);
        bytes += size;
    }

    /** Drops every frame. */
    public synchronized void clear() {
        frames.clear();
        bytes = 0;
    }

    /** The bound in bytes. */
    public long capacityBytes() {
        return capacityBytes;
    }

    /** Current counters. */
    public synchronized Stats stats() {
        return new Stats(hits, misses, evictions, frames.size(), bytes, capacityBytes);
    }
}
