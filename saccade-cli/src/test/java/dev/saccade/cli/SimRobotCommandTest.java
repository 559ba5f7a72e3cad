package dev.saccade.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code saccade sim-robot}: serves on loopback for the asked time; bad flags are usage errors. */
class SimRobotCommandTest {
    @Test
    void servesOnOsChosenLoopbackPortsForTheAskedTime() {
        CliRun run = CliRun.of("sim-robot", "--rtde", "127.0.0.1:0", "--script-port", "0", "--task", "towel-bucket",
                "--no-eye", "--duration", "0.3");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("sim-robot: RTDE on 127.0.0.1:"), run.out());
        assertTrue(run.err().contains("program stopped | safety NORMAL"), run.err());
    }

    @Test
    void anAddressWithoutAPortIsAUsageError() {
        CliRun run = CliRun.of("sim-robot", "--rtde", "localhost");
        assertEquals(Main.EXIT_USAGE, run.exitCode());
        assertTrue(run.err().contains("--rtde must be HOST:PORT"), run.err());
    }

    @Test
    void anUnknownTaskIsNamed() {
        CliRun run = CliRun.of("sim-robot", "--rtde", "127.0.0.1:0", "--script-port", "0", "--task", "juggling");
        assertEquals(Main.EXIT_DATA, run.exitCode());
        assertTrue(run.err().contains("unknown task 'juggling'"), run.err());
    }
}
