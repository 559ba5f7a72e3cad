package dev.saccade.data.lerobot;

import dev.saccade.data.Features;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The per-frame arrays of one episode, as stored: timestamps and every vector feature
 * ({@code values.get(key)[frame][component]}), plus its task. Arrays are shared: do not modify.
 */
public record Episode(int index, String task, int taskIndex, float[] timestamps, Map<String, float[][]> values) {
    public Episode {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** Number of frames. */
    public int length() {
        return timestamps.length;
    }

    /** Joint state per frame (7: six UR5e joints and the gripper). */
    public float[][] state() {
        return feature(Features.STATE);
    }

    /** Action per frame (7). */
    public float[][] action() {
        return feature(Features.ACTION);
    }

    /** The feature {@code key} per frame; throws if the dataset has no such feature. */
    public float[][] feature(String key) {
        float[][] v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException("episode " + index + " has no feature " + key + "; it has " + values.keySet());
        }
        return v;
    }

    /** True if the dataset stored feature {@code key} (annotations are absent from real captures). */
    public boolean has(String key) {
        return values.containsKey(key);
    }
}
