package dev.saccade.sphere.render;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * A fixed team of threads that run one job's shards together: shard 0 on the calling thread, shards
 * 1..n−1 on daemon threads started once. Hand-over is a volatile job counter plus park/unpark, so a
 * run allocates nothing, which matters when a job is a single pyramid of a few tens of microseconds.
 * The volatile writes and reads order the caller's writes before the workers' reads, and the
 * workers' writes before the caller's return.
 */
final class Workers implements AutoCloseable {
    private final Thread[] threads;
    private final AtomicInteger pending = new AtomicInteger();
    private volatile long generation;
    private volatile IntConsumer job;
    private volatile Thread caller;
    private volatile Throwable failure;
    private volatile boolean closed;

    Workers(int count, String name) {
        if (count < 1) {
            throw new IllegalArgumentException("need at least one thread, got " + count);
        }
        threads = new Thread[count - 1];
        for (int i = 0; i < threads.length; i++) {
            int shard = i + 1;
            threads[i] = new Thread(() -> loop(shard), name + "-" + shard);
            threads[i].setDaemon(true);
            threads[i].start();
        }
    }

    /** Number of shards a job is split into (the caller counts as one). */
    int count() {
        return threads.length + 1;
    }

    /** Runs {@code shard.accept(i)} for every shard i in parallel and returns when all are done. */
    void run(IntConsumer shard) {
        if (closed) {
            throw new IllegalStateException("workers are closed");
        }
        if (threads.length > 0) {
            job = shard;
            caller = Thread.currentThread();
            failure = null;
            pending.set(threads.length);
            generation++;                       // publishes the job
            for (Thread t : threads) {
                LockSupport.unpark(t);
            }
        }
        Throwable own = null;
        try {
            shard.accept(0);
        } catch (RuntimeException | Error e) {
            own = e;
        }
        while (pending.get() > 0) {
            LockSupport.park(this);
        }
        Throwable t = own != null ? own : failure;
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
    }

    private void loop(int shard) {
        long seen = 0;
        while (true) {
            while (generation == seen && !closed) {
                LockSupport.park(this);
            }
            if (closed) {
                return;
            }
            seen = generation;
            try {
                job.accept(shard);
            } catch (RuntimeException | Error e) {
                failure = e;
            } finally {
                if (pending.decrementAndGet() == 0) {
                    LockSupport.unpark(caller);
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Thread t : threads) {
            LockSupport.unpark(t);
        }
    }
}
