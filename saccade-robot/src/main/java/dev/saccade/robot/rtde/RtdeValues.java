package dev.saccade.robot.rtde;

/**
 * The values of one data package of a {@link Recipe}, read and written by variable name. Real
 * types are held as doubles, integer types as longs (UINT64 as its raw 64 bits).
 */
public final class RtdeValues {
    private final Recipe recipe;
    private final int[] offsets;
    final double[] reals;
    final long[] ints;

    RtdeValues(Recipe recipe) {
        this.recipe = recipe;
        this.offsets = recipe.itemOffsets();
        int items = offsets[offsets.length - 1];
        this.reals = new double[items];
        this.ints = new long[items];
    }

    /** The recipe these values belong to. */
    public Recipe recipe() {
        return recipe;
    }

    /** A DOUBLE variable. */
    public double getDouble(String name) {
        return reals[item(name, RtdeType.DOUBLE)];
    }

    /** A VECTOR3D or VECTOR6D variable. */
    public double[] getVector(String name) {
        int i = index(name);
        RtdeType t = recipe.types().get(i);
        requireReal(name, t, true);
        double[] out = new double[t.items()];
        System.arraycopy(reals, offsets[i], out, 0, out.length);
        return out;
    }

    /** An integer variable (BOOL, UINT8, UINT32, INT32, UINT64). */
    public long getLong(String name) {
        int i = index(name);
        RtdeType t = recipe.types().get(i);
        requireReal(name, t, false);
        requireScalar(name, t);
        return ints[offsets[i]];
    }

    /** A VECTOR6INT32 or VECTOR6UINT32 variable. */
    public long[] getLongVector(String name) {
        int i = index(name);
        RtdeType t = recipe.types().get(i);
        requireReal(name, t, false);
        long[] out = new long[t.items()];
        System.arraycopy(ints, offsets[i], out, 0, out.length);
        return out;
    }

    /** Sets a DOUBLE variable. */
    public RtdeValues setDouble(String name, double value) {
        reals[item(name, RtdeType.DOUBLE)] = value;
        return this;
    }

    /** Sets a VECTOR3D or VECTOR6D variable. */
    public RtdeValues setVector(String name, double[] value) {
        int i = index(name);
        RtdeType t = recipe.types().get(i);
        requireReal(name, t, true);
        if (value.length != t.items()) {
            throw new IllegalArgumentException(name + " has " + t.items() + " items, got " + value.length);
        }
        System.arraycopy(value, 0, reals, offsets[i], value.length);
        return this;
    }

    /** Sets an integer variable (the value is cut to the type's width on the wire). */
    public RtdeValues setLong(String name, long value) {
        int i = index(name);
        RtdeType t = recipe.types().get(i);
        requireReal(name, t, false);
        requireScalar(name, t);
        ints[offsets[i]] = value;
        return this;
    }

    /** Sets a VECTOR6INT32 or VECTOR6UINT32 variable. */
    public RtdeValues setLongVector(String name, long[] value) {
        int i = index(name);
        RtdeType t = recipe.types().get(i);
        requireReal(name, t, false);
        if (value.length != t.items()) {
            throw new IllegalArgumentException(name + " has " + t.items() + " items, got " + value.length);
        }
        System.arraycopy(value, 0, ints, offsets[i], value.length);
        return this;
    }

    private int index(String name) {
        int i = recipe.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("recipe " + recipe.id() + " has no variable " + name);
        }
        return i;
    }

    private int item(String name, RtdeType expected) {
        int i = index(name);
        if (recipe.types().get(i) != expected) {
            throw new IllegalArgumentException(name + " is " + recipe.types().get(i) + ", not " + expected);
        }
        return offsets[i];
    }

    private static void requireReal(String name, RtdeType t, boolean real) {
        if (t.isReal() != real) {
            throw new IllegalArgumentException(name + " is " + t + (real ? ", not a real vector" : ", not an integer"));
        }
    }

    private static void requireScalar(String name, RtdeType t) {
        if (t.items() != 1) {
            throw new IllegalArgumentException(name + " is a vector (" + t + ")");
        }
    }
}
