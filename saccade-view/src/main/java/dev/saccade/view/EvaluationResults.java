package dev.saccade.view;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.saccade.core.InputException;
import dev.saccade.eval.results.MetricFiles;
import dev.saccade.eval.results.MetricRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** An evaluation directory ({@code saccade eval}): its metric rows with 95 % intervals and its summary. */
public final class EvaluationResults {
    private final Path dir;

    EvaluationResults(Path dir) {
        this.dir = dir;
    }

    static boolean isEvaluation(Path dir) {
        return Files.isRegularFile(dir.resolve("metrics.json"));
    }

    public Path dir() {
        return dir;
    }

    /**
     * The dataset the summary names ("dataset": "PATH (N episodes)"), if it is a directory; for a
     * {@code saccade run} output, its recording ({@code dataset/}).
     */
    Optional<Path> dataset() {
        Path summary = dir.resolve("summary.json");
        if (!Files.isRegularFile(summary)) {
            Path recording = dir.resolve("dataset");
            return Files.isRegularFile(recording.resolve("meta").resolve("info.json")) ? Optional.of(recording) : Optional.empty();
        }
        try {
            String text = Json.MAPPER.readTree(summary.toFile()).path("dataset").asText("");
            int paren = text.lastIndexOf(" (");
            Path p = Path.of(paren > 0 ? text.substring(0, paren) : text);
            return !text.isEmpty() && Files.isRegularFile(p.resolve("meta").resolve("info.json")) ? Optional.of(p) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Rows and summary as JSON; a bad file throws {@link InputException} naming it. */
    ObjectNode json() {
        ObjectNode o = Json.object();
        o.put("dir", dir.toString());
        o.put("name", dir.getFileName().toString());
        List<MetricRow> rows;
        try {
            rows = MetricFiles.readJson(dir.resolve("metrics.json"));
        } catch (IOException e) {
            throw new InputException(dir.resolve("metrics.json"), "cannot read: " + e.getMessage());
        }
        ArrayNode a = o.putArray("rows");
        for (MetricRow r : rows) {
            ObjectNode n = a.addObject();
            n.put("gaze", r.gaze());
            n.put("hand", r.hand());
            n.put("metric", r.metric());
            n.put("unit", r.unit());
            Json.number(n, "mean", r.mean());
            Json.number(n, "low", r.ci95Low());
            Json.number(n, "high", r.ci95High());
            n.put("episodes", r.episodes());
        }
        Path summary = dir.resolve("summary.json");
        if (Files.isRegularFile(summary)) {
            try {
                JsonNode s = Json.MAPPER.readTree(summary.toFile());
                o.set("summary", s);
            } catch (IOException e) {
                throw new InputException(summary, "not valid JSON: " + e.getMessage());
            }
        }
        return o;
    }
}
