package dev.saccade.learn.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A summary of a PyTorch profiler trace (Chrome trace JSON, as {@link UpdateProfile#trace} writes):
 * each op's <em>self</em> time (its duration less the ops nested in it on the same thread), added up
 * by kind of work and by op and input shapes, so that a step's time splits into matrix products
 * and everything else.
 */
public final class OpsTrace {
    /** Kinds of work, in report order. */
    public enum Kind {
        MATRIX_PRODUCTS("matrix products (mm, addmm, bmm)"),
        ELEMENTWISE("element-wise arithmetic (mul, div, add, sub, sqrt, exp, …)"),
        COPIES("copies and fills (cat, copy_, fill_, zero_, slice_backward, index, …)"),
        REDUCTIONS("reductions (sum, mean, norm)"),
        NORMS_ACTIVATIONS("LayerNorm, softmax, GELU and their backward"),
        OTHER("views, autograd bookkeeping, the rest");

        public final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /** Self time in milliseconds of one op with one list of input shapes, and its calls. */
    public record Entry(String op, String shapes, double millis, int calls) {}

    /** Self milliseconds per kind (all kinds present), and the entries by decreasing self time. */
    public record Summary(Map<Kind, Double> byKind, List<Entry> entries) {
        public double totalMillis() {
            return byKind.values().stream().mapToDouble(Double::doubleValue).sum();
        }
    }

    private OpsTrace() {}

    /** The kind of an ATen op by its name ({@code aten::bmm}, {@code aten::gelu_backward}, …). */
    public static Kind kind(String op) {
        String n = op.startsWith("aten::") ? op.substring(6) : op;
        if (n.equals("mm") || n.equals("addmm") || n.equals("bmm") || n.equals("baddbmm")) {
            return Kind.MATRIX_PRODUCTS;
        }
        if (n.contains("layer_norm") || n.contains("softmax") || n.startsWith("gelu")) {
            return Kind.NORMS_ACTIVATIONS;
        }
        if (n.equals("sum") || n.equals("mean") || n.contains("norm") || n.equals("amax")) {
            return Kind.REDUCTIONS;
        }
        if (n.equals("cat") || n.startsWith("copy") || n.startsWith("fill") || n.startsWith("zero") || n.equals("slice_backward")
                || n.startsWith("index") || n.startsWith("masked_fill") || n.equals("clone") || n.equals("contiguous")
                || n.equals("empty") || n.equals("zeros") || n.equals("ones")) {
            return Kind.COPIES;
        }
        for (String a : new String[] {"mul", "div", "add", "sub", "neg", "sqrt", "rsqrt", "pow", "exp", "log", "abs", "sign", "clamp",
            "maximum", "minimum", "where", "gt", "lt", "ge", "le", "eq", "reciprocal", "square"}) {
            if (n.equals(a) || n.equals(a + "_")) {
                return Kind.ELEMENTWISE;
            }
        }
        return Kind.OTHER;
    }

    /** Reads and summarises a trace file. */
    public static Summary read(Path trace) throws IOException {
        return summarise(new ObjectMapper().readTree(trace.toFile()));
    }

    /** Summarises complete events ({@code "ph": "X"}) of a parsed trace: an array, or an object with {@code traceEvents}. */
    public static Summary summarise(JsonNode trace) {
        JsonNode events = trace.isArray() ? trace : trace.path("traceEvents");
        Map<String, List<JsonNode>> byThread = new LinkedHashMap<>();
        for (JsonNode e : events) {
            if ("X".equals(e.path("ph").asText()) && e.has("dur")) {
                byThread.computeIfAbsent(e.path("pid").asText() + "/" + e.path("tid").asText(), k -> new ArrayList<>()).add(e);
            }
        }
        Map<Kind, Double> byKind = new LinkedHashMap<>();
        for (Kind k : Kind.values()) {
            byKind.put(k, 0.0);
        }
        Map<String, double[]> entries = new LinkedHashMap<>(); // key op + '\0' + shapes → {millis, calls}
        for (List<JsonNode> list : byThread.values()) {
            // Parents start first and, at equal starts, last longest: then a stack of open events finds each event's parent.
            list.sort(Comparator.<JsonNode>comparingDouble(e -> e.path("ts").asDouble()).thenComparingDouble(e -> -e.path("dur").asDouble()));
            double[] self = new double[list.size()];
            Deque<Integer> open = new ArrayDeque<>();
            for (int i = 0; i < list.size(); i++) {
                JsonNode e = list.get(i);
                double ts = e.path("ts").asDouble();
                self[i] = e.path("dur").asDouble();
                while (!open.isEmpty() && end(list.get(open.peek())) <= ts) {
                    open.pop();
                }
                if (!open.isEmpty()) {
                    self[open.peek()] -= self[i];
                }
                open.push(i);
            }
            for (int i = 0; i < list.size(); i++) {
                String op = list.get(i).path("name").asText();
                double ms = self[i] / 1000; // trace times are microseconds
                byKind.merge(kind(op), ms, Double::sum);
                double[] acc = entries.computeIfAbsent(op + '\0' + list.get(i).path("shape"), k -> new double[2]);
                acc[0] += ms;
                acc[1]++;
            }
        }
        List<Entry> out = new ArrayList<>();
        for (Map.Entry<String, double[]> e : entries.entrySet()) {
            String[] key = e.getKey().split("\0", 2);
            out.add(new Entry(key[0], key[1], e.getValue()[0], (int) e.getValue()[1]));
        }
        out.sort(Comparator.comparingDouble(Entry::millis).reversed());
        return new Summary(byKind, out);
    }

    private static double end(JsonNode e) {
        return e.path("ts").asDouble() + e.path("dur").asDouble();
    }
}
