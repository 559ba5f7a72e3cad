package dev.saccade.gym;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The immutable, insertion-ordered map from typed {@link Key}s to values behind Info and Options. */
final class KeyedValues {
    static final KeyedValues EMPTY = new KeyedValues(Map.of());

    private record Entry(Key<?> key, Object value) {}

    private final Map<String, Entry> entries;

    private KeyedValues(Map<String, Entry> entries) {
        this.entries = entries;
    }

    /** Collects entries, then freezes them once; for environments that fill many keys per step. */
    static final class Builder {
        private final Map<String, Entry> entries;

        Builder(KeyedValues start) {
            entries = new LinkedHashMap<>(start.entries);
        }

        <T> Builder put(Key<T> key, T value) {
            if (!key.type().isInstance(value)) {
                throw new IllegalArgumentException(key + " expects a " + key.type().getSimpleName() + ", got " + value);
            }
            entries.put(key.name(), new Entry(key, value));
            return this;
        }

        KeyedValues build() {
            return new KeyedValues(Collections.unmodifiableMap(new LinkedHashMap<>(entries)));
        }
    }

    <T> KeyedValues with(Key<T> key, T value) {
        return new Builder(this).put(key, value).build();
    }

    <T> Optional<T> find(Key<T> key) {
        Entry e = entries.get(key.name());
        return e == null ? Optional.empty() : Optional.of(key.type().cast(e.value()));
    }

    <T> T get(Key<T> key, String what) {
        return find(key).orElseThrow(() -> new NoSuchElementException(what + " has no entry '" + key + "'; it has " + entries.keySet()));
    }

    Set<Key<?>> keys() {
        return entries.values().stream().map(Entry::key).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        entries.forEach((name, e) -> sb.append(sb.length() == 1 ? "" : ", ").append(name).append('=').append(e.value()));
        return sb.append('}').toString();
    }
}
