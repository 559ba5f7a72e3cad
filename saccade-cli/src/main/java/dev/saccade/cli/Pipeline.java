package dev.saccade.cli;

import dev.saccade.core.InputException;
import dev.saccade.core.Progress;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;

/**
 * What {@code saccade demo} and {@code saccade claims} share: running another {@code saccade}
 * command in this process (its progress bars and one-line errors included), and stage headers.
 */
final class Pipeline {
    private final CommandLine parent;
    private final long start = System.nanoTime();

    Pipeline(CommandLine parent) {
        this.parent = parent;
    }

    /** Runs {@code saccade ARGS}; a failure stops the pipeline with the command's own error already printed. */
    void saccade(String stage, List<String> args) {
        CommandLine cli = Main.newCommandLine();
        cli.setOut(parent.getOut());
        cli.setErr(parent.getErr());
        int code = cli.execute(args.toArray(String[]::new));
        if (code != 0) {
            throw new InputException(stage + " failed (exit " + code + ") running: saccade " + String.join(" ", args));
        }
    }

    /** Prints a stage header with the time so far. */
    void header(PrintWriter out, String text) {
        out.printf(java.util.Locale.ROOT, "%n== %s  [%s elapsed]%n", text, Progress.clockTime(seconds()));
        out.flush();
    }

    double seconds() {
        return (System.nanoTime() - start) / 1e9;
    }

    /** A duration for {@code --budget} flags, whole seconds, at least one. */
    static String seconds(double s) {
        return Math.max(1, Math.round(s)) + "s";
    }

    /** True if {@code dataset} is a complete dataset (the writer renames it into place whole). */
    static boolean datasetDone(Path dataset) {
        return Files.isRegularFile(dataset.resolve("meta").resolve("info.json"));
    }

    /** True if {@code run} has a checkpoint to resume from. */
    static boolean hasCheckpoint(Path run) {
        return Files.isRegularFile(run.resolve("checkpoints").resolve("latest"));
    }
}
