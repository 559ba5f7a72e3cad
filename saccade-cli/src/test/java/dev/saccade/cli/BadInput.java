package dev.saccade.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What the bad-input and crash tests share: a tree's listing with every file's SHA-256 (to show a
 * failed command created or changed nothing), the ways a file is corrupted, and the CLI run as a
 * real child JVM with the {@code saccade} launcher's flags.
 */
final class BadInput {
    private BadInput() {}

    /** Every entry under {@code root} (hidden ones too), sorted, files with their SHA-256. */
    static String snapshot(Path root) {
        if (!Files.exists(root)) {
            return "(absent)";
        }
        try (Stream<Path> walk = Files.walk(root)) {
            List<String> lines = new ArrayList<>();
            for (Path p : walk.sorted().toList()) {
                String name = root.relativize(p).toString();
                lines.add(Files.isDirectory(p) ? "d " + name + "/" : "f " + name + " " + sha256(p));
            }
            return String.join("\n", lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** Cuts {@code file} to {@code fraction} of its length. */
    static void truncate(Path file, double fraction) throws IOException {
        byte[] b = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(b, (int) (b.length * fraction)));
    }

    /** Replaces {@code file} with {@code length} random bytes from {@code seed}. */
    static void randomBytes(Path file, int length, long seed) throws IOException {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        Files.write(file, b);
    }

    /** Overwrites the middle third of {@code file} with random bytes, keeping its length. */
    static void scrambleMiddle(Path file, long seed) throws IOException {
        byte[] b = Files.readAllBytes(file);
        Random r = new Random(seed);
        for (int i = b.length / 3; i < 2 * b.length / 3; i++) {
            b[i] = (byte) r.nextInt(256);
        }
        Files.write(file, b);
    }

    /** Copies a directory tree (datasets are small in tests). */
    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.sorted().toList()) {
                Path q = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else {
                    Files.copy(p, q);
                }
            }
        }
    }

    /** One finished child JVM: its exit code and what it printed. */
    record Child(int exitCode, String out, String err) {}

    /** The command line of {@code saccade ARGS} in a child JVM, with the launcher's JVM flags. */
    static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseParallelGC", "-Xss8m", "--add-modules", "jdk.incubator.vector", "-Dai.djl.offline=true",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-Dorg.slf4j.simpleLogger.log.ai.djl=error"));
        for (String p : List.of("DJL_CACHE_DIR", "org.bytedeco.javacpp.cachedir")) {
            if (System.getProperty(p) != null) {
                cmd.add("-D" + p + "=" + System.getProperty(p));
            }
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.saccade.cli.Main"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Starts {@code saccade ARGS} in a child JVM; stdout and stderr go to files in {@code logs}. */
    static Process start(Path logs, String... args) throws IOException {
        Files.createDirectories(logs);
        return new ProcessBuilder(command(args))
                .redirectOutput(logs.resolve("out.txt").toFile())
                .redirectError(logs.resolve("err.txt").toFile())
                .start();
    }

    /** Runs {@code saccade ARGS} in a child JVM to the end (at most {@code minutes}). */
    static Child run(Path logs, int minutes, String... args) throws IOException, InterruptedException {
        Process p = start(logs, args);
        if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("saccade " + String.join(" ", args) + " did not finish in " + minutes + " min");
        }
        return new Child(p.exitValue(), Files.readString(logs.resolve("out.txt")), Files.readString(logs.resolve("err.txt")));
    }
}
