package dev.saccade.robot.bench;

import dev.saccade.robot.sim.KinematicArm;
import dev.saccade.robot.sim.SimulatedController;
import dev.saccade.robot.ur.ServoScript;
import dev.saccade.robot.ur.UrRtdeDriver;
import dev.saccade.robot.ur.UrState;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The control loop over RTDE on loopback, timed: the simulated controller in real time, the
 * driver asking for outputs at a given rate and answering every state with a new joint target (a
 * slow sine around the home pose), as a servo loop does. The figure is the command age: from
 * {@code servo()} sending a target to the driver receiving the first state in which the servo
 * program acted on it (the controller echoes the command word). Its floor is one control cycle
 * (2 ms) plus the wait for the next output package, so the output period is printed beside it as
 * the baseline of the same run.
 *
 * <p>Run: {@code java -cp "saccade-cli/target/saccade-cli.jar:$(cat saccade-cli/target/classpath.txt)"
 * dev.saccade.robot.bench.RtdeBenchmark [seconds]}.
 */
public final class RtdeBenchmark {
    /** One rate's figures; ages in milliseconds. */
    public record Result(double outputHz, int commands, int ages, double seconds, double p50, double p99, double max,
            double loopHz) {}

    private RtdeBenchmark() {}

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 10;
        System.out.println("| output rate | commands | command age p50 | p99 | max | output period (baseline) | p99 / period | loop rate |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (double hz : new double[] {125, 500}) {
            Result r = run(hz, seconds);
            System.out.printf(Locale.ROOT, "| %.0f Hz | %d | %.2f ms | %.2f ms | %.2f ms | %.2f ms | %.2f | %.1f Hz |%n",
                    r.outputHz(), r.commands(), r.p50(), r.p99(), r.max(), 1000 / hz, r.p99() * hz / 1000, r.loopHz());
        }
    }

    /** Runs the loop for {@code seconds} at output rate {@code hz}. */
    public static Result run(double hz, double seconds) throws Exception {
        try (SimulatedController sim = SimulatedController.start(SimulatedController.Settings.loopback(true),
                KinematicArm.ur5eHome());
                UrRtdeDriver driver = UrRtdeDriver.connect("127.0.0.1", sim.rtdePort(),
                        UrRtdeDriver.Settings.defaults().withFrequency(hz).withCommandPeriod(1 / hz).withTimeouts(0.2, 0.5))) {
            driver.uploadProgram(ServoScript.DEFAULT, sim.scriptPort(), 5000);
            long[] ages = new long[(int) (seconds * hz * 2) + 16];
            int n = 0;
            int commands = 0;
            long start = System.nanoTime();
            long end = start + (long) (seconds * 1e9);
            long seen = driver.stateCount();
            while (System.nanoTime() < end) {
                Optional<UrState> s = driver.awaitState(seen, 1000);
                if (s.isEmpty()) {
                    throw new IllegalStateException("no state for 1 s: " + driver.fault().orElse(driver.status().toString()));
                }
                seen = driver.stateCount();
                if (s.get().commandAgeNanos() >= 0 && n < ages.length) {
                    ages[n++] = s.get().commandAgeNanos();
                }
                double t = (System.nanoTime() - start) / 1e9;
                double[] q = KinematicArm.HOME.clone();
                for (int j = 0; j < q.length; j++) {
                    q[j] += 0.2 * Math.sin(2 * Math.PI * 0.5 * t + j);
                }
                driver.servo(q);
                commands++;
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            long[] sorted = Arrays.copyOf(ages, n);
            Arrays.sort(sorted);
            return new Result(hz, commands, n, elapsed, ms(percentile(sorted, 0.5)), ms(percentile(sorted, 0.99)),
                    ms(sorted.length == 0 ? 0 : sorted[sorted.length - 1]), commands / elapsed);
        }
    }

    private static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
