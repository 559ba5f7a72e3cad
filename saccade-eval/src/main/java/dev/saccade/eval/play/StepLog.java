package dev.saccade.eval.play;

import dev.saccade.eval.metrics.EpisodeTrace;
import dev.saccade.eval.metrics.StepPrediction;
import dev.saccade.eval.metrics.StepRecord;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * An evaluation's per-step log, {@code steps.jsonl.gz} (gzipped JSON lines, one per step of every
 * gaze × hand × unit), what {@code saccade view} plays back. Keys: {@code gaze}, {@code hand},
 * {@code unit}, {@code episode} (dataset episode), {@code step}, {@code frame}, {@code paused}
 * (search phase), {@code yaw_deg}, {@code pitch_deg}, {@code hand_error} (m, the one-sided Chamfer
 * distance of the chunk from the demonstrated one), {@code in_fovea}, {@code target_angle_deg}
 * (to the relevant thing), {@code relevant} ({@code object} while the gripper is open,
 * {@code target} while closed), and when predictions were recorded {@code chunk_age} (eye steps since
 * the chunk in use was predicted) and {@code chunk} (its absolute joint targets, rows × 7 flattened,
 * radians to 4 decimals). Undefined numbers are null. Compressed because the chunks dominate
 * (210 numbers a step).
 */
public final class StepLog {
    /** The file name in an evaluation directory. */
    public static final String FILE = "steps.jsonl.gz";

    private StepLog() {}

    /** Writes {@code traces} to {@code file}. */
    public static void write(Path file, List<EpisodeTrace> traces) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file);
             BufferedWriter w = new BufferedWriter(new OutputStreamWriter(new GZIPOutputStream(raw, 1 << 16), StandardCharsets.UTF_8))) {
            StringBuilder sb = new StringBuilder(4096);
            for (EpisodeTrace t : traces) {
                for (int i = 0; i < t.steps().size(); i++) {
                    StepRecord s = t.steps().get(i);
                    StepPrediction p = t.predictions().isEmpty() ? null : t.predictions().get(i);
                    sb.setLength(0);
                    sb.append("{\"gaze\":\"").append(escape(t.gaze())).append("\",\"hand\":\"").append(escape(t.hand()))
                            .append("\",\"unit\":").append(t.unit()).append(",\"episode\":").append(t.episode())
                            .append(",\"step\":").append(i);
                    if (p != null) {
                        sb.append(",\"frame\":").append(p.frame());
                    }
                    sb.append(",\"paused\":").append(s.searching());
                    number(sb.append(",\"yaw_deg\":"), Math.toDegrees(s.yaw()));
                    number(sb.append(",\"pitch_deg\":"), Math.toDegrees(s.pitch()));
                    number(sb.append(",\"hand_error\":"), s.handErrorM());
                    sb.append(",\"in_fovea\":").append(s.relevantInFovea());
                    number(sb.append(",\"target_angle_deg\":"), Math.toDegrees(s.relevantAngle()));
                    sb.append(",\"relevant\":\"").append(s.gripperClosed() ? "target" : "object").append('"');
                    if (p != null && p.chunk() != null) {
                        sb.append(",\"chunk_age\":").append(p.chunkAge()).append(",\"chunk\":[");
                        float[] c = p.chunk();
                        for (int k = 0; k < c.length; k++) {
                            if (k > 0) {
                                sb.append(',');
                            }
                            fixed4(sb, c[k]);
                        }
                        sb.append(']');
                    }
                    w.append(sb).append("}\n");
                }
            }
        }
    }

    private static void number(StringBuilder sb, double v) {
        if (Double.isFinite(v)) {
            sb.append(v);
        } else {
            sb.append("null");
        }
    }

    /** {@code v} with at most 4 decimals, no exponent (a chunk's radians; 0.1 mrad is far below the hand's errors). */
    static void fixed4(StringBuilder sb, float v) {
        if (!Float.isFinite(v)) {
            sb.append("null");
            return;
        }
        long q = Math.round(v * 10_000.0);
        if (q < 0) {
            sb.append('-');
            q = -q;
        }
        sb.append(q / 10_000);
        long frac = q % 10_000;
        if (frac != 0) {
            sb.append('.');
            String f = Long.toString(frac + 10_000).substring(1);
            int end = f.length();
            while (f.charAt(end - 1) == '0') {
                end--;
            }
            sb.append(f, 0, end);
        }
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
