package dev.saccade.gym;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

/** The immutable, insertion-ordered map from typed {@link Key}s to values behind Info and Options. */
final class KeyedValues {
    static final KeyedValues EMPTY = new KeyedValues(Map.of());

    private final Map<String, Object> values;
    private final Map<String, Key<?>> keys;

    private KeyedValues(Map<Key<?>, Object> entries) {
        Map<String, Object> v = new LinkedHashMap<>();
        Map<String, Key<?>> k = new LinkedHashMap<>();
        entries.forEach((key, value) -> {
            v.put(key.name(), value);
            k.put(key.name(), key);
        });
        this.values = Collections.unmodifiableMap(v);
        this.keys = Collections.unmodifiableMap(k);
    }

    <T> KeyedValues with(Key<T> key, T value) {
        if (!key.type().isInstance(value)) {
            throw new IllegalArgumentException(key + " expects a " + key.type().getSimpleName() + ", got " + value);
        }
        Map<Key<?>, Object> next = new LinkedHashMap<>();
        keys.forEach((name, k) -> next.put(k, values.get(name)));
        next.remove(keys.get(key.name()));
        next.put(key, value);
        return new KeyedValues(next);
    }

    <T> Optional<T> find(Key<T> key) {
        Object v = values.get(key.name());
        return v == null ? Optional.empty() : Optional.of(key.type().cast(v));
    }

    <T> T get(Key<T> key, String what) {
        return find(key).orElseThrow(() -> new NoSuchElementException(what + " has no entry '" + key + "'; it has " + keys.keySet()));
    }

    Set<Key<?>> keys() {
        return Set.copyOf(keys.values());
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
