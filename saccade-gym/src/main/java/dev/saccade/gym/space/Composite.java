package dev.saccade.gym.space;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * A space of records made of named parts, each with its own space, after Gymnasium's {@code Dict}:
 * the eye's observation is a pyramid box, a gaze, a proprioception box and a task id.
 *
 * <p>Built from {@link Field}s that read a part out of the record, and a constructor that builds a
 * record from sampled parts (in field order).
 */
public final class Composite<T> implements Space<T> {

    /** One named part of a composite value: its space and how to read it from the value. */
    public record Field<T, V>(String name, Space<V> space, Function<T, V> getter) {
        boolean contains(T value) {
            return space.contains(getter.apply(value));
        }

        boolean same(T a, T b) {
            return space.same(getter.apply(a), getter.apply(b));
        }

        String describe(T value) {
            return space.describe(getter.apply(value));
        }
    }

    private final String name;
    private final List<Field<T, ?>> fields;
    private final Function<List<Object>, T> constructor;

    /**
     * @param name        the value type's name, for messages
     * @param fields      the parts, in the order {@code constructor} takes them
     * @param constructor builds a value from one member of each field's space
     */
    public Composite(String name, List<Field<T, ?>> fields, Function<List<Object>, T> constructor) {
        this.name = name;
        this.fields = List.copyOf(fields);
        this.constructor = constructor;
    }

    /** The parts, in order. */
    public List<Field<T, ?>> fields() {
        return fields;
    }

    @Override
    public T sample(RandomGenerator rng) {
        List<Object> parts = new ArrayList<>(fields.size());
        for (Field<T, ?> f : fields) {
            parts.add(f.space().sample(rng));
        }
        return constructor.apply(parts);
    }

    @Override
    public boolean contains(T value) {
        if (value == null) {
            return false;
        }
        for (Field<T, ?> f : fields) {
            if (!f.contains(value)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean same(T a, T b) {
        for (Field<T, ?> f : fields) {
            if (!f.same(a, b)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String describe(T value) {
        if (value == null) {
            return "null";
        }
        for (Field<T, ?> f : fields) {
            if (!f.contains(value)) {
                return "whose " + f.name() + " " + f.describe(value) + " is not in " + f.space();
            }
        }
        return name;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name).append('{');
        for (int i = 0; i < fields.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(fields.get(i).name()).append(": ").append(fields.get(i).space());
        }
        return sb.append('}').toString();
    }
}
