package dev.saccade.eval.play;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Consumer;

/**
 * Runs one action on every item of a fixed list on a pool of {@code threads}, and waits: how the
 * evaluation steps its environments in lockstep. A failure in any item is rethrown as it was.
 */
final class Lockstep<T> implements AutoCloseable {
    private final List<T> items;
    private final ForkJoinPool pool;

    Lockstep(List<T> items, int threads) {
        this.items = List.copyOf(items);
        this.pool = new ForkJoinPool(Math.max(1, threads));
    }

    void forEach(Consumer<T> action) {
        try {
            pool.submit(() -> items.parallelStream().forEach(action)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
