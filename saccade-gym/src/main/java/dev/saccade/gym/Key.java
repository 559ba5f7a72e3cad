package dev.saccade.gym;

import java.util.Objects;

/**
 * A typed name for an entry of {@link Info} or {@link Options}: {@code info.get(EyeInfo.FRAME)}
 * returns an {@code Integer} without a cast at the call site. Keys are compared by name.
 */
public record Key<T>(String name, Class<T> type) {
    public Key {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }

    /** A key named {@code name} for values of {@code type}. */
    public static <T> Key<T> of(String name, Class<T> type) {
        return new Key<>(name, type);
    }

    @Override
    public String toString() {
        return name;
    }
}
