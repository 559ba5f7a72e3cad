package dev.saccade.robot.sim;

import dev.saccade.robot.rtde.RtdePackage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/** Hostile values and packages for fuzzing, from a seeded {@link Random}. */
final class Hostile {
    private Hostile() {}

    static final String[] NAMES = {"timestamp", "actual_q", "actual_qd", "target_q", "actual_TCP_pose", "robot_mode",
        "safety_mode", "runtime_state", "joint_mode", "elbow_position", "tool_output_mode", "actual_digital_input_bits",
        "output_int_register_0", "output_double_register_47", "input_int_register_0", "input_double_register_5",
        "input_bit_register_64", "input_bit_register_63", "input_int_register_48", "input_int_register_47",
        "speed_slider_fraction", "speed_slider_mask", "standard_digital_output", "no_such_variable", "",
        "input_double_register_-1", "INPUT_INT_REGISTER_0", "input_int_register_99999999999"};

    /** A double a hostile peer might send as a joint value. */
    static double joint(Random r, double base) {
        return switch (r.nextInt(12)) {
            case 0 -> Double.NaN;
            case 1 -> Double.POSITIVE_INFINITY;
            case 2 -> Double.NEGATIVE_INFINITY;
            case 3 -> (r.nextBoolean() ? 1 : -1) * 1e300;
            case 4 -> (r.nextBoolean() ? 1 : -1) * (2 * Math.PI + r.nextDouble());   // just outside ±2π
            case 5 -> (r.nextBoolean() ? 1 : -1) * (Math.PI + 1e-9);                // just outside the elbow's range
            case 6 -> Double.longBitsToDouble(r.nextLong());                        // any bit pattern
            case 7 -> base + (r.nextBoolean() ? 1 : -1) * r.nextDouble() * 3;        // a step far above the speed limit
            default -> base + (r.nextDouble() - 0.5) * 0.02;                          // a plausible small step
        };
    }

    /**
     * Six joint values: mostly plausible (small steps, or steps far faster than the speed limit
     * but inside the range), otherwise with one or more hostile values.
     */
    static double[] target(Random r, double[] q) {
        double[] t = new double[6];
        boolean fast = r.nextInt(3) == 0;
        for (int j = 0; j < 6; j++) {
            double step = fast ? (r.nextDouble() - 0.5) * 2 : (r.nextDouble() - 0.5) * 0.02;
            double limit = j == 2 ? Math.PI : 2 * Math.PI;
            t[j] = Math.max(-limit, Math.min(limit, q[j] + step));
        }
        if (r.nextInt(5) < 2) {
            int bad = 1 + r.nextInt(r.nextInt(6) + 1);
            for (int k = 0; k < bad; k++) {
                int j = r.nextInt(6);
                t[j] = joint(r, q[j]);
            }
        }
        return t;
    }

    static String names(Random r) {
        int n = 1 + r.nextInt(8);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",").append(NAMES[r.nextInt(NAMES.length)]);
        }
        return b.toString();
    }

    static byte[] bytes(Random r, int max) {
        byte[] b = new byte[r.nextInt(max + 1)];
        r.nextBytes(b);
        return b;
    }

    static void write(ByteArrayOutputStream out, RtdePackage p) {
        out.writeBytes(p.encode());
    }

    static RtdePackage pkg(int command, byte[] payload) {
        return new RtdePackage(command & 0xff, payload);
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** A text message, well formed or not. */
    static RtdePackage text(Random r) {
        if (r.nextBoolean()) {
            byte[] m = ascii("note " + r.nextInt());
            return pkg('M', ByteBuffer.allocate(3 + m.length + 2).put((byte) m.length).put(m).put((byte) 2)
                    .put(ascii("ab")).put((byte) r.nextInt(256)).array());
        }
        return pkg('M', bytes(r, 20));
    }

    /** Header bytes claiming {@code size} with the type byte, followed by {@code body}. */
    static byte[] rawFrame(int size, int command, byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(3 + body.length);
        b.putShort((short) size).put((byte) command).put(body);
        return b.array();
    }

    static <T> T pick(Random r, List<T> items) {
        return items.get(r.nextInt(items.size()));
    }
}
