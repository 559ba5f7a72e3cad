package dev.saccade.core;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The kinds of directory Saccade writes, each recognised by a file only it puts there. Every flag
 * that replaces or deletes an output directory ({@code generate --overwrite}, {@code demo --fresh},
 * {@code eval --force}, {@code rollout --force}) asks {@link #requireReplaceable} first, so it only
 * ever replaces what Saccade wrote and never a user's own files.
 */
public enum SaccadeOutput {
    /** A LeRobot dataset ({@code saccade generate}, {@code saccade import}). */
    DATASET("a dataset", "meta/info.json", false),
    /** A training run ({@code saccade train}). */
    RUN("a training run", "checkpoints", true),
    /** An evaluation ({@code saccade eval}). */
    EVALUATION("an evaluation", "metrics.json", false),
    /** A rollout log ({@code saccade rollout}). */
    ROLLOUT("a rollout", "summary.json", false),
    /** A demo's directory ({@code saccade demo}). */
    DEMO("a demo", "stages.json", false),
    /** Raw captures exported from a dataset ({@code saccade dataset export-capture}). */
    CAPTURES("exported captures", "captures.json", false);

    private final String description;
    private final String marker;
    private final boolean markerIsDirectory;

    SaccadeOutput(String description, String marker, boolean markerIsDirectory) {
        this.description = description;
        this.marker = marker;
        this.markerIsDirectory = markerIsDirectory;
    }

    /** What it is, for messages ("a dataset"). */
    public String description() {
        return description;
    }

    /** The path, relative to the directory, whose presence marks this kind. */
    public String marker() {
        return marker;
    }

    /** The kind of Saccade output {@code dir} holds, if it is one. */
    public static Optional<SaccadeOutput> of(Path dir) {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        for (SaccadeOutput kind : values()) {
            Path m = dir.resolve(kind.marker);
            if (kind.markerIsDirectory ? Files.isDirectory(m, LinkOption.NOFOLLOW_LINKS) : Files.isRegularFile(m, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    /**
     * Passes if {@code target} is absent, an empty directory, or a directory Saccade wrote; otherwise
     * throws an {@link InputException} naming it and a few of its entries. {@code flag} is the
     * option that asked to replace it, for the message.
     */
    public static void requireReplaceable(Path target, String flag) throws IOException {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new InputException(target, "is a file, not a directory Saccade wrote, so " + flag
                    + " will not replace it: move it away or choose another output");
        }
        if (AtomicFiles.isEmptyDirectory(target) || of(target).isPresent()) {
            return;
        }
        List<String> some = new ArrayList<>();
        int count = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(target)) {
            for (Path p : entries) {
                if (count++ < 3) {
                    some.add(p.getFileName().toString());
                }
            }
        }
        java.util.Collections.sort(some);
        throw new InputException(target, "holds files Saccade did not write (" + String.join(", ", some) + (count > 3 ? ", …" : "")
                + "): not a dataset, training run, evaluation, rollout or demo, so " + flag
                + " will not replace it: move them away or choose another output");
    }
}
