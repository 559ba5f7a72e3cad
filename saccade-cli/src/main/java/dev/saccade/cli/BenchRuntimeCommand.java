package dev.saccade.cli;

import ai.djl.ndarray.NDManager;
import dev.saccade.data.Task;
import dev.saccade.eval.play.LoadedRun;
import dev.saccade.learn.encoder.ConvPatchEncoder;
import dev.saccade.learn.policy.ActionStats;
import dev.saccade.learn.policy.Fort;
import dev.saccade.learn.policy.Policy;
import dev.saccade.learn.policy.PolicyConfig;
import dev.saccade.learn.train.Checkpoint;
import dev.saccade.runtime.agent.PolicyAgent;
import dev.saccade.runtime.loop.Agent;
import dev.saccade.runtime.loop.AgentAction;
import dev.saccade.runtime.loop.EpisodeResult;
import dev.saccade.runtime.loop.FrameListener;
import dev.saccade.runtime.loop.LoopSettings;
import dev.saccade.runtime.loop.Percept;
import dev.saccade.runtime.loop.RuntimeLoop;
import dev.saccade.runtime.sim.SimSettings;
import dev.saccade.runtime.sim.SimWorld;
import dev.saccade.sphere.render.PyramidSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code saccade bench runtime}: the closed loop's costs. The policy's step (eye and hand, batch 1)
 * p50/p99 against the eye camera's frame period, the eye's pyramid from the live 360° frame, and
 * the loop's achieved rate in frames per second of simulated time, with and without the policy.
 */
@Command(name = "runtime", mixinStandardHelpOptions = true,
        description = "Time the closed loop: policy step p50/p99 at batch 1, the eye's pyramid, the 360° frame, and the loop's rate. "
                + "Prints a Markdown table for BENCHMARKS.md.")
final class BenchRuntimeCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--run", paramLabel = "RUN", description = "Trained run or checkpoint to time (default: a policy of the default shape with fresh weights).")
    Path run;

    @Option(names = "--frames", defaultValue = "600", description = "Loop frames per measured run (default ${DEFAULT-VALUE}; 2 frames per policy step).")
    int frames;

    @Option(names = "--warmup", defaultValue = "200", description = "Frames run first and not measured, for the JIT (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--width", defaultValue = "256", description = "360° frame width (default ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--threads", defaultValue = "1", description = "PyTorch intra-op threads for the batch-1 policy (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--forward", defaultValue = "fused", paramLabel = "fused|model",
            description = "How the policy step is computed: fused (the batch-1 fast form, the default) or model (the modules training runs), to compare the two.")
    String forward;

    @Override
    public Integer call() throws Exception {
        Flags.requireRange("--frames", frames, 20, 1_000_000);
        Flags.requireRange("--warmup", warmup, 0, 1_000_000);
        Flags.requireRange("--width", width, 16, 4096);
        PrintWriter o = spec.commandLine().getOut();
        Flags.requireRange("--threads", threads, 1, 256);
        Policy.Forward form = switch (forward) {
            case "fused" -> Policy.Forward.FUSED;
            case "model" -> Policy.Forward.MODEL;
            default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--forward must be fused or model, not '" + forward + "'");
        };
        ai.djl.engine.Engine.getInstance(); // loads the native library before it is configured
        ai.djl.pytorch.jni.JniUtils.setNumThreads(threads);
        try (NDManager manager = NDManager.newBaseManager(); Policy policy = load(manager, form)) {
            PolicyAgent learned = new PolicyAgent(policy, true, "learned");
            Agent blind = new Idle(PolicyAgent.pyramidOf(policy.config()));
            measure(learned, warmup);
            Timing withPolicy = measure(learned, frames);
            Timing withoutPolicy = measure(blind, frames);
            long[] ns = withPolicy.policyNanos();
            Arrays.sort(ns);
            double baseline = matmulMillis(manager);
            double period90 = 1000.0 / 90;
            o.printf(Locale.ROOT, "Closed loop (`saccade bench runtime%s --frames %d --width %d`), %s step, %s, %d cores, %s%n%n",
                    run == null ? "" : " --run RUN", frames, width, policy.forward().name().toLowerCase(Locale.ROOT), LocalDate.now(),
                    Runtime.getRuntime().availableProcessors(),
                    run == null ? "fresh weights, default policy shape" : "run " + run);
            o.println("| measure | value |");
            o.println("|---|---|");
            o.printf(Locale.ROOT, "| baseline: 512² float matmul, same threads (median of 20) | %.2f ms |%n", baseline);
            o.printf(Locale.ROOT, "| policy step (eye + hand, batch 1), p50 | %.2f ms (%.1f× baseline) |%n", RunCommand.percentile(ns, 0.5) / 1e6,
                    RunCommand.percentile(ns, 0.5) / 1e6 / baseline);
            o.printf(Locale.ROOT, "| policy step, p99 | %.2f ms (eye camera frame period at 90 fps: %.1f ms; target p99 ≤ 5 ms) |%n",
                    RunCommand.percentile(ns, 0.99) / 1e6, period90);
            o.printf(Locale.ROOT, "| policy steps measured | %d |%n", ns.length);
            o.printf(Locale.ROOT, "| loop rate with the policy (render, pyramid, policy every 2nd frame, physics) | %.1f frames/s |%n", withPolicy.fps());
            o.printf(Locale.ROOT, "| loop rate without the policy (same pyramids, no inference) | %.1f frames/s |%n", withoutPolicy.fps());
            o.printf(Locale.ROOT, "| real-time factor with the policy (30 fps clock) | %.2f× |%n", withPolicy.fps() / SimWorld.FPS);
            o.flush();
        }
        return 0;
    }

    private Policy load(NDManager manager, Policy.Forward form) throws java.io.IOException {
        if (run != null) {
            return Checkpoint.loadPolicy(LoadedRun.checkpointOf(run), manager, 1, form);
        }
        PolicyConfig c = PolicyConfig.defaults();
        ConvPatchEncoder.Config ec = ConvPatchEncoder.Config.forGrid(c.imageSize(), c.grid(), c.encoderDim());
        return new Policy(new Fort(c, manager, 1), new ConvPatchEncoder(ec, manager, 1), ActionStats.original(), 1, true, form);
    }

    private record Timing(double fps, long[] policyNanos) {}

    /** The median of 20 timed 512×512 matrix products (after 5 untimed): a yardstick for how fast this machine is now. */
    private static double matmulMillis(NDManager manager) {
        try (NDManager scope = manager.newSubManager()) {
            ai.djl.ndarray.NDArray a = scope.randomUniform(0, 1, new ai.djl.ndarray.types.Shape(512, 512));
            long[] t = new long[20];
            for (int i = -5; i < t.length; i++) {
                long t0 = System.nanoTime();
                a.matMul(a).toFloatArray();
                if (i >= 0) {
                    t[i] = System.nanoTime() - t0;
                }
            }
            Arrays.sort(t);
            return RunCommand.percentile(t, 0.5) / 1e6;
        }
    }

    /** Runs the loop on towel-bucket scenes from seed 1000 until {@code n} frames are done. */
    private Timing measure(Agent agent, int n) throws java.io.IOException {
        SimSettings sim = SimSettings.defaults().withWidth(width);
        long[] nanos = new long[0];
        int done = 0;
        long elapsed = 0;
        for (long seed = 1000; done < n; seed++) {
            try (SimWorld world = SimWorld.open(Task.TOWEL_BUCKET, seed, sim, agent.pyramid().orElseThrow())) {
                world.renderPanorama(); // the static backdrop is built once per scene: not the loop's cost
                long t0 = System.nanoTime();
                EpisodeResult r = new RuntimeLoop(LoopSettings.defaults().withMaxFrames(n - done)).run(world, agent, seed, FrameListener.NONE);
                elapsed += System.nanoTime() - t0;
                done += r.frames();
                long[] more = r.policyNanos();
                long[] all = Arrays.copyOf(nanos, nanos.length + more.length);
                System.arraycopy(more, 0, all, nanos.length, more.length);
                nanos = all;
            }
        }
        return new Timing(done / (elapsed / 1e9), nanos);
    }

    /** Looks (so pyramids are rendered) but never acts: the loop's cost without inference. */
    private record Idle(PyramidSpec spec) implements Agent {
        @Override
        public String name() {
            return "idle";
        }

        @Override
        public Optional<PyramidSpec> pyramid() {
            return Optional.of(spec);
        }

        @Override
        public void reset(Task task, long seed) {}

        @Override
        public AgentAction act(Percept p) {
            return new AgentAction(0, null);
        }
    }
}
