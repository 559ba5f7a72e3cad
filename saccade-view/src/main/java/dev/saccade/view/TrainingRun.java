package dev.saccade.view;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.saccade.core.InputException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code saccade train} run directory: its {@code metrics.csv} (one row per iteration, rewritten
 * whole after each) and its {@code checkpoints/}. Read afresh on every call, so a run still
 * training shows its newest rows.
 */
public final class TrainingRun {
    private final Path dir;

    TrainingRun(Path dir) {
        this.dir = dir;
    }

    /** Whether {@code dir} looks like a training run (checkpoints, a live snapshot, or a metrics.csv of iterations). */
    static boolean isRun(Path dir) {
        if (Files.isDirectory(dir.resolve("checkpoints")) || Files.isRegularFile(dir.resolve(LiveEye.FILE))) {
            return true;
        }
        Path csv = dir.resolve("metrics.csv");
        if (!Files.isRegularFile(csv)) {
            return false;
        }
        try (var lines = Files.lines(csv)) {
            return lines.findFirst().map(l -> l.startsWith("iteration,")).orElse(false);
        } catch (IOException | java.io.UncheckedIOException e) {
            return false;
        }
    }

    public Path dir() {
        return dir;
    }

    /**
     * The dataset the run trains on, as its run record ({@code RUN/run.json}) names it, if that can
     * be read now: the live eye's panorama comes from it.
     */
    java.util.Optional<Path> dataset() {
        try {
            return dev.saccade.learn.train.Checkpoint.readRunRecord(dir).map(dev.saccade.learn.train.Checkpoint.RunRecord::dataset)
                    .filter(java.util.Objects::nonNull).map(Path::of)
                    .filter(p -> Files.isRegularFile(p.resolve("meta").resolve("info.json")));
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty(); // an unreadable record only costs the panorama behind the eye
        }
    }

    /** What changes when the run writes: metrics.csv's time and size and the latest checkpoint's name. */
    String version() {
        Path csv = dir.resolve("metrics.csv");
        try {
            FileTime t = Files.isRegularFile(csv) ? Files.getLastModifiedTime(csv) : FileTime.fromMillis(0);
            long size = Files.isRegularFile(csv) ? Files.size(csv) : -1;
            return t.toMillis() + ":" + size + ":" + latestCheckpoint();
        } catch (IOException e) {
            return "unreadable";
        }
    }

    /** The name of the newest checkpoint, or "" if none. */
    String latestCheckpoint() {
        Path pointer = dir.resolve("checkpoints").resolve("latest");
        try {
            return Files.isRegularFile(pointer) ? Files.readString(pointer).trim() : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** The checkpoints kept, by name (the iteration, zero-padded). */
    List<String> checkpoints() {
        List<String> names = new ArrayList<>();
        Path root = dir.resolve("checkpoints");
        if (!Files.isDirectory(root)) {
            return names;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root, p -> p.getFileName().toString().matches("\\d{8}"))) {
            ds.forEach(p -> names.add(p.getFileName().toString()));
        } catch (IOException e) {
            throw new InputException(root, "cannot list checkpoints: " + e.getMessage());
        }
        names.sort(null);
        return names;
    }

    /**
     * The run's metrics as {@code {"columns": [...], "rows": [[...], ...]}}: numbers where a cell
     * parses as one, else strings. Throws {@link InputException} naming the file and line of a row
     * whose width differs from the header.
     */
    ObjectNode metrics() {
        ObjectNode o = Json.object();
        o.put("dir", dir.toString());
        o.put("name", dir.getFileName().toString());
        o.put("latest_checkpoint", latestCheckpoint());
        dataset().ifPresent(d -> o.put("dataset", d.toAbsolutePath().normalize().toString()));
        ArrayNode cps = o.putArray("checkpoints");
        checkpoints().forEach(cps::add);
        com.fasterxml.jackson.databind.JsonNode eye = LiveEye.read(dir);
        if (eye != null) {
            o.set("eye", eye);
        }
        ArrayNode columns = o.putArray("columns");
        ArrayNode rows = o.putArray("rows");
        Path csv = dir.resolve("metrics.csv");
        if (!Files.isRegularFile(csv)) {
            return o;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(csv);
        } catch (IOException e) {
            throw new InputException(csv, "cannot read: " + e.getMessage());
        }
        if (lines.isEmpty()) {
            return o;
        }
        String[] header = lines.get(0).split(",", -1);
        for (String h : header) {
            columns.add(h.trim());
        }
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split(",", -1);
            if (cells.length != header.length) {
                throw new InputException(csv, "line " + (i + 1) + ": " + cells.length + " cells but the header has " + header.length);
            }
            ArrayNode row = rows.addArray();
            for (String c : cells) {
                try {
                    double v = Double.parseDouble(c);
                    if (Double.isFinite(v)) {
                        row.add(v);
                    } else {
                        row.addNull();
                    }
                } catch (NumberFormatException e) {
                    row.add(c);
                }
            }
        }
        return o;
    }
}
