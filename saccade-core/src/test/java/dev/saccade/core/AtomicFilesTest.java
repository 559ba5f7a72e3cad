package dev.saccade.core;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir Path dir;

    @Test
    void failedWriteLeavesOldContentAndNoTemporaryFile() throws IOException {
        Path target = dir.resolve("a.txt");
        AtomicFiles.writeString(target, "old");
        assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            out.write("half".getBytes());
            throw new IOException("disk full");
        }));
        assertEquals("old", Files.readString(target));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count(), "temporary sibling must be removed");
        }
    }

    @Test
    void outputsGetDefaultPermissionsNotPrivateTemporaryOnes() throws IOException {
        Path file = dir.resolve("out.txt");
        Path sub = dir.resolve("run");
        AtomicFiles.writeString(file, "x");
        AtomicFiles.writeDirectory(sub, false, d -> {});
        Path plain = Files.writeString(dir.resolve("plain.txt"), "x");
        Path plainDir = Files.createDirectory(dir.resolve("plainDir"));
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(file));
        assertEquals(Files.getPosixFilePermissions(plainDir), Files.getPosixFilePermissions(sub));
    }

    @Test
    void failedDirectoryLeavesNothingBehind() throws IOException {
        Path target = dir.resolve("dataset");
        assertThrows(IOException.class, () -> AtomicFiles.writeDirectory(target, false, d -> {
            Files.writeString(d.resolve("meta.json"), "{}");
            throw new IOException("interrupted");
        }));
        assertFalse(Files.exists(target));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void directoryReplacesOnlyWhenAsked() throws IOException {
        Path target = dir.resolve("run");
        AtomicFiles.writeDirectory(target, false, d -> Files.writeString(d.resolve("metrics.json"), "[]"));
        assertThrows(InputException.class, () -> AtomicFiles.writeDirectory(target, false, d -> {}));
        AtomicFiles.writeDirectory(target, true, d -> Files.writeString(d.resolve("y"), "2"));
        assertFalse(Files.exists(target.resolve("metrics.json")));
        assertEquals("2", Files.readString(target.resolve("y")));
    }

    @Test
    void replacingNeverTouchesADirectorySaccadeDidNotWrite() throws IOException {
        Path target = dir.resolve("mine");
        Files.createDirectories(target);
        Files.writeString(target.resolve("thesis.txt"), "years of work");
        InputException e = assertThrows(InputException.class,
                () -> AtomicFiles.writeDirectory(target, true, d -> Files.writeString(d.resolve("y"), "2")));
        assertTrue(e.userMessage().startsWith(target.toAbsolutePath() + ": holds files Saccade did not write (thesis.txt)"), e.userMessage());
        assertEquals("years of work", Files.readString(target.resolve("thesis.txt")));
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            assertEquals(java.util.List.of(target), files.toList(), "no temporary directory left behind");
        }
    }
}
