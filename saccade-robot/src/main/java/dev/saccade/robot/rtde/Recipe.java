package dev.saccade.robot.rtde;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * A granted RTDE recipe: its id and its variables' names and types in wire order. It lays out and
 * reads the values of the data packages that carry it.
 */
public record Recipe(int id, List<String> names, List<RtdeType> types) {
    public Recipe {
        names = List.copyOf(names);
        types = List.copyOf(types);
        if (names.size() != types.size() || names.isEmpty()) {
            throw new IllegalArgumentException(names.size() + " names but " + types.size() + " types");
        }
        if (id < 1 || id > 255) {
            throw new IllegalArgumentException("recipe id " + id + " is not in 1..255");
        }
        for (RtdeType t : types) {
            if (!t.isData()) {
                throw new IllegalArgumentException("a recipe cannot hold " + t);
            }
        }
    }

    /** Bytes of the values of one data package of this recipe (the recipe id byte not counted). */
    public int valueBytes() {
        int n = 0;
        for (RtdeType t : types) {
            n += t.bytes();
        }
        return n;
    }

    /** Index of {@code name} in the recipe, or -1. */
    public int indexOf(String name) {
        return names.indexOf(name);
    }

    /** Fresh all-zero values for this recipe. */
    public RtdeValues newValues() {
        return new RtdeValues(this);
    }

    /** Decodes a data package's values; throws {@link RtdeProtocolException} on a wrong id or length. */
    public RtdeValues decode(RtdeMessages.DataPackage data) {
        if (data.recipeId() != id) {
            throw new RtdeProtocolException("data package for recipe " + data.recipeId() + ", expected " + id);
        }
        if (data.values().length != valueBytes()) {
            throw new RtdeProtocolException("data package of recipe " + id + " has " + data.values().length
                    + " value bytes, the recipe needs " + valueBytes());
        }
        RtdeValues v = newValues();
        ByteBuffer b = ByteBuffer.wrap(data.values());
        int item = 0;
        for (RtdeType t : types) {
            for (int k = 0; k < t.items(); k++, item++) {
                switch (t) {
                    case DOUBLE, VECTOR3D, VECTOR6D -> v.reals[item] = b.getDouble();
                    case BOOL -> v.ints[item] = b.get() != 0 ? 1 : 0;
                    case UINT8 -> v.ints[item] = Byte.toUnsignedLong(b.get());
                    case UINT32, VECTOR6UINT32 -> v.ints[item] = Integer.toUnsignedLong(b.getInt());
                    case INT32, VECTOR6INT32 -> v.ints[item] = b.getInt();
                    case UINT64 -> v.ints[item] = b.getLong();
                    default -> throw new IllegalStateException(t.name());
                }
            }
        }
        return v;
    }

    /** Encodes values of this recipe as a data package. */
    public RtdeMessages.DataPackage encode(RtdeValues v) {
        if (v.recipe() != this && !v.recipe().equals(this)) {
            throw new IllegalArgumentException("values of another recipe");
        }
        ByteBuffer b = ByteBuffer.allocate(valueBytes());
        int item = 0;
        for (RtdeType t : types) {
            for (int k = 0; k < t.items(); k++, item++) {
                switch (t) {
                    case DOUBLE, VECTOR3D, VECTOR6D -> b.putDouble(v.reals[item]);
                    case BOOL, UINT8 -> b.put((byte) v.ints[item]);
                    case UINT32, VECTOR6UINT32, INT32, VECTOR6INT32 -> b.putInt((int) v.ints[item]);
                    case UINT64 -> b.putLong(v.ints[item]);
                    default -> throw new IllegalStateException(t.name());
                }
            }
        }
        return new RtdeMessages.DataPackage(id, b.array());
    }

    /** First item index of each variable, and the total item count last. */
    int[] itemOffsets() {
        int[] o = new int[types.size() + 1];
        for (int i = 0; i < types.size(); i++) {
            o[i + 1] = o[i] + types.get(i).items();
        }
        return o;
    }
}
