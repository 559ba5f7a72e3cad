package dev.saccade.cli;

import dev.saccade.learn.bench.TrainBenchmark;
import dev.saccade.learn.policy.PolicyConfig;
import dev.saccade.learn.train.BcRlConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
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

    @Option(names = "--repeats", defaultValue = "12", description = "Timed repetitions per figure (default ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--latency-calls", defaultValue = "300", description = "Policy calls for the latency percentiles (default ${DEFAULT-VALUE}).")
    int latencyCalls;

    @Option(names = "--envs", defaultValue = "6", description = "Episodes per rollout (default ${DEFAULT-VALUE}, as the original per GPU).")
    int envs;

    @Option(names = "--steps", defaultValue = "130", description = "Steps per episode (default ${DEFAULT-VALUE}, as the original).")
    int steps;

    @Override
    public Integer call() throws IOException {
        Flags.requireRange("--repeats", repeats, 3, 10_000);
        Flags.requireRange("--latency-calls", latencyCalls, 10, 1_000_000);
        Flags.requireRange("--envs", envs, 2, 1024);
        Flags.requireRange("--steps", steps, 1, 10_000);
        for (int t : threads) {
            Flags.requireRange("--threads", t, 1, 256);
        }
        PolicyConfig policy = PolicyConfig.defaults();
        BcRlConfig d = BcRlConfig.defaults().withRun(1, envs, steps, 1_000_000_000L);
        // No approx-KL stop: every update runs all its epochs, so the time per step is well defined.
        BcRlConfig training = new BcRlConfig(d.seed(), d.envs(), d.steps(), d.totalEnvSteps(), d.gamma(), d.gaeLambda(), 2,
                d.minibatches(), d.clip(), d.valueCoef(), d.entropyStart(), d.entropyEnd(), d.entropyDecayFraction(), 0,
                d.bcCoef(), d.handLr(), d.eyeLr(), d.beta1(), d.beta2(), d.adamEps(), d.weightDecay(), d.warmupFraction(),
                d.warmupStart(), d.decayFraction(), d.finalLrFraction(), d.maxGradNorm(), true, true, 0);
        System.out.printf(Locale.ROOT, "`saccade bench train --envs %d --steps %d --repeats %d`, %s, %s, Java %s%n%n",
                envs, steps, repeats, LocalDate.now(), machine(), System.getProperty("java.version"));
        System.out.printf(Locale.ROOT, "Policy: %d levels × %d², %d tokens/level × %d, width %d, %d heads, %d eye + %d hand blocks, window %d, chunk %d.%n%n",
                policy.levels(), policy.imageSize(), policy.tokensPerLevel(), policy.encoderDim(), policy.width(), policy.heads(),
                policy.eyeBlocks(), policy.handBlocks(), policy.window(), policy.chunk());
        System.out.println("| threads | figure | median | p99 | unit | ÷ 512² matmul |");
        System.out.println("|---|---|---|---|---|---|");
        for (int t : threads) {
            TrainBenchmark.Result r = TrainBenchmark.run(new TrainBenchmark.Settings(policy, training, t, repeats, latencyCalls, 1));
            System.out.printf(Locale.ROOT, "| %d | baseline: 512² matmul | %.3f | | ms | 1 |%n", t, r.baselineMs());
            for (TrainBenchmark.Figure f : r.figures()) {
                System.out.printf(Locale.ROOT, "| %d | %s | %s | %s | %s | %s |%n", t, f.name(), num(f.median()), num(f.p99()), f.unit(),
                        Double.isNaN(f.baselineRatio()) ? "" : String.format(Locale.ROOT, "%.0f", f.baselineRatio()));
            }
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
