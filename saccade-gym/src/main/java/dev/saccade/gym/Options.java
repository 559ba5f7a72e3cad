package dev.saccade.gym;

import java.util.Optional;

/**
 * Options for one {@link Env#reset}, after Gymnasium's {@code options} dict: for example a chosen
 * demonstration, start frame or initial gaze, for evaluation on a fixed set of episodes. Immutable.
 */
public final class Options {
    public static final Options NONE = new Options(KeyedValues.EMPTY);

    private final KeyedValues values;

    private Options(KeyedValues values) {
        this.values = values;
    }

    /** A copy with {@code key} set to {@code value}. */
    public <T> Options with(Key<T> key, T value) {
        return new Options(values.with(key, value));
    }

    /** The value of {@code key}, if given. */
    public <T> Optional<T> find(Key<T> key) {
        return values.find(key);
    }

    @Override
    public String toString() {
        return "Options" + values;
    }
}
