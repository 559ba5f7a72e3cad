package dev.saccade.data.lerobot;

import java.util.List;

/**
 * A per-frame float32 vector feature of a dataset (LeRobot dtype {@code float32}, shape
 * {@code [names.size()]}), such as {@code observation.state} or an annotation.
 */
public record VectorFeature(String key, List<String> names) {
    public VectorFeature {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("feature key is empty");
        }
        names = List.copyOf(names);
        if (names.isEmpty()) {
            throw new IllegalArgumentException(key + ": a vector feature needs at least one component name");
        }
    }

    /** Number of components. */
    public int size() {
        return names.size();
    }
}
