package dev.saccade.robot.rtde;

/**
 * The data types of RTDE variables, as the controller names them in its setup replies, with their
 * wire sizes (big-endian). {@link #NOT_FOUND} and {@link #IN_USE} are not types but the markers a
 * controller puts in a setup reply for a variable it does not know or that another client owns.
 */
public enum RtdeType {
    BOOL(1, 1, false),
    UINT8(1, 1, false),
    UINT32(1, 4, false),
    UINT64(1, 8, false),
    INT32(1, 4, false),
    DOUBLE(1, 8, true),
    VECTOR3D(3, 8, true),
    VECTOR6D(6, 8, true),
    VECTOR6INT32(6, 4, false),
    VECTOR6UINT32(6, 4, false),
    NOT_FOUND(0, 0, false),
    IN_USE(0, 0, false);

    private final int items;
    private final int itemBytes;
    private final boolean real;

    RtdeType(int items, int itemBytes, boolean real) {
        this.items = items;
        this.itemBytes = itemBytes;
        this.real = real;
    }

    /** Number of scalar items (1, 3 or 6); 0 for the two markers. */
    public int items() {
        return items;
    }

    /** Bytes of one item on the wire. */
    public int itemBytes() {
        return itemBytes;
    }

    /** Bytes of a whole value on the wire. */
    public int bytes() {
        return items * itemBytes;
    }

    /** Whether the items are IEEE doubles (else integers). */
    public boolean isReal() {
        return real;
    }

    /** Whether this names a real data type (not {@link #NOT_FOUND} or {@link #IN_USE}). */
    public boolean isData() {
        return items > 0;
    }

    /** The type a controller names {@code name}, or throws {@link RtdeProtocolException}. */
    public static RtdeType parse(String name) {
        for (RtdeType t : values()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        throw new RtdeProtocolException("unknown RTDE type '" + Printable.of(name) + "'");
    }
}
