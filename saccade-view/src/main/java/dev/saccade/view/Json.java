package dev.saccade.view;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The viewer's JSON: one mapper, and arrays of numbers where JSON's lack of NaN becomes null. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    /** Rows of floats as nested arrays, NaN as null. */
    static ArrayNode matrix(float[][] rows) {
        ArrayNode a = array();
        for (float[] row : rows) {
            ArrayNode r = a.addArray();
            for (float v : row) {
                if (Float.isFinite(v)) {
                    r.add(v);
                } else {
                    r.addNull();
                }
            }
        }
        return a;
    }

    /** Puts {@code v}, or null when it is not finite. */
    static void number(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) {
            o.put(key, v);
        } else {
            o.putNull(key);
        }
    }

    static byte[] bytes(Object node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
