package dev.saccade.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code saccade} launcher at the repository root, run as a user runs it, with a stand-in
 * {@code java} on the PATH (so no build and no JVM): it drops the JVM's incubator warning and
 * nothing else, passes stderr through byte for byte, keeps java's exit code and stdin, and passes a
 * SIGTERM sent to the launcher on to java without cutting java's last words.
 */
class LauncherTest {
    private static final String WARNING = "WARNING: Using incubator modules: jdk.incubator.vector";

    /** Prints the JVM's warning first, as the real JVM does, then behaves as its last argument says. */
    private static final String FAKE_JAVA = """
            #!/usr/bin/env bash
            printf '%s\\n' '@WARNING@' >&2
            case "${@: -1}" in
              exit3)
                IFS= read -r line
                printf 'stdin: %s\\n' "$line"
                printf 'progress 1/2\\rprogress 2/2\\r' >&2
                printf '%s\\n' '@WARNING@' >&2
                exit 3 ;;
              term)
                trap 'printf "stopping\\n" >&2; exit 143' TERM
                : > "$READY"
                for i in $(seq 600); do sleep 0.1; done
                exit 0 ;;
            esac
            """.replace("@WARNING@", WARNING);

    @TempDir
    Path root;

    private Path launcher;

    @BeforeEach
    void fakeCheckout() throws IOException {
        Path real = Path.of("..", "saccade").toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(real), "the launcher at " + real);
        launcher = Files.copy(real, root.resolve("saccade"));
        Files.writeString(root.resolve("pom.xml"), "<project/>\n");
        Path target = Files.createDirectories(root.resolve("saccade-cli/target"));
        Files.writeString(target.resolve("saccade-cli.jar"), "");
        Files.writeString(target.resolve("classpath.txt"), "none");
        Path stamp = Files.writeString(target.resolve(".launcher-built"), "");
        // Built after every source: the launcher must not start Maven.
        Files.setLastModifiedTime(stamp, FileTime.from(Instant.now().plusSeconds(3600)));
        Path java = Files.createDirectories(root.resolve("bin")).resolve("java");
        Files.writeString(java, FAKE_JAVA);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private ProcessBuilder launch(String mode) {
        ProcessBuilder pb = new ProcessBuilder(launcher.toString(), mode);
        pb.environment().put("PATH", root.resolve("bin") + ":" + System.getenv("PATH"));
        pb.environment().put("READY", root.resolve("ready").toString());
        pb.environment().put("XDG_CACHE_HOME", root.resolve("cache").toString());
        pb.environment().remove("SACCADE_JAVA_OPTS");
        return pb;
    }

    @Test
    void dropsOnlyTheFirstWarningLineAndKeepsStderrStdinAndTheExitCode() throws Exception {
        Process p = launch("exit3").start();
        try (OutputStream in = p.getOutputStream()) {
            in.write("hello\n".getBytes(StandardCharsets.UTF_8));
        }
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(3, p.exitValue());
        assertEquals("stdin: hello\n", new String(out, StandardCharsets.UTF_8));
        // The carriage returns of a progress bar pass unchanged; a later identical line is not the JVM's and stays.
        assertEquals("progress 1/2\rprogress 2/2\r" + WARNING + "\n", new String(err, StandardCharsets.UTF_8));
    }

    @Test
    void aTermSentToTheLauncherReachesJavaAndItsLastWordsArrive() throws Exception {
        Path errFile = root.resolve("stderr.txt");
        Process p = launch("term").redirectErrorStream(false).redirectError(errFile.toFile()).start();
        Path ready = root.resolve("ready");
        for (int i = 0; i < 600 && !Files.exists(ready); i++) {
            Thread.sleep(50);
        }
        assertTrue(Files.exists(ready), "the stand-in java started");
        java.util.List<ProcessHandle> children = p.descendants().toList();
        assertTrue(children.size() >= 2, "java and the filter run under the launcher: " + children.size());
        Runtime.getRuntime().exec(new String[] {"kill", "-TERM", String.valueOf(p.pid())}).waitFor();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the launcher ended");
        assertEquals(143, p.exitValue());
        // Read right after the launcher returned: the filter has been waited for, so nothing is missing.
        assertEquals("stopping\n", Files.readString(errFile));
        for (ProcessHandle c : children) {
            c.onExit().get(60, TimeUnit.SECONDS); // none is left behind (a stray one fails here)
        }
    }
}
