package dev.saccade.data.lerobot;

import dev.saccade.data.video.FrameCache;
import dev.saccade.data.video.FrameSource;
import dev.saccade.data.video.VideoDecoder;
import dev.saccade.sphere.EquirectFrame;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Random access to a dataset's frames for many threads: a frame comes from the shared cache, or
 * from an idle decoder of its video file (preferring one just behind it, which decodes forward
 * without seeking), or from a new decoder. Decoders are never shared between threads at once;
 * at most {@link #MAX_IDLE} idle ones are kept open.
 */
final class DatasetFrames implements FrameSource {
    static final int MAX_IDLE = 8;

    private final LeRobotDataset dataset;
    private final FrameCache cache;
    private final Deque<VideoDecoder> idle = new ArrayDeque<>();
    private boolean closed;

    DatasetFrames(LeRobotDataset dataset, FrameCache cache) {
        this.dataset = dataset;
        this.cache = cache;
    }

    @Override
    public int width() {
        return dataset.info().width();
    }

    @Override
    public int height() {
        return dataset.info().height();
    }

    @Override
    public int episodes() {
        return dataset.episodes();
    }

    @Override
    public int length(int episode) {
        return dataset.episode(episode).length();
    }

    @Override
    public EquirectFrame frame(int episode, int frame) {
        EpisodeMeta m = dataset.episode(episode);
        if (frame < 0 || frame >= m.length()) {
            throw new IndexOutOfBoundsException("frame " + frame + " of episode " + episode + " (length " + m.length() + ")");
        }
        FrameCache.Key key = new FrameCache.Key(episode, frame);
        EquirectFrame cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        double t = m.fromSeconds() + (double) frame / dataset.fps();
        VideoDecoder decoder = borrow(m.videoFile(), t);
        EquirectFrame decoded;
        try {
            decoded = new EquirectFrame(decoder.width(), decoder.height(), decoder.frameAt(t));
        } catch (RuntimeException e) {
            decoder.close();
            throw e;
        }
        giveBack(decoder);
        cache.put(key, decoded);
        return decoded;
    }

    private synchronized VideoDecoder borrow(Path file, double t) {
        if (closed) {
            throw new IllegalStateException("frame source is closed");
        }
        VideoDecoder best = null;
        double bestGap = Double.POSITIVE_INFINITY;
        VideoDecoder any = null;
        for (VideoDecoder d : idle) {
            if (!d.file().equals(file)) {
                continue;
            }
            any = any == null ? d : any;
            double gap = t - d.position();
            if (gap > 0 && gap < bestGap) {
                best = d;
                bestGap = gap;
            }
        }
        VideoDecoder chosen = best != null ? best : any;
        if (chosen != null) {
            idle.remove(chosen);
            return chosen;
        }
        return VideoDecoder.open(file, VideoDecoder.Mode.RANDOM_ACCESS);
    }

    private void giveBack(VideoDecoder decoder) {
        List<VideoDecoder> toClose = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                toClose.add(decoder);
            } else {
                idle.addFirst(decoder);
                while (idle.size() > MAX_IDLE) {
                    toClose.add(idle.removeLast());
                }
            }
        }
        toClose.forEach(VideoDecoder::close);
    }

    @Override
    public void close() {
        List<VideoDecoder> toClose;
        synchronized (this) {
            closed = true;
            toClose = new ArrayList<>(idle);
            idle.clear();
        }
        toClose.forEach(VideoDecoder::close);
    }
}
