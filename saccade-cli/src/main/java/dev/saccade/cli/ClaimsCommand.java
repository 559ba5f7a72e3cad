package dev.saccade.cli;

import dev.saccade.core.AtomicFiles;
import dev.saccade.core.InputException;
import dev.saccade.eval.results.Claims;
import dev.saccade.eval.results.MetricFiles;
import dev.saccade.eval.results.MetricRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code saccade claims}: the paper's claims H1–H7 judged on evaluation directories (saccade eval's
 * metrics.json), printed as the Markdown table the README carries.
 */
@Command(name = "claims", mixinStandardHelpOptions = true,
        description = {"Judge the paper's claims H1-H7 on evaluation results (OUT of saccade eval or saccade demo's eval/):",
            "each holds when the 95%% intervals over episodes are separated in its favour. Prints a Markdown table."})
final class ClaimsCommand implements Callable<Integer> {
    @Option(names = "--eval", required = true, description = "The main evaluation directory (holds metrics.json).")
    Path eval;

    @Option(names = "--ablation", paramLabel = "NAME=DIR", description = "An ablation's evaluation directory: uniform (one 116° level, H2), "
            + "search (BC-RL after visual-search pretraining, H5), distractors (a dataset with distractors, H4), scratch (no "
            + "imitation). Repeatable.")
    Map<String, Path> ablations = new LinkedHashMap<>();

    @Option(names = "--out", description = "Also write the table to this file (atomically).")
    Path out;

    @Spec
    CommandSpec spec;

    private static final List<String> NAMES = List.of(Claims.UNIFORM, Claims.SEARCH, Claims.DISTRACTORS, Claims.SCRATCH);

    @Override
    public Integer call() throws IOException {
        if (out != null) {
            Flags.requireOutputDirectory("--out", out);
        }
        Map<String, List<MetricRow>> rows = new LinkedHashMap<>();
        for (Map.Entry<String, Path> a : ablations.entrySet()) {
            if (!NAMES.contains(a.getKey())) {
                throw new Flags.BadFlag("--ablation name must be one of " + NAMES + ", got '" + a.getKey() + "'");
            }
            rows.put(a.getKey(), read(a.getValue()));
        }
        String table = Claims.markdown(Claims.judge(read(eval), rows));
        spec.commandLine().getOut().print(table);
        spec.commandLine().getOut().flush();
        if (out != null) {
            AtomicFiles.writeString(out, table);
        }
        return 0;
    }

    private static List<MetricRow> read(Path dir) throws IOException {
        Path f = dir.resolve("metrics.json");
        if (!Files.isRegularFile(f)) {
            throw new InputException(f, "no metrics.json here: expected the output directory of saccade eval");
        }
        return MetricFiles.readJson(f);
    }
}
