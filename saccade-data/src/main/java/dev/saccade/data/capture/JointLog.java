package dev.saccade.data.capture;

import dev.saccade.core.InputException;
import dev.saccade.data.Features;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A timestamped log of the arm's joints, read from CSV (the format is in docs/DATASET.md):
 *
 * <pre>
 * timestamp,shoulder_pan,shoulder_lift,elbow,wrist_1,wrist_2,wrist_3,gripper
 * 12.000,0.01,-1.57,1.50,-1.50,-1.57,0.00,0.0
 * </pre>
 *
 * <p>A header names {@code timestamp} (seconds, strictly increasing) and the seven joints (radians;
 * gripper 0 open … 1 closed) in any order; optionally also the seven {@code action.<joint>}
 * columns with commanded targets. Blank lines and lines starting with {@code #} are skipped. Every
 * problem is reported with the file and line.
 *
 * @param times   timestamps, seconds, strictly increasing
 * @param state   measured joints per row
 * @param action  commanded joints per row, or null if the log has none
 */
public record JointLog(double[] times, float[][] state, float[][] action) {
    /** Prefix of the optional commanded-joint columns. */
    public static final String ACTION_PREFIX = "action.";

    /** Number of rows. */
    public int size() {
        return times.length;
    }

    /** Reads and validates {@code file}. */
    public static JointLog read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InputException(file, Files.exists(file) ? "not a regular file" : "no such file");
        }
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(file, in);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new InputException(file, "not UTF-8 text: a joint log is a CSV text file", e);
        } catch (IOException e) {
            throw new InputException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    private static JointLog parse(Path file, BufferedReader in) throws IOException {
        String line;
        int lineNo = 0;
        String[] header = null;
        while ((line = in.readLine()) != null) {
            lineNo++;
            String t = line.strip();
            if (!t.isEmpty() && !t.startsWith("#")) {
                header = split(t.startsWith("\uFEFF") ? t.substring(1) : t);
                break;
            }
        }
        if (header == null) {
            throw new InputException(file, "empty: expected a header line 'timestamp," + String.join(",", Features.JOINT_NAMES) + "'");
        }
        int headerLine = lineNo;
        Map<String, Integer> column = new HashMap<>();
        for (int i = 0; i < header.length; i++) {
            String name = header[i];
            if (column.put(name, i) != null) {
                throw new InputException(file, "line " + headerLine + ": column '" + name + "' appears twice");
            }
            boolean known = name.equals("timestamp") || Features.JOINT_NAMES.contains(name)
                    || (name.startsWith(ACTION_PREFIX) && Features.JOINT_NAMES.contains(name.substring(ACTION_PREFIX.length())));
            if (!known) {
                throw new InputException(file, "line " + headerLine + ": unknown column '" + name + "'; expected timestamp, "
                        + String.join(", ", Features.JOINT_NAMES) + " and optionally action.<joint> columns");
            }
        }
        List<String> missing = new ArrayList<>();
        if (!column.containsKey("timestamp")) {
            missing.add("timestamp");
        }
        for (String j : Features.JOINT_NAMES) {
            if (!column.containsKey(j)) {
                missing.add(j);
            }
        }
        if (!missing.isEmpty()) {
            throw new InputException(file, "line " + headerLine + ": missing column" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing));
        }
        int actions = 0;
        for (String j : Features.JOINT_NAMES) {
            actions += column.containsKey(ACTION_PREFIX + j) ? 1 : 0;
        }
        if (actions != 0 && actions != Features.JOINT_DIM) {
            throw new InputException(file, "line " + headerLine + ": has " + actions + " of the 7 action.<joint> columns; give all or none");
        }
        int ts = column.get("timestamp");
        int[] stateCols = new int[Features.JOINT_DIM];
        int[] actionCols = new int[Features.JOINT_DIM];
        for (int j = 0; j < Features.JOINT_DIM; j++) {
            stateCols[j] = column.get(Features.JOINT_NAMES.get(j));
            actionCols[j] = actions == 0 ? -1 : column.get(ACTION_PREFIX + Features.JOINT_NAMES.get(j));
        }
        double[] times = new double[1024];
        List<float[]> state = new ArrayList<>();
        List<float[]> action = new ArrayList<>();
        int previousLine = 0;
        while ((line = in.readLine()) != null) {
            lineNo++;
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            String[] f = split(t);
            if (f.length != header.length) {
                throw new InputException(file, "line " + lineNo + ": " + f.length + " fields, the header has " + header.length);
            }
            int n = state.size();
            double time = number(file, lineNo, "timestamp", f[ts]);
            if (n > 0 && !(time > times[n - 1])) {
                throw new InputException(file, String.format(Locale.ROOT,
                        "line %d: timestamp %s is not after %s on line %d (timestamps must increase)", lineNo, f[ts],
                        Double.toString(times[n - 1]), previousLine));
            }
            if (n == times.length) {
                times = Arrays.copyOf(times, 2 * n);
            }
            times[n] = time;
            state.add(joints(file, lineNo, f, stateCols, ""));
            if (actions != 0) {
                action.add(joints(file, lineNo, f, actionCols, ACTION_PREFIX));
            }
            previousLine = lineNo;
        }
        if (state.size() < 2) {
            throw new InputException(file, "has " + state.size() + " data row" + (state.size() == 1 ? "" : "s") + "; at least 2 are needed to interpolate");
        }
        return new JointLog(Arrays.copyOf(times, state.size()), state.toArray(new float[0][]),
                actions == 0 ? null : action.toArray(new float[0][]));
    }

    private static float[] joints(Path file, int line, String[] fields, int[] cols, String prefix) {
        float[] v = new float[cols.length];
        for (int j = 0; j < cols.length; j++) {
            String name = prefix + Features.JOINT_NAMES.get(j);
            double x = number(file, line, name, fields[cols[j]]);
            if (j == Features.GRIPPER && (x < 0 || x > 1)) {
                throw new InputException(file, "line " + line + ": " + name + " is " + fields[cols[j]]
                        + "; the gripper must be in [0, 1] (0 open, 1 closed)");
            }
            v[j] = (float) x;
        }
        return v;
    }

    private static double number(Path file, int line, String column, String text) {
        double x;
        try {
            x = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new InputException(file, "line " + line + ": " + column + " is '" + text + "', not a number");
        }
        if (!Double.isFinite(x)) {
            throw new InputException(file, "line " + line + ": " + column + " is " + text + "; values must be finite");
        }
        return x;
    }

    private static String[] split(String line) {
        String[] parts = line.split(",", -1);
        for (int i = 0; i < parts.length; i++) {
            parts[i] = parts[i].strip();
        }
        return parts;
    }

    /**
     * The joints at {@code time} by interpolation between rows: linear, or cubic (Catmull-Rom
     * through the neighbouring rows, exact at the rows, smooth between). {@code time} must lie in
     * the log's span. The gripper is clamped to [0, 1] after cubic interpolation.
     */
    public float[] stateAt(double time, Interpolation how) {
        return interpolate(state, time, how);
    }

    /** The commanded joints at {@code time}; the log must have action columns. */
    public float[] actionAt(double time, Interpolation how) {
        if (action == null) {
            throw new IllegalStateException("this log has no action columns");
        }
        return interpolate(action, time, how);
    }

    /** How values between log rows are estimated. */
    public enum Interpolation { LINEAR, CUBIC }

    /**
     * How far outside its first and last row the log still counts as covering a time, seconds: logs
     * are written with microsecond (or coarser) stamps, so a log ending at the last frame's time
     * rounded down would otherwise miss that frame by a fraction of a microsecond.
     */
    public static final double TIME_TOLERANCE = 1e-6;

    /** True if the log covers {@code from} to {@code to}, within {@link #TIME_TOLERANCE}. */
    public boolean covers(double from, double to) {
        return from >= times[0] - TIME_TOLERANCE && to <= times[times.length - 1] + TIME_TOLERANCE;
    }

    private float[] interpolate(float[][] rows, double time, Interpolation how) {
        int n = times.length;
        if (!covers(time, time)) {
            throw new IllegalArgumentException("time " + time + " outside the log's span " + times[0] + " to " + times[n - 1]);
        }
        time = Math.min(Math.max(time, times[0]), times[n - 1]); // within the tolerance: the end row
        int i = Arrays.binarySearch(times, time);
        if (i >= 0) {
            return rows[i].clone();
        }
        int hi = -i - 1;
        int lo = hi - 1;
        double u = (time - times[lo]) / (times[hi] - times[lo]);
        float[] out = new float[rows[lo].length];
        for (int j = 0; j < out.length; j++) {
            double a = rows[lo][j];
            double b = rows[hi][j];
            double v;
            if (how == Interpolation.LINEAR) {
                v = a + (b - a) * u;
            } else {
                // Catmull-Rom with non-uniform spacing handled through finite-difference tangents.
                double h = times[hi] - times[lo];
                double m0 = lo > 0 ? (b - rows[lo - 1][j]) / (times[hi] - times[lo - 1]) * h : (b - a);
                double m1 = hi < n - 1 ? (rows[hi + 1][j] - a) / (times[hi + 1] - times[lo]) * h : (b - a);
                double u2 = u * u;
                double u3 = u2 * u;
                v = (2 * u3 - 3 * u2 + 1) * a + (u3 - 2 * u2 + u) * m0 + (-2 * u3 + 3 * u2) * b + (u3 - u2) * m1;
                if (j == Features.GRIPPER) {
                    v = Math.max(0, Math.min(1, v));
                }
            }
            out[j] = (float) v;
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JointLog l && Arrays.equals(times, l.times) && Arrays.deepEquals(state, l.state)
                && Arrays.deepEquals(action, l.action);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(times);
    }

    @Override
    public String toString() {
        return "JointLog[" + times.length + " rows, " + times[0] + " to " + times[times.length - 1] + " s"
                + (action == null ? "" : ", with actions") + "]";
    }
}
