package dev.saccade.cli;

import dev.saccade.learn.bench.Flops;
import dev.saccade.learn.bench.TrainBenchmark;
import dev.saccade.learn.bench.UpdateProfile;
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
        BcRlConfig training = (config != null ? BcRlConfig.read(config, TrainCommand.Run.defaultTraining()) : TrainCommand.Run.defaultTraining())
                .with(Map.of("checkpointEvery", 0));
        System.out.printf(Locale.ROOT, "`saccade bench train --repeats %d --latency-calls %d --threads %s --tokens %s%s`, %s, %s, Java %s%n%n",
                repeats, latencyCalls, join(threads), join(tokens), config == null ? "" : " --config " + config, LocalDate.now(), machine(),
                System.getProperty("java.version"));
        System.out.printf(Locale.ROOT, "Training: %d envs × %d steps, eye %d epochs × %d minibatches, hand %.2f epochs of minibatches of %d.%n%n",
                training.envs(), training.steps(), training.epochs(), training.minibatches(), training.bcEpochs(), training.bcMinibatch());
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
        for (int pi = 0; pi < policies.size(); pi++) {
            printLearningStep(policies.get(pi), pi, training, figures);
        }
        return 0;
    }

    /**
     * The update against the machine's peak: each part of one eye and one hand minibatch (counted
     * GFLOP, time, GFLOP/s, share of the matmul peak on the same threads), the training
     * configuration's whole update from those parts, and the same update as BcRl ran it (the eye
     * and hand update rows of the table, per sample), whose excess over the parts is the trainer's
     * own work.
     */
    private void printLearningStep(PolicyConfig policy, int pi, BcRlConfig training, List<TrainBenchmark.Figure> figures) {
        Flops.Update shape = TrainBenchmark.updateShape(training);
        UpdateProfile.Settings ps = new UpdateProfile.Settings(policy, shape.episodesPerMinibatch(), shape.steps(), shape.handMinibatch(),
                threads, repeats, 1);
        List<UpdateProfile.Result> results = UpdateProfile.run(ps);
        double eyeFwd = UpdateProfile.eyeForwardFlops(ps) / 1e9;
        double handFwd = UpdateProfile.handForwardFlops(ps) / 1e9;
        double peakFlops = Flops.linear(UpdateProfile.PEAK_SIZE, UpdateProfile.PEAK_SIZE, UpdateProfile.PEAK_SIZE) / 1e9;
        System.out.printf(Locale.ROOT, "%nLearning step against the machine's peak (%d tokens/level): counted matrix-product GFLOP "
                        + "(backward = 2× forward), medians of %d repetitions; peak = median %d² float32 matmul on the same intra-op threads. "
                        + "One update of the training settings: %d eye minibatches of %d episodes × %d steps, %d hand minibatches of %d.%n%n",
                policy.tokensPerLevel(), repeats, UpdateProfile.PEAK_SIZE, shape.eyeMinibatches(), shape.episodesPerMinibatch(), shape.steps(),
                shape.handMinibatches(), shape.handMinibatch());
        List<String> notes = new java.util.ArrayList<>();
        System.out.println("| part | intra-op threads | counted GFLOP | median ms | per repetition (ms) | GFLOP/s | share of peak |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (UpdateProfile.Result r : results) {
            double peak = r.peak();
            StringBuilder peakRuns = new StringBuilder();
            for (double g : r.peakGflops()) {
                peakRuns.append(peakRuns.length() == 0 ? "" : ", ").append(num(peakFlops / g * 1000));
            }
            row("matmul " + UpdateProfile.PEAK_SIZE + "² float32 (peak)", r.threads(), peakFlops, peakFlops / peak * 1000, peakRuns.toString(), peak);
            String eyeBatch = " (" + shape.episodesPerMinibatch() + " episodes × " + shape.steps() + " steps)";
            String handBatch = " (" + shape.handMinibatch() + " observations)";
            double[] gflop = {eyeFwd, 2 * eyeFwd, Double.NaN, handFwd, 2 * handFwd, Double.NaN};
            String[] names = {"eye forward" + eyeBatch, "eye backward", "eye AdamW step", "hand forward" + handBatch, "hand backward", "hand AdamW step"};
            for (UpdateProfile.Part part : UpdateProfile.Part.values()) {
                int k = part.ordinal();
                StringBuilder runs = new StringBuilder();
                for (double v : r.millis()[k]) {
                    runs.append(runs.length() == 0 ? "" : ", ").append(num(v));
                }
                double ms = r.median(part);
                row(names[k], r.threads(), gflop[k], ms, runs.toString(), peak);
            }
            double eyeMs = r.median(UpdateProfile.Part.EYE_FORWARD) + r.median(UpdateProfile.Part.EYE_BACKWARD) + r.median(UpdateProfile.Part.EYE_OPTIMISER);
            double handMs = r.median(UpdateProfile.Part.HAND_FORWARD) + r.median(UpdateProfile.Part.HAND_BACKWARD) + r.median(UpdateProfile.Part.HAND_OPTIMISER);
            double updateGflop = shape.total(policy) / 1e9;
            double partsMs = shape.eyeMinibatches() * eyeMs + shape.handMinibatches() * handMs;
            row("one update from the parts (" + shape.eyeMinibatches() + " eye + " + shape.handMinibatches() + " hand minibatches)",
                    r.threads(), updateGflop, partsMs, "", peak);
            double eyeSample = figure(figures, "eye PPO update", pi, r.threads());
            double handSample = figure(figures, "hand BC update", pi, r.threads());
            double bcRlMs = (double) shape.eyeMinibatches() * shape.episodesPerMinibatch() * shape.steps() * eyeSample
                    + (double) shape.handMinibatches() * shape.handMinibatch() * handSample;
            if (!Double.isNaN(bcRlMs)) {
                row("one update as BcRl runs it (the table's eye and hand update rows)", r.threads(), updateGflop, bcRlMs, "", peak);
            }
            double fwdBwd = shape.eyeMinibatches() * (r.median(UpdateProfile.Part.EYE_FORWARD) + r.median(UpdateProfile.Part.EYE_BACKWARD))
                    + shape.handMinibatches() * (r.median(UpdateProfile.Part.HAND_FORWARD) + r.median(UpdateProfile.Part.HAND_BACKWARD));
            if (Double.isNaN(bcRlMs)) {
                continue;
            }
            notes.add(String.format(Locale.ROOT, "- %d intra-op thread%s: of BcRl's update (%s ms), forward and backward take %.0f %%, AdamW %.0f %%, "
                            + "the trainer's own work around them %.0f %%; of the parts, the eye's minibatches take %.0f %%, the hand's %.0f %%.",
                    r.threads(), r.threads() == 1 ? "" : "s", num(bcRlMs), 100 * fwdBwd / bcRlMs, 100 * (partsMs - fwdBwd) / bcRlMs,
                    100 * (bcRlMs - partsMs) / bcRlMs, 100 * shape.eyeMinibatches() * eyeMs / partsMs, 100 * shape.handMinibatches() * handMs / partsMs));
        }
        System.out.println();
        notes.forEach(System.out::println);
    }

    /** One row: counted GFLOP (NaN: not counted) over the median milliseconds, and that rate's share of {@code peak} GFLOP/s. */
    private static void row(String name, int threads, double gflop, double ms, String runs, double peak) {
        double rate = gflop / ms * 1000;
        System.out.printf(Locale.ROOT, "| %s | %d | %s | %s | %s | %s | %s |%n", name, threads, Double.isNaN(gflop) ? "" : num(gflop), num(ms), runs,
                Double.isNaN(rate) ? "" : num(rate), Double.isNaN(rate) ? "" : String.format(Locale.ROOT, "%.0f %%", 100 * rate / peak));
    }

    /** The median of the table's figure whose name starts with {@code prefix}, for one policy and thread count (NaN if absent). */
    private static double figure(List<TrainBenchmark.Figure> figures, String prefix, int policy, int threads) {
        for (TrainBenchmark.Figure f : figures) {
            if (f.name().startsWith(prefix) && f.policy() == policy && f.threads() == threads) {
                return f.median();
            }
        }
        return Double.NaN;
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
