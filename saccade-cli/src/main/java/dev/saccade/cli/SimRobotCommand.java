package dev.saccade.cli;

import dev.saccade.core.InputException;
import dev.saccade.data.Task;
import dev.saccade.robot.sim.ArmState;
import dev.saccade.robot.sim.KinematicArm;
import dev.saccade.robot.sim.SimulatedController;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import dev.saccade.runtime.bridge.BridgeEndpoint;
import dev.saccade.runtime.sim.SimSettings;
import dev.saccade.runtime.sim.WorldBackend;
import dev.saccade.runtime.ur.WorldController;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code saccade sim-robot}: a simulated UR5e controller that speaks RTDE and takes URScript, so
 * Saccade's driver (and UR's own RTDE clients) can be run against it. Loopback only unless
 * another address is given.
 */
@Command(name = "sim-robot", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Serve a simulated UR5e controller: RTDE (protocol 2, outputs up to 500 Hz) on --rtde and a URScript"
                + " port (UR's secondary interface) that runs Saccade's servo program. Runs until interrupted.",
            "A status line on stderr shows the clock, clients, program and safety mode."
        })
final class SimRobotCommand implements Callable<Integer> {
    @Option(names = "--rtde", defaultValue = "127.0.0.1:30004", paramLabel = "HOST:PORT",
            description = "Where to serve RTDE (default ${DEFAULT-VALUE}; port 0 lets the OS choose). A non-loopback"
                    + " address opens the simulator to the network: give one only on purpose.")
    String rtde;

    @Option(names = "--script-port", defaultValue = "30002", paramLabel = "PORT",
            description = "URScript port on the same host, as UR's secondary interface (default ${DEFAULT-VALUE}).")
    int scriptPort;

    @Option(names = "--task", paramLabel = "T",
            description = "Serve the closed-loop world of task T (towel-bucket, …): its arm, gripper, objects and success,"
                    + " driven by the RTDE input registers. Without it, a bare kinematic UR5e.")
    String task;

    @Option(names = "--first-seed", defaultValue = "1000", description = "With --task: the scene served until a client opens another (default ${DEFAULT-VALUE}).")
    long firstSeed;

    @Option(names = "--width", defaultValue = "256", description = "With --task: 360° frame width (default ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--eye", defaultValue = "127.0.0.1:5560", paramLabel = "HOST:PORT",
            description = "With --task: the world's 360° camera on an eye bridge (ZeroMQ: frames on PORT, gaze commands on PORT+1,"
                    + " hand commands on PORT+2; default ${DEFAULT-VALUE}). Frames are rendered only while someone subscribes.")
    String eye;

    @Option(names = "--no-eye", description = "With --task: no eye bridge.")
    boolean noEye;

    @Option(names = "--duration", paramLabel = "SECONDS",
            description = "Stop after this many seconds of wall time (default: run until interrupted).")
    Double duration;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        int colon = rtde.lastIndexOf(':');
        if (colon <= 0 || colon == rtde.length() - 1) {
            throw new Flags.BadFlag("--rtde must be HOST:PORT, got '" + rtde + "'");
        }
        String host = rtde.substring(0, colon);
        int port;
        try {
            port = Integer.parseInt(rtde.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new Flags.BadFlag("--rtde port must be a number, got '" + rtde.substring(colon + 1) + "'");
        }
        Flags.requireRange("--rtde port", port, 0, 65535);
        Flags.requireRange("--script-port", scriptPort, 0, 65535);
        if (duration != null) {
            Flags.requireOpenRange("--duration", duration, 0, 1e9);
        }
        Task served = task == null ? null : Task.byId(task);
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new Flags.BadFlag("--rtde host '" + host + "' is not an address this machine knows");
        }
        PrintWriter err = spec.commandLine().getErr();
        if (!address.isLoopbackAddress()) {
            err.println("saccade sim-robot: serving on " + address.getHostAddress() + ", not loopback, as asked");
        }
        SimulatedController.Settings settings = SimulatedController.Settings.loopback(true)
                .withBind(address).withPorts(port, scriptPort);
        Optional<BridgeEndpoint> eyeBridge = Optional.empty();
        if (served != null && !noEye) {
            try {
                eyeBridge = Optional.of(BridgeEndpoint.parse(eye));
            } catch (IllegalArgumentException e) {
                throw new Flags.BadFlag("--eye: " + e.getMessage());
            }
            if (!eyeBridge.get().loopbackHost()) {
                err.println("saccade sim-robot: eye bridge on " + eyeBridge.get().host() + ", not loopback, as asked");
            }
        }
        Flags.requireRange("--width", width, 16, 4096);
        if (firstSeed < 0 || firstSeed > 999_999_999L) {
            throw new Flags.BadFlag("--first-seed must be in [0, 999999999], got " + firstSeed);
        }
        SimulatedController sim;
        WorldController world = null;
        try {
            if (served != null) {
                world = WorldController.start(served, firstSeed, SimSettings.defaults().withWidth(width), settings, eyeBridge);
                sim = world.controller();
            } else {
                sim = SimulatedController.start(settings, KinematicArm.ur5eHome());
            }
        } catch (IOException e) {
            throw new InputException("--rtde " + rtde + " / --script-port " + scriptPort
                    + (eyeBridge.isPresent() ? " / --eye " + eye : "") + ": cannot listen: " + e.getMessage());
        }
        try (AutoCloseable closing = world != null ? world : sim) {
            PrintWriter out = spec.commandLine().getOut();
            out.printf(Locale.ROOT, "sim-robot: RTDE on %s:%d, URScript on %s:%d%s%n", address.getHostAddress(),
                    sim.rtdePort(), address.getHostAddress(), sim.scriptPort(),
                    served == null ? " (a bare UR5e)" : " (world of " + served.id() + ", scene " + firstSeed + ")"
                            + eyeBridge.map(b -> ", eye bridge on zmq://" + b.host() + ":" + b.port()).orElse(""));
            out.flush();
            long end = duration == null ? Long.MAX_VALUE : System.nanoTime() + (long) (duration * 1e9);
            boolean live = System.console() != null;
            while (System.nanoTime() < end) {
                Thread.sleep(Math.max(1, Math.min(1000, (end - System.nanoTime()) / 1_000_000)));
                if (live) {
                    err.print("\r" + status(sim, world));
                    err.flush();
                }
            }
            err.println(status(sim, world));
        }
        return 0;
    }

    private static String status(SimulatedController sim, WorldController world) {
        ArmState arm = sim.armState();
        double[] q = arm.q();
        String scene = "";
        if (world != null) {
            WorldBackend.View v = world.backend().view();
            long[] eye = world.eyeCounts();
            scene = String.format(Locale.ROOT, " | scene %d frame %d | eye: %d frames out, %d gaze in", v.seed(), v.frame(), eye[0], eye[1]);
        }
        return String.format(Locale.ROOT, "t=%.1f s | clients %d | program %s | safety %s | q=[%.2f %.2f %.2f %.2f %.2f %.2f]"
                + " | speed %.2f rad/s%s   ", sim.time(), sim.clients(), sim.programRunning() ? "running" : "stopped",
                sim.safetyMode() == 1 ? "NORMAL" : "PROTECTIVE_STOP", q[0], q[1], q[2], q[3], q[4], q[5], arm.maxSpeed(), scene);
    }
}
