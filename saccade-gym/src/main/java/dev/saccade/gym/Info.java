package dev.saccade.gym;

import java.util.Optional;
import java.util.Set;

/**
 * Ground truth and diagnostics that come with an observation, after Gymnasium's {@code info}
 * dict: the demonstration and frame, annotated directions, the hand's supervision target, episode
 * statistics. Policies that learn must not read it to act (baselines and oracles may; trainers read
 * supervision targets from it). Immutable; {@link #with} returns a copy.
 */
public final class Info {
    public static final Info EMPTY = new Info(KeyedValues.EMPTY);

    private final KeyedValues values;

    private Info(KeyedValues values) {
        this.values = values;
    }

    /** A copy with {@code key} set to {@code value}. */
    public <T> Info with(Key<T> key, T value) {
        return new Info(values.with(key, value));
    }

    /** A builder starting from these entries; cheaper than many {@link #with} calls. */
    public Builder toBuilder() {
        return new Builder(new KeyedValues.Builder(values));
    }

    /** A builder of a new info. */
    public static Builder builder() {
        return EMPTY.toBuilder();
    }

    /** Collects entries for an {@link Info}. Not thread-safe. */
    public static final class Builder {
        private final KeyedValues.Builder values;

        private Builder(KeyedValues.Builder values) {
            this.values = values;
        }

        /** Sets {@code key} to {@code value}. */
        public <T> Builder put(Key<T> key, T value) {
            values.put(key, value);
            return this;
        }

        public Info build() {
            return new Info(values.build());
        }
    }

    /** The value of {@code key}, if present. */
    public <T> Optional<T> find(Key<T> key) {
        return values.find(key);
    }

    /** The value of {@code key}; throws {@link java.util.NoSuchElementException} naming it if absent. */
    public <T> T get(Key<T> key) {
        return values.get(key, "info");
    }

    public boolean has(Key<?> key) {
        return values.find(key).isPresent();
    }

    /** The keys present, in no particular order. */
    public Set<Key<?>> keys() {
        return values.keys();
    }

    @Override
    public String toString() {
        return "Info" + values;
    }
}
