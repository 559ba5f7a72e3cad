package dev.saccade.gym.rollout;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes rollouts as JSON Lines, one {@link StepRecord} per line with snake_case keys; NaN (no
 * annotation, no hand) is written as null so every JSON reader and DuckDB accept the file.
 */
public final class RolloutLog {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RolloutLog() {}

    /** Writes every step of {@code runs} to {@code file} atomically. */
    public static void writeJsonl(Path file, List<Rollout.Run> runs) throws IOException {
        ObjectMapper compact = new ObjectMapper();
        dev.saccade.core.AtomicFiles.write(file, out -> {
            BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            for (Rollout.Run run : runs) {
                for (StepRecord s : run.steps()) {
                    w.write(compact.writeValueAsString(node(compact, s)));
                    w.write('\n');
                }
            }
            w.flush();
        });
    }

    static ObjectNode node(ObjectMapper m, StepRecord s) {
        ObjectNode n = m.createObjectNode();
        n.put("run", s.run());
        n.put("episode", s.episode());
        n.put("task", s.task());
        n.put("step", s.step());
        n.put("frame", s.frame());
        n.put("paused", s.paused());
        n.put("action", s.action());
        n.put("yaw_deg", s.yaw());
        n.put("pitch_deg", s.pitch());
        n.put("reward", s.reward());
        n.put("relevant", s.relevant());
        number(n, "target_angle_deg", s.targetAngle());
        n.put("in_fovea", s.inFovea());
        number(n, "hand_error", s.handError());
        n.put("terminated", s.terminated());
        n.put("truncated", s.truncated());
        return n;
    }

    private static void number(ObjectNode n, String key, double v) {
        if (Double.isNaN(v)) {
            n.putNull(key);
        } else {
            n.put(key, v);
        }
    }

    /** The summary as pretty JSON, written atomically. */
    public static void writeSummary(Path file, RolloutSummary summary) throws IOException {
        dev.saccade.core.AtomicFiles.write(file, out -> out.write(JSON.writeValueAsBytes(summary)));
    }
}
