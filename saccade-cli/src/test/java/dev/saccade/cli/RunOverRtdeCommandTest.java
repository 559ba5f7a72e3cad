package dev.saccade.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.data.Task;
import dev.saccade.data.lerobot.DatasetCheck;
import dev.saccade.eval.results.MetricFiles;
import dev.saccade.eval.results.MetricRow;
import dev.saccade.robot.sim.SimulatedController;
import dev.saccade.runtime.bridge.BridgeEndpoint;
import dev.saccade.runtime.sim.SimSettings;
import dev.saccade.runtime.ur.WorldController;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code saccade run --robot ur-rtde://} against the served world (what {@code saccade sim-robot --task} runs), on loopback. */
class RunOverRtdeCommandTest {
    @TempDir Path tmp;

    @Test
    void theExpertCompletesEpisodesOverRtdeAndTheRunIsRecorded() throws Exception {
        int eyePort = freeBase();
        try (WorldController w = WorldController.start(Task.ESTOP_PRESS, 1000, SimSettings.defaults().withWidth(64),
                SimulatedController.Settings.loopback(true), Optional.of(BridgeEndpoint.loopback(eyePort)))) {
            Path out = tmp.resolve("over-rtde");
            CliRun run = CliRun.of("run", "--robot", "ur-rtde://127.0.0.1:" + w.controller().rtdePort(),
                    "--script-port", String.valueOf(w.controller().scriptPort()), "--eye", "sim:" + eyePort, "--task", "estop-press",
                    "--gaze", "expert", "--episodes", "2", "--width", "64", "--max-seconds", "8", "--out", out.toString());
            assertEquals(0, run.exitCode(), run.err() + " | camera: " + java.util.Arrays.toString(w.eyeCounts()) + " "
                    + w.lastCameraError().orElse("no error"));
            assertTrue(run.out().contains("expert   estop-press            100.0 %"), run.out());
            // The status line names the connection, robot mode and safety mode.
            assertTrue(run.err().contains("| rtde 127.0.0.1:" + w.controller().rtdePort()), run.err());
            assertTrue(run.err().contains("| robot RUNNING | safety NORMAL"), run.err());
            assertEquals(List.of(), DatasetCheck.check(out.resolve("dataset"), false));
            List<MetricRow> rows = MetricFiles.readJson(out.resolve("metrics.json"));
            MetricRow rate = rows.stream().filter(m -> m.metric().equals("success_rate/estop-press")).findFirst().orElseThrow();
            assertEquals(1.0, rate.mean(), 0);
            assertEquals(1001L, w.backend().view().seed(), "the served world played the asked scenes");
        }
    }

    @Test
    void aControllerThatGoesAwayMidRunIsOneErrorLineAndNothingWritten() throws Exception {
        WorldController w = WorldController.start(Task.TOWEL_BUCKET, 1000, SimSettings.defaults().withWidth(64),
                SimulatedController.Settings.loopback(true), Optional.empty());
        // Pull the plug once the first episode's arm has moved for a while (bounded: at most 60 s of polling).
        Thread plug = new Thread(() -> {
            try {
                for (int i = 0; i < 6000; i++) {
                    if (w.backend().view().frame() >= 30 && w.controller().inputPackages() > 20) {
                        break;
                    }
                    Thread.sleep(10);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                w.close();
            }
        });
        plug.start();
        Path out = tmp.resolve("dropped");
        CliRun run = CliRun.of("run", "--robot", "ur-rtde://127.0.0.1:" + w.controller().rtdePort(),
                "--script-port", String.valueOf(w.controller().scriptPort()), "--eye", "sim:" + freeBase(), "--task", "towel-bucket",
                "--gaze", "expert", "--episodes", "3", "--no-record", "--out", out.toString());
        plug.join();
        assertEquals(Main.EXIT_DATA, run.exitCode(), run.err());
        List<String> errors = run.err().lines().filter(l -> l.startsWith("saccade:")).toList();
        assertEquals(1, errors.size(), run.err());
        assertTrue(errors.get(0).startsWith("saccade: run failed: ") && errors.get(0).contains("connection"), errors.get(0));
        assertFalse(Files.exists(out), "nothing written");
    }

    @Test
    void aRobotThatIsNotThereIsOneLineAndNothingWritten() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path out = tmp.resolve("nothing");
        CliRun run = CliRun.of("run", "--robot", "ur-rtde://127.0.0.1:" + port, "--task", "estop-press", "--gaze", "expert",
                "--no-record", "--out", out.toString());
        assertEquals(Main.EXIT_DATA, run.exitCode(), run.err());
        assertTrue(run.err().contains("--robot ur-rtde://127.0.0.1:" + port + ": "), run.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void overRtdeTheTaskIsNeededAndRegimesThatNeedGroundTruthAreRefused() {
        CliRun noTask = CliRun.of("run", "--robot", "ur-rtde://127.0.0.1", "--gaze", "expert", "--out", tmp.resolve("a").toString());
        assertEquals(Main.EXIT_USAGE, noTask.exitCode());
        assertTrue(noTask.err().contains("needs --task"), noTask.err());
        CliRun oracle = CliRun.of("run", "--robot", "ur-rtde://127.0.0.1", "--task", "estop-press", "--gaze", "oracle",
                "--run", tmp.toString(), "--out", tmp.resolve("b").toString());
        assertEquals(Main.EXIT_USAGE, oracle.exitCode());
        assertTrue(oracle.err().contains("ground truth"), oracle.err());
    }

    private static int freeBase() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                base = s.getLocalPort();
            }
            if (base < 65000 && free(base + 1) && free(base + 2)) {
                return base;
            }
        }
        throw new IOException("no three free loopback ports in a row");
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
