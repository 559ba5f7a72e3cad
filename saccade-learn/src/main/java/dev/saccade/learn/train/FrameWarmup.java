package dev.saccade.learn.train;

import dev.saccade.core.Progress;
import dev.saccade.gym.demo.Demonstration;
import dev.saccade.gym.demo.FrameSupply;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fills a frame cache before training: every frame an episode can visit ({@code 0, stride, 2·stride,
 * …} of each demonstration), decoded and prepared on several threads. Rollouts then never wait for
 * a decoder: a 1024×512 frame costs about 10 ms to decode and turn into a mip chain, which at a few
 * hundred env steps per second would otherwise take most of the machine. Only as many frames as the
 * cache can hold are loaded.
 */
public final class FrameWarmup {
    private FrameWarmup() {}

    /** The frames of {@code episodes} on multiples of {@code stride}, episode by episode. */
    public static long frameCount(List<Demonstration> episodes, int stride) {
        long n = 0;
        for (Demonstration d : episodes) {
            n += (d.length() + stride - 1) / stride;
        }
        return n;
    }

    /**
     * Loads up to {@code limit} frames of {@code episodes} on multiples of {@code stride} into
     * {@code frames} with {@code threads} threads; {@code progress} (may be null) advances per frame.
     * Returns the number of frames loaded.
     */
    public static <P> long warm(FrameSupply<P> frames, List<Demonstration> episodes, int stride, long limit, int threads,
                                Progress progress) {
        if (stride < 1 || threads < 1) {
            throw new IllegalArgumentException("stride " + stride + ", threads " + threads);
        }
        List<int[]> todo = new ArrayList<>(); // {episode position, frame}
        for (int e = 0; e < episodes.size() && todo.size() < limit; e++) {
            for (int f = 0; f < episodes.get(e).length() && todo.size() < limit; f += stride) {
                todo.add(new int[] {e, f});
            }
        }
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "saccade-warmup");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                workers.add(pool.submit(() -> {
                    for (int k = next.getAndIncrement(); k < todo.size(); k = next.getAndIncrement()) {
                        int[] job = todo.get(k);
                        frames.frame(episodes.get(job[0]), job[1]);
                        if (progress != null) {
                            progress.advance(1);
                        }
                    }
                }));
            }
            for (Future<?> w : workers) {
                w.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading frames", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException("loading frames failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return todo.size();
    }
}
