package dev.saccade.cli;

import dev.saccade.core.AtomicFiles;
import dev.saccade.core.InputException;
import dev.saccade.learn.train.BcRl;
import dev.saccade.learn.train.IterationStats;
import dev.saccade.learn.train.UpdateStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * A run's {@code metrics.csv}: one row per iteration. The header and every row come from one list
 * of {@link #COLUMNS}, so a column cannot be named in one place and formatted in another. The file
 * is rewritten atomically after every iteration; a resumed run keeps the rows up to its checkpoint.
 */
final class MetricsCsv {
    /** One iteration's figures and the command's wall time when it ended. */
    record Row(IterationStats stats, double seconds) {
        UpdateStats update() {
            return stats.update();
        }
    }

    /** A column: its header name and how to print it from a row. */
    record Column(String name, Function<Row, String> value) {}

    private static Column whole(String name, ToLongFunction<Row> f) {
        return new Column(name, r -> Long.toString(f.applyAsLong(r)));
    }

    private static Column number(String name, int decimals, ToDoubleFunction<Row> f) {
        String format = "%." + decimals + "f";
        return new Column(name, r -> String.format(Locale.ROOT, format, f.applyAsDouble(r)));
    }

    /** The columns, in file order. */
    static final List<Column> COLUMNS = List.of(
            whole("iteration", r -> r.stats().iteration()),
            whole("env_steps", r -> r.stats().envSteps()),
            number("seconds", 1, Row::seconds),
            new Column("stage", r -> r.stats().search() ? "search" : "bcrl"),
            number("reward", 6, r -> r.stats().meanReward()),
            number("hand_error_m", 5, r -> r.stats().handError()),
            number("fovea_hits", 4, r -> r.stats().foveaHits()),
            number("bc_loss", 6, r -> r.update().bcLoss()),
            number("policy_loss", 6, r -> r.update().policyLoss()),
            number("value_loss", 6, r -> r.update().valueLoss()),
            number("entropy", 5, r -> r.update().entropy()),
            number("approx_kl", 6, r -> r.update().approxKl()),
            number("clip_fraction", 4, r -> r.update().clipFraction()),
            number("explained_variance", 4, r -> r.stats().explainedVariance()),
            whole("epochs", r -> r.update().epochs()),
            whole("bc_steps", r -> r.update().bcSteps()),
            number("lr_factor", 5, r -> r.stats().lrFactor()),
            number("entropy_coef", 6, r -> r.stats().entropyCoef()),
            number("collect_s", 2, r -> r.stats().collectSeconds()),
            number("update_s", 2, r -> r.stats().updateSeconds()),
            number("expert_agreement", 4, r -> r.stats().expertAgreement()),
            number("imitation_coef", 4, r -> r.stats().imitationCoef()),
            number("imitation_loss", 5, r -> r.update().imitationLoss()));

    /** The header line. */
    static String header() {
        return String.join(",", COLUMNS.stream().map(Column::name).toList());
    }

    /** One row's line. */
    static String line(Row row) {
        return String.join(",", COLUMNS.stream().map(c -> c.value().apply(row)).toList());
    }

    private final Path file;
    private final List<String> lines;

    private MetricsCsv(Path file, List<String> lines) {
        this.file = file;
        this.lines = lines;
    }

    /** The metrics of the run in {@code runDir}, keeping an earlier session's rows up to iteration {@code upTo}. */
    static MetricsCsv open(Path runDir, long upTo) throws IOException {
        Path f = runDir.resolve("metrics.csv");
        List<String> rows = new ArrayList<>();
        if (Files.isRegularFile(f)) {
            for (String line : Files.readAllLines(f)) {
                if (line.isBlank() || line.startsWith("iteration")) {
                    continue;
                }
                try {
                    if (Long.parseLong(line.substring(0, line.indexOf(','))) <= upTo) {
                        rows.add(line);
                    }
                } catch (RuntimeException e) {
                    throw new InputException(f, "not a metrics row: " + line);
                }
            }
        }
        return new MetricsCsv(f, rows);
    }

    /** Adds a row and rewrites the file. */
    void add(Row row) throws IOException {
        lines.add(line(row));
        AtomicFiles.writeString(file, header() + "\n" + String.join("\n", lines) + "\n");
    }

    Path file() {
        return file;
    }
}
