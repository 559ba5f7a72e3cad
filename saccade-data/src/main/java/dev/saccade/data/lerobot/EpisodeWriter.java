package dev.saccade.data.lerobot;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.saccade.core.AtomicFiles;
import dev.saccade.data.video.VideoEncoder;
import dev.saccade.sphere.EquirectFrame;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Records one episode: frames arrive one at a time ({@link #addFrame}) and go straight to the video
 * encoder, so memory holds a few frames, not the episode. {@link #commit()} completes the episode
 * in the writer's staging area; closing an uncommitted episode discards it.
 *
 * <p>One thread per episode; several episodes may be recorded in parallel on different threads.
 */
public final class EpisodeWriter implements AutoCloseable {
    private final DatasetWriter owner;
    private final DatasetSpec spec;
    private final int index;
    private final String task;
    private final Path video;
    private final VideoEncoder encoder;
    private final List<float[]> rows = new ArrayList<>();
    private final int rowWidth;
    private final long[][] histograms = new long[3][256];
    private int frames;
    private boolean committed;
    private boolean closed;

    EpisodeWriter(DatasetWriter owner, DatasetSpec spec, int index, String task, Path video) throws IOException {
        this.owner = owner;
        this.spec = spec;
        this.index = index;
        this.task = task;
        this.video = video;
        int width = 0;
        for (VectorFeature v : spec.vectors()) {
            width += v.size();
        }
        this.rowWidth = width;
        this.encoder = new VideoEncoder(video, spec.width(), spec.height(), spec.fps(), spec.video());
    }

    /** This episode's index in the dataset. */
    public int index() {
        return index;
    }

    /** The task (instruction) of this episode. */
    public String task() {
        return task;
    }

    /** Frames added so far. */
    public int frames() {
        return frames;
    }

    /** Adds a frame: its 360° image and one value per vector feature of the spec. */
    public void addFrame(EquirectFrame image, Map<String, float[]> values) {
        addFrame(image.pixels(), image.width(), image.height(), values);
    }

    /**
     * Adds a frame given as packed {@code 0xRRGGBB} pixels (copied at once) and one value per vector
     * feature. Rejects a missing or extra feature, a wrong length and a non-finite value, naming the
     * episode, frame and component.
     */
    public void addFrame(int[] rgb, int width, int height, Map<String, float[]> values) {
        if (committed || closed) {
            throw new IllegalStateException("episode " + index + " is already " + (committed ? "committed" : "closed"));
        }
        String where = "episode " + index + " frame " + frames;
        if (width != spec.width() || height != spec.height()) {
            throw new IllegalArgumentException(where + ": image is " + width + "×" + height + " but the dataset is "
                    + spec.width() + "×" + spec.height());
        }
        if (values.size() != spec.vectors().size()) {
            throw new IllegalArgumentException(where + ": expected values for " + spec.vectors().stream().map(VectorFeature::key).toList()
                    + ", got " + values.keySet());
        }
        float[] row = new float[rowWidth];
        int at = 0;
        for (VectorFeature f : spec.vectors()) {
            float[] v = values.get(f.key());
            if (v == null) {
                throw new IllegalArgumentException(where + ": no value for " + f.key());
            }
            if (v.length != f.size()) {
                throw new IllegalArgumentException(where + ": " + f.key() + " has " + v.length + " components, expected " + f.size());
            }
            for (int i = 0; i < v.length; i++) {
                if (!Float.isFinite(v[i])) {
                    throw new IllegalArgumentException(where + ": " + f.key() + "." + f.names().get(i) + " is " + v[i]);
                }
            }
            System.arraycopy(v, 0, row, at, v.length);
            at += v.length;
        }
        accumulateImageStats(rgb, width, height);
        encoder.write(rgb, width, height);
        rows.add(row);
        frames++;
    }

    /** LeRobot samples pixels with a stride so that the longer side has about 150 of them ({@code auto_downsample_height_width}). */
    private void accumulateImageStats(int[] rgb, int width, int height) {
        int step = Math.max(width, height) < 300 ? 1 : Math.max(1, (width > height ? width : height) / 150);
        long[] r = histograms[0];
        long[] g = histograms[1];
        long[] b = histograms[2];
        for (int y = 0; y < height; y += step) {
            int base = y * width;
            for (int x = 0; x < width; x += step) {
                int p = rgb[base + x];
                r[(p >> 16) & 255]++;
                g[(p >> 8) & 255]++;
                b[p & 255]++;
            }
        }
    }

    /**
     * Completes the episode: finishes its video and stores its rows and statistics in the staging
     * area. Only then does the episode count; it becomes part of the dataset at {@link DatasetWriter#finish()}.
     */
    public void commit() throws IOException {
        if (committed) {
            return;
        }
        if (closed) {
            throw new IllegalStateException("episode " + index + " is closed");
        }
        if (frames == 0) {
            throw new IllegalStateException("episode " + index + " has no frames");
        }
        encoder.finish();
        Path rowsFile = DatasetWriter.rowsFile(video);
        AtomicFiles.write(rowsFile, out -> {
            DataOutputStream data = new DataOutputStream(new BufferedOutputStream(out, 1 << 16));
            data.writeInt(frames);
            data.writeInt(rowWidth);
            for (float[] row : rows) {
                for (float v : row) {
                    data.writeFloat(v);
                }
            }
            data.flush();
        });
        ObjectNode marker = DatasetInfo.JSON.createObjectNode();
        marker.put("episode_index", index);
        marker.put("task", task);
        marker.put("length", frames);
        ObjectNode stats = marker.putObject("stats");
        float[][] all = rows.toArray(new float[0][]);
        int at = 0;
        for (VectorFeature f : spec.vectors()) {
            float[][] part = new float[frames][];
            for (int i = 0; i < frames; i++) {
                part[i] = java.util.Arrays.copyOfRange(all[i], at, at + f.size());
            }
            stats.set(f.key(), FeatureStats.ofRows(part, f.size()).toJson());
            at += f.size();
        }
        stats.set(dev.saccade.data.Features.PANO, FeatureStats.ofImageHistograms(histograms, frames).toJson());
        // The marker is written last and atomically: its presence is what makes the episode committed.
        AtomicFiles.writeString(DatasetWriter.markerFile(video), DatasetInfo.JSON.writeValueAsString(marker));
        committed = true;
        rows.clear();
        owner.committed(this);
    }

    /** Discards the episode unless it was committed. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        encoder.close();
        if (!committed) {
            try {
                Files.deleteIfExists(DatasetWriter.rowsFile(video));
                Files.deleteIfExists(video);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                owner.discarded(this);
            }
        }
    }
}
