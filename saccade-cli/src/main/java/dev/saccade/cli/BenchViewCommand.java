package dev.saccade.cli;

import dev.saccade.data.video.VideoSettings;
import dev.saccade.gym.demo.ToyDemonstrations;
import dev.saccade.view.ViewBenchmark;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code saccade bench view}: the viewer's frame and pyramid latency over loopback (p50, p99), against decode and render alone. */
@Command(name = "view", mixinStandardHelpOptions = true,
        description = {"Benchmark the viewer over loopback: frames served while scrubbing and the pyramid for a new gaze (p50, p99),",
            "with the decode alone and the render alone as baselines. Without --dataset a 1024×512 toy dataset is generated."})
final class BenchViewCommand implements Callable<Integer> {
    @Option(names = "--dataset", description = "A Saccade dataset (default: a generated toy dataset of 1024×512 frames).")
    Path dataset;

    @Option(names = "--requests", defaultValue = "300", description = "Measured requests per case (default ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--warmup", defaultValue = "60", description = "Unmeasured requests first (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--seed", defaultValue = "1", description = "Picks frames and gazes (default ${DEFAULT-VALUE}).")
    long seed;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Flags.requireRange("--requests", requests, 10, 1_000_000);
        Flags.requireRange("--warmup", warmup, 0, 1_000_000);
        PrintWriter out = spec.commandLine().getOut();
        Path dir = dataset;
        Path scratch = null;
        if (dir == null) {
            scratch = Files.createTempDirectory("saccade-bench-view");
            dir = scratch.resolve("toy");
            out.println("generating a toy dataset of 1024×512 frames in " + dir);
            out.flush();
            ToyDemonstrations.generate(2, 512, seed).writeDataset(dir, new VideoSettings(2, 4.0, 1));
        }
        try {
            List<ViewBenchmark.Case> cases = ViewBenchmark.run(dir, new ViewBenchmark.Settings(requests, warmup, seed));
            out.printf(Locale.ROOT, "%-72s %8s %8s %8s%n", "case (" + dir + ")", "p50 ms", "p99 ms", "max ms");
            for (ViewBenchmark.Case c : cases) {
                out.printf(Locale.ROOT, "%-72s %8.2f %8.2f %8.2f%n", c.name() + " ×" + c.samples(), c.p50(), c.p99(), c.max());
            }
            out.flush();
        } finally {
            if (scratch != null) {
                dev.saccade.core.AtomicFiles.deleteRecursively(scratch);
            }
        }
        return 0;
    }
}
