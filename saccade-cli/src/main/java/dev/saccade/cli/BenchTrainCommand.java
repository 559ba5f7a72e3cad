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
 * Times the learning code per unit of work (encoder, rollout step, reward pass, eye and hand update
 * steps, batch-1 inference) for each policy and intra-op thread count, derives the policy-side cost
 * of one env step under a training configuration, and prints a Markdown table for BENCHMARKS.md.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Time the policy and its training: ms per observation, env step and update sample, batch-1 latency p50/p99, "
                + "and the env steps/s a training configuration allows on the policy side. Prints a Markdown table.")
final class BenchTrainCommand implements Callable<Integer> {
    @Option(names = "--threads", split = ",", defaultValue = "1",
            description = "Intra-op thread counts to measure, comma-separated (default ${DEFAULT-VALUE}).")
    int[] threads;

    @Option(names = "--repeats", defaultValue = "5", description = "Repetitions, each measuring every figure at every setting (default ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--latency-calls", defaultValue = "100", description = "Policy calls per repetition for the latency percentiles (default ${DEFAULT-VALUE}).")
    int latencyCalls;

    @Option(names = "--config", description = "Training settings whose cost per env step is derived (JSON, as saccade train --config; "
            + "default: saccade train's).")
    java.nio.file.Path config;

    @Option(names = "--tokens", split = ",", defaultValue = "16",
            description = "Image tokens per level of the policies to compare, comma-separated squares ≤ 64 (default ${DEFAULT-VALUE}; "
                    + "64 is the 8×8 grid of the first version).")
    int[] tokens;

    @Override
    public Integer call() throws IOException {
        Flags.requireRange("--repeats", repeats, 1, 10_000);
        Flags.requireRange("--latency-calls", latencyCalls, 10, 1_000_000);
        for (int t : threads) {
            Flags.requireRange("--threads", t, 1, 256);
        }
        List<PolicyConfig> policies = new java.util.ArrayList<>();
        for (int k : tokens) {
            long g = Math.round(Math.sqrt(k));
            if (g * g != k || k < 1 || k > 64 || 64 % g != 0) {
                throw new Flags.BadFlag("--tokens must be square grids dividing 64 px (1, 4, 16 or 64), got " + k);
            }
            PolicyConfig d = PolicyConfig.defaults();
            policies.add(new PolicyConfig(d.levels(), d.imageSize(), d.fieldsOfViewDeg(), k, d.encoderDim(), d.width(), d.heads(),
                    d.eyeBlocks(), d.handBlocks(), d.mlpRatio(), d.window(), d.chunk(), d.joints(), d.eyeActions(), d.tasks(),
                    d.ropeTheta(), d.ropeAxes(), d.headHidden(), d.adapterHidden()));
        }
        BcRlConfig training = (config != null ? BcRlConfig.read(config, TrainSetup.defaultTraining()) : TrainSetup.defaultTraining())
                .withRun(r -> r.withCheckpointEvery(0));
        System.out.printf(Locale.ROOT, "`saccade bench train --repeats %d --latency-calls %d --threads %s --tokens %s%s`, %s, %s, Java %s%n%n",
                repeats, latencyCalls, join(threads), join(tokens), config == null ? "" : " --config " + config, LocalDate.now(), machine(),
                System.getProperty("java.version"));
        System.out.printf(Locale.ROOT, "Training: %d envs × %d steps, eye %d epochs × %d minibatches, hand %.2f epochs of minibatches of %d.%n%n",
                training.run().envs(), training.run().steps(), training.ppo().epochs(), training.ppo().minibatches(), training.bc().epochs(),
                training.bc().minibatch());
        List<TrainBenchmark.Figure> figures = TrainBenchmark.run(
                new TrainBenchmark.Settings(policies, training, threads, repeats, latencyCalls, 1));
        System.out.println("| figure | tokens/level | intra-op threads | median | per repetition | ÷ baseline (median) |");
        System.out.println("|---|---|---|---|---|---|");
        for (TrainBenchmark.Figure f : figures) {
            String median = num(f.median()) + " " + f.unit();
            if (f.calls() != null) {
                median = "p50 " + num(f.callPercentile(50)) + ", p99 " + num(f.callPercentile(99)) + " ms";
            }
            if (f.name().contains("derived")) {
                median += String.format(Locale.ROOT, " (%.0f env steps/s)", 1000 / f.median());
            }
            StringBuilder runs = new StringBuilder();
            for (double v : f.values()) {
                runs.append(runs.length() == 0 ? "" : ", ").append(num(v));
            }
            System.out.printf(Locale.ROOT, "| %s | %d | %d | %s | %s | %s |%n", f.name(), policies.get(f.policy()).tokensPerLevel(),
                    f.threads(), median, runs, Double.isNaN(f.medianRatio()) ? "" : String.format(Locale.ROOT, "%.1f×", f.medianRatio()));
        }
        return 0;
    }

    private static String join(int[] v) {
        StringBuilder b = new StringBuilder();
        for (int x : v) {
            b.append(b.length() == 0 ? "" : ",").append(x);
        }
        return b.toString();
    }

    private static String num(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : v >= 1 ? String.format(Locale.ROOT, "%.2f", v)
                : String.format(Locale.ROOT, "%.3f", v);
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
