package dev.saccade.data.lerobot;

import dev.saccade.core.InputException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One writer per dataset at a time: an OS file lock on a hidden sibling file, so a second writer
 * (another import, another generation) fails at once instead of sharing the staging area.
 */
final class WriterLock {
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private boolean released;

    private WriterLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    static WriterLock acquire(Path target, Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by another writer in this process
        }
        if (lock == null) {
            channel.close();
            throw new InputException(target, "another writer is writing this dataset; wait for it to finish");
        }
        return new WriterLock(file, channel, lock);
    }

    synchronized void release() {
        if (released) {
            return;
        }
        released = true;
        try {
            lock.release();
            channel.close();
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // the lock dies with the channel; a leftover empty lock file is harmless
        }
    }
}
