package dev.saccade.data.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Renders all of an episode's frames on several threads and hands them to a consumer one at a
 * time in frame order, as a video encoder needs them. At most {@code 2 × threads} frames are in
 * flight, in a fixed set of reused buffers, so memory stays bounded; each thread has its own
 * renderer.
 */
public final class FrameStream {
    /** Receives frame {@code index} as packed {@code 0xRRGGBB} pixels; the array is reused after it returns. */
    @FunctionalInterface
    public interface Consumer {
        void accept(int index, int[] rgb) throws Exception;
    }

    private FrameStream() {}

    /** Renders frames {@code 0 … frames−1} of {@code episode} on {@code threads} threads, in order into {@code consumer}. */
    public static void render(SyntheticEpisode episode, int threads, Consumer consumer) throws Exception {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        int n = episode.frames();
        int window = 2 * threads;
        int size = episode.width() * episode.height();
        if (threads == 1) {
            EpisodeRenderer r = episode.renderer();
            int[] rgb = new int[size];
            for (int f = 0; f < n; f++) {
                r.render(f, rgb, null);
                consumer.accept(f, rgb);
            }
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread t = new Thread(runnable, "synth-render");
            t.setDaemon(true);
            return t;
        });
        // One renderer per worker thread, reused across its frames.
        ThreadLocal<EpisodeRenderer> renderers = ThreadLocal.withInitial(episode::renderer);
        // One buffer per frame in flight and one for the frame the consumer holds.
        BlockingQueue<int[]> free = new ArrayBlockingQueue<>(window + 1);
        for (int i = 0; i <= window; i++) {
            free.add(new int[size]);
        }
        List<Future<int[]>> pending = new ArrayList<>();
        try {
            int next = 0;
            for (int f = 0; f < n; f++) {
                while (next < n && next < f + window) {
                    int frame = next++;
                    pending.add(pool.submit(() -> {
                        int[] rgb = free.take();
                        renderers.get().render(frame, rgb, null);
                        return rgb;
                    }));
                }
                int[] rgb;
                try {
                    rgb = pending.set(f, null).get();
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof Exception ex ? ex : e;
                }
                consumer.accept(f, rgb);
                free.add(rgb);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
