package dev.saccade.runtime.bridge;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

/**
 * One message of the eye bridge, in EyeRobot's three-part ZeroMQ format: a float64 timestamp
 * (seconds), a float32 array's bytes, and its int32 shape, each part little-endian as numpy's
 * {@code tobytes()} writes them on x86, so a Python process using the original's
 * {@code zmq_tools} can be either end.
 *
 * <p>Used for camera frames (shape {@code [H, W, 3]}, RGB in [0, 1]; the simulator sends its 360°
 * frame, {@code W = 2H}), gaze commands (shape {@code [2]}: yaw, pitch in radians) and the hand's
 * commands (shape {@code [7]}: six joints and the gripper).
 */
public record EyeMessage(double timestamp, float[] data, int[] shape) {
    /** Largest array accepted from the wire: a 4096 × 2048 RGB frame. */
    public static final int MAX_VALUES = 4096 * 2048 * 3;

    public EyeMessage {
        data = data.clone();
        shape = shape.clone();
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n + " values, got " + data.length);
        }
    }

    @Override public float[] data() { return data.clone(); }
    @Override public int[] shape() { return shape.clone(); }

    /** The three parts: timestamp, array bytes, shape. */
    public List<byte[]> encode() {
        ByteBuffer t = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(timestamp);
        ByteBuffer a = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        a.asFloatBuffer().put(data);
        ByteBuffer s = ByteBuffer.allocate(4 * shape.length).order(ByteOrder.LITTLE_ENDIAN);
        s.asIntBuffer().put(shape);
        return List.of(t.array(), a.array(), s.array());
    }

    /**
     * Reads a message from its parts; anything else than three parts of the right sizes (8 bytes,
     * a multiple of 4 matching the shape, a multiple of 4) is an {@link IllegalArgumentException}
     * naming what is wrong.
     */
    public static EyeMessage decode(List<byte[]> parts) {
        if (parts.size() != 3) {
            throw new IllegalArgumentException("an eye message has 3 parts (timestamp, array, shape), got " + parts.size());
        }
        byte[] t = parts.get(0), a = parts.get(1), s = parts.get(2);
        if (t.length != 8) {
            throw new IllegalArgumentException("the timestamp part is a float64 (8 bytes), got " + t.length + " bytes");
        }
        if (a.length % 4 != 0 || s.length % 4 != 0 || s.length > 4 * 8) {
            throw new IllegalArgumentException("array part of " + a.length + " bytes or shape part of " + s.length
                    + " bytes is not float32/int32 (at most 8 dimensions)");
        }
        if (a.length / 4 > MAX_VALUES) {
            throw new IllegalArgumentException("array of " + a.length / 4 + " values is larger than " + MAX_VALUES);
        }
        int[] shape = new int[s.length / 4];
        ByteBuffer.wrap(s).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(shape);
        float[] data = new float[a.length / 4];
        ByteBuffer.wrap(a).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
        return new EyeMessage(ByteBuffer.wrap(t).order(ByteOrder.LITTLE_ENDIAN).getDouble(), data, shape);
    }
}
