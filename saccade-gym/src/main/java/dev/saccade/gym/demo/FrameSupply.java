package dev.saccade.gym.demo;

import dev.saccade.sphere.EquirectFrame;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Decoded frames for the gyms: a memory-bounded least-recently-used cache of prepared frames
 * (decoded, then prepared once for the renderer), with read-ahead along an episode.
 *
 * <ul>
 *   <li><b>Decode once.</b> A frame is decoded at most once while it stays cached, even when several
 *       environments ask for it at the same moment: the first caller decodes and the others wait for
 *       its result.
 *   <li><b>Bounded.</b> After every insertion, least recently used frames are dropped until the
 *       cache holds at most {@code maxBytes} (a frame still in use by an environment stays alive
 *       until it lets go of it, so real memory may exceed the bound by one frame per environment).
 *   <li><b>Read-ahead.</b> {@link #prefetch} asks background threads to decode frames an episode
 *       will need next; a caller that needs one before it starts decodes it itself.
 *   <li><b>Thread-safe.</b> Any number of environments on any threads may share one supply.
 * </ul>
 *
 * @param <P> the prepared frame (the renderer's per-frame form, e.g. a frame with its mip chain)
 */
public final class FrameSupply<P> implements AutoCloseable {

    /**
     * Counters for benchmarks and tests. Times in nanoseconds, summed over threads: {@code decodeNanos}
     * decoding, {@code prepareNanos} preparing decoded frames, {@code waitNanos} callers of
     * {@link #frame} waiting for a frame (decoding it themselves or waiting for another thread).
     */
    public record Stats(long requests, long hits, long decodes, long evictions, long cachedFrames, long cachedBytes,
                        long decodeNanos, long prepareNanos, long waitNanos) {}

    private record FrameKey(int episode, int frame) {}

    /** A cache slot: filled once by whoever decodes it. */
    private static final class Slot<P> {
        final CompletableFuture<P> value = new CompletableFuture<>();
        long bytes;
    }

    private final Demonstrations source;
    private final Function<EquirectFrame, P> prepare;
    private final ToLongFunction<P> sizeOf;
    private final long maxBytes;
    private final ExecutorService readAhead;
    private final Map<Demonstration, Integer> positions = new java.util.IdentityHashMap<>();

    private final Object lock = new Object();
    private final LinkedHashMap<FrameKey, Slot<P>> slots = new LinkedHashMap<>(64, 0.75f, true);
    private final Set<FrameKey> queued = new HashSet<>();
    private long cachedBytes;

    private final LongAdder requests = new LongAdder();
    private final LongAdder hits = new LongAdder();
    private final LongAdder decodes = new LongAdder();
    private final LongAdder evictions = new LongAdder();
    private final LongAdder decodeNanos = new LongAdder();
    private final LongAdder prepareNanos = new LongAdder();
    private final LongAdder waitNanos = new LongAdder();

    /**
     * @param source          where frames come from
     * @param prepare         turns a decoded frame into what the renderer uses (called once per decode)
     * @param sizeOf          bytes a prepared frame holds
     * @param maxBytes        the cache's bound
     * @param readAheadThreads background decoding threads; 0 disables read-ahead
     */
    public FrameSupply(Demonstrations source, Function<EquirectFrame, P> prepare, ToLongFunction<P> sizeOf,
                       long maxBytes, int readAheadThreads) {
        if (maxBytes <= 0 || readAheadThreads < 0) {
            throw new IllegalArgumentException("maxBytes " + maxBytes + ", readAheadThreads " + readAheadThreads);
        }
        this.source = source;
        this.prepare = prepare;
        this.sizeOf = sizeOf;
        this.maxBytes = maxBytes;
        this.readAhead = readAheadThreads == 0 ? null : Executors.newFixedThreadPool(readAheadThreads, r -> {
            Thread t = new Thread(r, "saccade-read-ahead-" + THREADS.getAndIncrement());
            t.setDaemon(true);
            t.setPriority(Thread.NORM_PRIORITY - 1);
            return t;
        });
        for (int i = 0; i < source.episodes().size(); i++) {
            positions.put(source.episodes().get(i), i);
        }
    }

    private static final AtomicInteger THREADS = new AtomicInteger();

    /** A supply of plain decoded frames (no preparation), sized at 4 bytes per pixel. */
    public static FrameSupply<EquirectFrame> plain(Demonstrations source, long maxBytes, int readAheadThreads) {
        return new FrameSupply<>(source, f -> f, f -> 4L * f.width() * f.height(), maxBytes, readAheadThreads);
    }

    /** The demonstrations behind this supply. */
    public Demonstrations demonstrations() {
        return source;
    }

    /** Frame {@code frame} of {@code episode}, from the cache or decoded now (at most once). */
    public P frame(Demonstration episode, int frame) {
        requests.increment();
        FrameKey key = key(episode, frame);
        long start = System.nanoTime();
        Slot<P> slot;
        boolean mine = false;
        synchronized (lock) {
            slot = slots.get(key);
            if (slot == null) {
                slot = new Slot<>();
                slots.put(key, slot);
                mine = true;
            }
        }
        if (mine) {
            load(episode, frame, key, slot);
        } else {
            hits.increment();
        }
        try {
            return slot.value.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException re ? re : new IllegalStateException("decoding " + key + " failed", cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + key, e);
        } finally {
            waitNanos.add(System.nanoTime() - start);
        }
    }

    /** Asks the read-ahead threads to decode {@code frame} of {@code episode} if it is not cached or coming. */
    public void prefetch(Demonstration episode, int frame) {
        if (readAhead == null || frame < 0 || frame >= episode.length()) {
            return;
        }
        FrameKey key = key(episode, frame);
        synchronized (lock) {
            if (slots.containsKey(key) || !queued.add(key)) {
                return;
            }
        }
        try {
            readAhead.execute(() -> loadAhead(episode, frame, key));
        } catch (RejectedExecutionException closed) {
            synchronized (lock) { // the supply is closed; read-ahead was only a hint
                queued.remove(key);
            }
        }
    }

    /** On a read-ahead thread: decodes the frame unless a caller got to it first. */
    private void loadAhead(Demonstration episode, int frame, FrameKey key) {
        Slot<P> slot = null;
        synchronized (lock) {
            queued.remove(key);
            if (!slots.containsKey(key)) { // containsKey does not touch recency
                slot = new Slot<>();
                slots.put(key, slot);
            }
        }
        if (slot != null) {
            load(episode, frame, key, slot);
        }
    }

    private void load(Demonstration episode, int frame, FrameKey key, Slot<P> slot) {
        long start = System.nanoTime();
        try {
            EquirectFrame decoded = source.decode(episode, frame);
            long decodedAt = System.nanoTime();
            P value = prepare.apply(decoded);
            long bytes = sizeOf.applyAsLong(value);
            decodes.increment();
            decodeNanos.add(decodedAt - start);
            prepareNanos.add(System.nanoTime() - decodedAt);
            synchronized (lock) {
                if (slots.get(key) == slot) {
                    slot.bytes = bytes;
                    cachedBytes += bytes;
                    evictOverBudget();
                }
            }
            slot.value.complete(value);
        } catch (RuntimeException | Error e) {
            synchronized (lock) {
                slots.remove(key, slot);
            }
            slot.value.completeExceptionally(e);
        }
    }

    /** Drops least recently used decoded frames until within budget (frames being decoded stay). */
    private void evictOverBudget() {
        Iterator<Map.Entry<FrameKey, Slot<P>>> it = slots.entrySet().iterator();
        while (cachedBytes > maxBytes && it.hasNext()) {
            Slot<P> s = it.next().getValue();
            if (s.bytes > 0) {
                it.remove();
                cachedBytes -= s.bytes;
                evictions.increment();
            }
        }
    }

    private FrameKey key(Demonstration episode, int frame) {
        Integer position = positions.get(episode);
        if (position == null) {
            throw new IllegalArgumentException("episode " + episode.index() + " is not one of this supply's demonstrations");
        }
        if (frame < 0 || frame >= episode.length()) {
            throw new IndexOutOfBoundsException("frame " + frame + " of episode " + episode.index() + " (" + episode.length() + " frames)");
        }
        return new FrameKey(position, frame);
    }

    /** Current counters. */
    public Stats stats() {
        synchronized (lock) {
            return new Stats(requests.sum(), hits.sum(), decodes.sum(), evictions.sum(), slots.size(), cachedBytes,
                    decodeNanos.sum(), prepareNanos.sum(), waitNanos.sum());
        }
    }

    /**
     * Stops the read-ahead threads and waits for a decode in flight to finish, so that no background
     * work outlives the supply (the demonstrations are the caller's to close).
     */
    @Override
    public void close() {
        if (readAhead != null) {
            readAhead.shutdownNow();
            try {
                readAhead.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
