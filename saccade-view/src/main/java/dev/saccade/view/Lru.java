package dev.saccade.view;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToLongFunction;

/** A least-recently-used map bounded in bytes (as {@code size} measures its values). Thread-safe. */
final class Lru<K, V> {
    private final long capacity;
    private final ToLongFunction<V> size;
    private final LinkedHashMap<K, V> map = new LinkedHashMap<>(64, 0.75f, true);
    private long bytes;

    Lru(long capacity, ToLongFunction<V> size) {
        this.capacity = capacity;
        this.size = size;
    }

    synchronized V get(K key) {
        return map.get(key);
    }

    synchronized void put(K key, V value) {
        long s = size.applyAsLong(value);
        if (s > capacity) {
            return;
        }
        V old = map.remove(key);
        if (old != null) {
            bytes -= size.applyAsLong(old);
        }
        Iterator<Map.Entry<K, V>> oldest = map.entrySet().iterator();
        while (bytes + s > capacity && oldest.hasNext()) {
            bytes -= size.applyAsLong(oldest.next().getValue());
            oldest.remove();
        }
        map.put(key, value);
        bytes += s;
    }
}
