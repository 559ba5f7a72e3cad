package dev.saccade.core;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * All-or-nothing writes: a crash leaves either the old content or the new, never half of it.
 *
 * <p>Files are written to a temporary sibling, forced to disk, then renamed over the target.
 * Directories (a dataset, a run) are built in a temporary sibling directory and renamed into place.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** What writes the content of a file. */
    @FunctionalInterface
    public interface Body {
        void write(OutputStream out) throws IOException;
    }

    /** What fills a fresh directory. */
    @FunctionalInterface
    public interface DirectoryBody {
        void fill(Path dir) throws IOException;
    }

    /** Writes {@code target} atomically; its parent directories are created if needed. */
    public static void write(Path target, Body body) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path parent = absolute.getParent();
        createDirectories(parent);
        Path tmp = Files.createFile(uniqueSibling(parent, "." + absolute.getFileName() + ".", ".tmp"));
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                 OutputStream out = Channels.newOutputStream(channel)) {
                body.write(out);
                out.flush();
                channel.force(true);
            }
            Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Writes a UTF-8 string to {@code target} atomically. */
    public static void writeString(Path target, String text) throws IOException {
        write(target, out -> out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /**
     * Builds a directory atomically: {@code body} fills a temporary sibling, which then replaces
     * {@code target}. If {@code body} throws, the temporary directory is removed and {@code target}
     * is untouched. An existing non-empty {@code target} is replaced only if {@code replace} is true,
     * and only if Saccade wrote it ({@link SaccadeOutput#requireReplaceable}); a user's own directory
     * is never replaced.
     */
    public static void writeDirectory(Path target, boolean replace, DirectoryBody body) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path parent = absolute.getParent();
        createDirectories(parent);
        if (Files.exists(absolute) && !replace && !isEmptyDirectory(absolute)) {
            throw new InputException(absolute, "already exists and is not empty");
        }
        if (replace) {
            SaccadeOutput.requireReplaceable(absolute, "--force"); // the flag of every command that replaces this way
        }
        Path tmp = Files.createDirectory(uniqueSibling(parent, "." + absolute.getFileName() + ".", ".tmp"));
        boolean done = false;
        try {
            body.fill(tmp);
            if (Files.exists(absolute)) {
                Path old = uniqueSibling(parent, "." + absolute.getFileName() + ".old.", "");
                Files.move(absolute, old, StandardCopyOption.ATOMIC_MOVE);
                Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE);
                deleteRecursively(old);
            } else {
                Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE);
            }
            done = true;
        } finally {
            if (!done) {
                deleteRecursively(tmp);
            }
        }
    }

    /**
     * A fresh name in {@code dir}. Unlike {@code Files.createTemp*}, the caller creates the entry with
     * default permissions (the user's umask), so outputs are as readable as any other file they write.
     */
    private static Path uniqueSibling(Path dir, String prefix, String suffix) {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        while (true) {
            Path p = dir.resolve(prefix + Long.toUnsignedString(random.nextLong(), 36) + suffix);
            if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                return p;
            }
        }
    }

    /**
     * Creates {@code dir} and its missing parents. A file where a directory must go is bad input
     * named as such (the JDK's own error names only the path, with no reason).
     */
    public static void createDirectories(Path dir) throws IOException {
        for (Path p = dir.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                if (!Files.isDirectory(p)) {
                    throw new InputException(p, "is a file, not a directory, so " + dir + " cannot be made");
                }
                break;
            }
        }
        Files.createDirectories(dir);
    }

    /** True if {@code dir} is a directory with no entries. */
    public static boolean isEmptyDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            return !entries.iterator().hasNext();
        }
    }

    /** Deletes a file or a directory tree; missing paths are ignored. */
    public static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.readAttributes(path, BasicFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS).isDirectory()) {
            Files.delete(path);
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
