package dev.saccade.cli;

import dev.saccade.learn.bench.TrainBenchmark;
import dev.saccade.learn.policy.PolicyConfig;
import dev.saccade.learn.train.BcRlConfig;
import java.io.IOException;
import java.util.List;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Times the learning code at its default sizes (encoder, rollout step, PPO+BC update step, batch-1
 * inference) for each intra-op thread count, and prints a Markdown table for BENCHMARKS.md.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Time the policy and its training at default sizes: encoder tokens/s, ms per PPO+BC update step, "
                + "batch-1 inference latency p50/p99. Prints a Markdown table.")
final class BenchTrainCommand implements Callable<Integer> {
    @Option(names = "--threads", split = ",", defaultValue = "1,2",
            description = "Intra-op thread counts to measure, comma-separated (default ${DEFAULT-VALUE}).")
    int[] threads;

    @Option(names = "--repeats", defaultValue = "5", description = "Repetitions, each measuring every figure at every thread setting (default ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--latency-calls", defaultValue = "100", description = "Policy calls per repetition for the latency percentiles (default ${DEFAULT-VALUE}).")
    int latencyCalls;

    @Option(names = "--envs", defaultValue = "6", description = "Episodes per rollout (default ${DEFAULT-VALUE}, as the original per GPU).")
    int envs;

    @Option(names = "--steps", defaultValue = "130", description = "Steps per episode (default ${DEFAULT-VALUE}, as the original).")
    int steps;

    @Override
    public Integer call() {
        Flags.requireRange("--repeats", repeats, 1, 10_000);
        Flags.requireRange("--latency-calls", latencyCalls, 10, 1_000_000);
        Flags.requireRange("--envs", envs, 2, 1024);
        Flags.requireRange("--steps", steps, 1, 10_000);
        for (int t : threads) {
            Flags.requireRange("--threads", t, 1, 256);
        }
        PolicyConfig policy = PolicyConfig.defaults();
        // One epoch of 2 env-split minibatches and no approx-KL stop, so an update is exactly 2 steps.
        BcRlConfig training = BcRlConfig.defaults().with(Map.of("envs", envs, "steps", steps,
                "totalEnvSteps", 1_000_000_000L, "epochs", 1, "minibatches", 2, "targetKl", 0.0, "checkpointEvery", 0));
        System.out.printf(Locale.ROOT, "`saccade bench train --envs %d --steps %d --repeats %d --latency-calls %d`, %s, %s, Java %s%n%n",
                envs, steps, repeats, latencyCalls, LocalDate.now(), machine(), System.getProperty("java.version"));
        System.out.printf(Locale.ROOT, "Policy: %d levels × %d², %d tokens/level × %d, width %d, %d heads, %d eye + %d hand blocks, window %d, chunk %d.%n%n",
                policy.levels(), policy.imageSize(), policy.tokensPerLevel(), policy.encoderDim(), policy.width(), policy.heads(),
                policy.eyeBlocks(), policy.handBlocks(), policy.window(), policy.chunk());
        List<TrainBenchmark.Figure> figures = TrainBenchmark.run(
                new TrainBenchmark.Settings(policy, training, threads, repeats, latencyCalls, 1));
        System.out.println("| figure | intra-op threads | median | per repetition | ÷ baseline (median) |");
        System.out.println("|---|---|---|---|---|");
        for (TrainBenchmark.Figure f : figures) {
            String median = num(f.median()) + " " + f.unit();
            if (f.calls() != null) {
                median = "p50 " + num(f.callPercentile(50)) + ", p99 " + num(f.callPercentile(99)) + " ms";
            }
            StringBuilder runs = new StringBuilder();
            for (double v : f.values()) {
                runs.append(runs.length() == 0 ? "" : ", ").append(num(v));
            }
            System.out.printf(Locale.ROOT, "| %s | %d | %s | %s | %s |%n", f.name(), f.threads(), median, runs,
                    Double.isNaN(f.medianRatio()) ? "" : String.format(Locale.ROOT, "%.1f×", f.medianRatio()));
        }
        return 0;
    }

    private static String num(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String machine() {
        String cpu = "unknown CPU";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    cpu = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: keep "unknown CPU"
        }
        return Runtime.getRuntime().availableProcessors() + " cores (" + cpu + ")";
    }
}
