package dev.saccade.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.data.video.VideoSettings;
import dev.saccade.gym.demo.ToyDemonstrations;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code saccade view} refuses bad input with one line and a non-zero exit, before serving anything. */
class ViewCommandTest {
    @TempDir
    Path tmp;

    @Test
    void aMissingPathIsOneLineAndExitOne() {
        CliRun r = CliRun.of("view", tmp.resolve("nowhere").toString(), "--port", "0");
        assertEquals(Main.EXIT_DATA, r.exitCode());
        assertEquals("saccade: " + tmp.resolve("nowhere") + ": no such file or directory", r.err().strip());
        assertEquals("", r.out());
    }

    @Test
    void aDirectoryWithNothingToShowIsOneLineAndExitOne() throws IOException {
        Files.createDirectories(tmp.resolve("empty"));
        CliRun r = CliRun.of("view", tmp.resolve("empty").toString(), "--port", "0");
        assertEquals(Main.EXIT_DATA, r.exitCode());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("empty: not a Saccade directory"), r.err());
    }

    @Test
    void aPortInUseIsOneLineAndExitOne() throws IOException {
        Path dataset = tmp.resolve("toy");
        ToyDemonstrations.generate(1, 16, 1).writeDataset(dataset, new VideoSettings(2, 4.0, 1));
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            CliRun r = CliRun.of("view", dataset.toString(), "--port", Integer.toString(taken.getLocalPort()));
            assertEquals(Main.EXIT_DATA, r.exitCode());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().contains("cannot listen on 127.0.0.1:" + taken.getLocalPort()), r.err());
            assertEquals("", r.out(), "nothing said to be served");
        }
    }

    @Test
    void aPortOutOfRangeIsAUsageError() {
        CliRun r = CliRun.of("view", tmp.toString(), "--port", "70000");
        assertEquals(Main.EXIT_USAGE, r.exitCode());
        assertTrue(r.err().contains("--port"), r.err());
    }
}
