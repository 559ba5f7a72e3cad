package dev.saccade.learn.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.saccade.core.InputException;
import dev.saccade.learn.io.HostTensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The named weights of a model, each in an optimiser group ("eye", "hand", ...), owned by one
 * native scope. Names follow PyTorch's dotted style ({@code eye.blocks.0.attn_in.weight}) so an
 * exported safetensors file reads naturally in Python.
 *
 * <p>Ops whose receiver is a weight put their result in the weight's manager, which would leak.
 * {@link #useIn(NDManager)} therefore lends every weight to a step's scope for the step's duration
 * (DJL's temporary attach): all intermediates then die with the step, the weights do not.
 */
public final class Params implements AutoCloseable {
    /** One weight: its name, optimiser group, native array and whether it is trained. */
    public record Param(String name, String group, NDArray array, boolean trainable) {}

    private final NDManager manager;
    private final Map<String, Param> byName = new LinkedHashMap<>();

    /** An empty set of weights in a new scope under {@code parent}. */
    public Params(NDManager parent) {
        this.manager = parent.newSubManager();
    }

    /** The scope that owns the weights. */
    public NDManager manager() {
        return manager;
    }

    /** Adds a weight with initial values {@code init}; trainable weights record gradients. */
    public NDArray add(String name, String group, HostTensor init, boolean trainable) {
        if (byName.containsKey(name)) {
            throw new IllegalArgumentException("duplicate parameter " + name);
        }
        NDArray a = manager.create(init.data(), new Shape(init.shape()));
        a.setName(name);
        if (trainable) {
            a.setRequiresGradient(true);
        }
        byName.put(name, new Param(name, group, a, trainable));
        return a;
    }

    public NDArray get(String name) {
        Param p = byName.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no parameter " + name);
        }
        return p.array();
    }

    /** All weights in the order they were added. */
    public List<Param> all() {
        return Collections.unmodifiableList(new ArrayList<>(byName.values()));
    }

    /** The trainable weights of one optimiser group. */
    public List<Param> group(String group) {
        List<Param> out = new ArrayList<>();
        for (Param p : byName.values()) {
            if (p.trainable() && p.group().equals(group)) {
                out.add(p);
            }
        }
        return out;
    }

    /** Total number of values. */
    public long count() {
        long n = 0;
        for (Param p : byName.values()) {
            n += p.array().size();
        }
        return n;
    }

    /**
     * Lends every weight to {@code step} until it closes (see the class comment). Calling it again
     * for the same scope does nothing; a nested scope borrows from its parent and gives back to it.
     */
    public void useIn(NDManager step) {
        for (Param p : byName.values()) {
            if (p.array().getManager() != step) {
                p.array().tempAttach(step);
            }
        }
    }

    /** Copies every weight into Java memory, by name, in order. */
    public Map<String, HostTensor> toHost() {
        Map<String, HostTensor> out = new LinkedHashMap<>();
        for (Param p : byName.values()) {
            out.put(p.name(), new HostTensor(p.array().getShape().getShape(), p.array().toFloatArray()));
        }
        return out;
    }

    /**
     * Overwrites every weight with the tensor of the same name. Missing names, extra names and shape
     * mismatches are errors naming {@code source} (the file they came from).
     */
    public void load(Map<String, HostTensor> tensors, Path source) {
        for (Param p : byName.values()) {
            HostTensor t = tensors.get(p.name());
            if (t == null) {
                throw new InputException(source, "tensor '" + p.name() + "' is missing");
            }
            long[] expected = p.array().getShape().getShape();
            if (!Arrays.equals(expected, t.shape())) {
                throw new InputException(source, "tensor '" + p.name() + "': shape " + Arrays.toString(t.shape())
                        + ", this model needs " + Arrays.toString(expected) + " (a different model configuration?)");
            }
        }
        for (String name : tensors.keySet()) {
            if (!byName.containsKey(name)) {
                throw new InputException(source, "tensor '" + name + "' is not a weight of this model");
            }
        }
        for (Param p : byName.values()) {
            overwrite(p.array(), tensors.get(p.name()).data());
        }
    }

    /**
     * Copies {@code data} (row-major, {@code a}'s size) into {@code a} in place, bit for bit (-0 and
     * NaN included). Through an index put rather than {@code NDArray.set(float[])}: DJL's native set
     * runs under a deprecated libtorch guard that prints a warning on stderr, which then opened every
     * evaluation's output (issue 16).
     */
    public static void overwrite(NDArray a, float[] data) {
        try (NDManager scope = a.getManager().newSubManager()) {
            NDArray values = scope.create(data, a.getShape());
            boolean grad = a.hasGradient();
            if (grad) {
                a.setRequiresGradient(false); // an in-place write to a leaf that records gradients is refused
            }
            a.set(new ai.djl.ndarray.index.NDIndex("..."), values); // every element, scalars too
            if (grad) {
                a.setRequiresGradient(true);
            }
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
