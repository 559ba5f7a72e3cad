package dev.saccade.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.saccade.core.AtomicFiles;
import dev.saccade.core.InputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The stages of a long pipeline ({@code saccade demo}, {@code saccade claims}) in its directory's
 * {@code stages.json}: the settings it was started with, and each finished stage with its facts
 * (seconds, env steps, …). Run again with the same settings, a pipeline skips what is done and
 * resumes what was interrupted; with other settings it refuses rather than mix two runs.
 * The file is rewritten atomically after every stage, so an interruption never corrupts it.
 */
final class Stages {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;
    private final ObjectNode root;

    private Stages(Path file, ObjectNode root) {
        this.file = file;
        this.root = root;
    }

    /**
     * Opens {@code dir/stages.json}, or starts it. {@code settings} must equal those it was started
     * with; otherwise the directory belongs to another run and {@code command} says how to restart.
     */
    static Stages open(Path dir, String kind, Map<String, Object> settings, String restartHint) throws IOException {
        Path file = dir.resolve("stages.json");
        // Through text, as the file holds them: a long seed of 1 is read back as an int, and trees of
        // different number types are never equal.
        JsonNode wanted = JSON.readTree(JSON.writeValueAsString(settings));
        if (Files.isRegularFile(file)) {
            JsonNode old;
            try {
                old = JSON.readTree(file.toFile());
            } catch (com.fasterxml.jackson.core.JacksonException e) {
                throw new InputException(file, dev.saccade.data.JsonErrors.place(e) + "not valid JSON (" + e.getOriginalMessage() + "); " + restartHint);
            }
            if (old == null || !old.path("kind").asText().equals(kind) || !old.path("settings").equals(wanted)) {
                throw new InputException(dir, "holds a " + old.path("kind").asText("different") + " run with other settings "
                        + old.path("settings") + "; " + restartHint);
            }
            return new Stages(file, (ObjectNode) old);
        }
        if (Files.exists(dir) && !AtomicFiles.isEmptyDirectory(dir)) {
            throw new InputException(dir, "exists and is not a " + kind + " directory; " + restartHint);
        }
        Files.createDirectories(dir);
        ObjectNode root = JSON.createObjectNode();
        root.put("kind", kind);
        root.set("settings", wanted);
        root.putObject("stages");
        Stages s = new Stages(file, root);
        s.save();
        return s;
    }

    boolean done(String stage) {
        return root.path("stages").has(stage);
    }

    /** The facts recorded when {@code stage} finished. */
    JsonNode facts(String stage) {
        return root.path("stages").path(stage);
    }

    void finish(String stage, Map<String, Object> facts) throws IOException {
        ((ObjectNode) root.get("stages")).set(stage, JSON.valueToTree(facts));
        save();
    }

    /** Forgets a stage (its output is to be made again). */
    void reopen(String stage) throws IOException {
        ((ObjectNode) root.get("stages")).remove(stage);
        save();
    }

    private void save() throws IOException {
        AtomicFiles.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
    }
}
