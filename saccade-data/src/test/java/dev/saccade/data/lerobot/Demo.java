package dev.saccade.data.lerobot;

import dev.saccade.data.Features;
import dev.saccade.data.Task;
import dev.saccade.data.video.VideoSettings;
import dev.saccade.sphere.EquirectFrame;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Small demonstrations the tests write themselves: smooth, moving 360° frames (so codec error is
 * meaningful) and random but reproducible state, action and annotation values.
 */
final class Demo {
    private Demo() {}

    /** A frame of {@code height} rows: a colour ramp plus a bright disc that moves with {@code t}. */
    static EquirectFrame frame(int height, int episode, int t) {
        int width = 2 * height;
        int[] px = new int[width * height];
        double cx = (t * 1.5 + episode * 17) % width;
        double cy = height / 2.0 + height / 4.0 * Math.sin(t * 0.2 + episode);
        double r = height / 6.0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int red = (int) (255.0 * x / width);
                int green = (int) (255.0 * y / height);
                int blue = (episode * 60 + t * 3) & 255;
                double dx = Math.min(Math.abs(x - cx), width - Math.abs(x - cx));
                double dy = y - cy;
                if (dx * dx + dy * dy < r * r) {
                    red = 250;
                    green = 240;
                    blue = 40;
                }
                px[y * width + x] = (red << 16) | (green << 8) | blue;
            }
        }
        return new EquirectFrame(width, height, px);
    }

    /** The values of every vector feature of {@code spec} for a frame, from a seeded generator. */
    static Map<String, float[]> values(DatasetSpec spec, Random rnd) {
        Map<String, float[]> v = new LinkedHashMap<>();
        for (VectorFeature f : spec.vectors()) {
            float[] a = new float[f.size()];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) (rnd.nextGaussian() * 1.3);
            }
            v.put(f.key(), a);
        }
        return v;
    }

    /** A small Saccade spec with annotations, fast video settings, 30 fps. */
    static DatasetSpec spec(int height) {
        return DatasetSpec.saccade(30, 2 * height, height, true).withVideo(new VideoSettings(2, 2.0, 1));
    }

    /** Writes {@code lengths.length} episodes into a new dataset and returns the values written, by episode. */
    static Written write(Path dir, DatasetSpec spec, int... lengths) throws IOException {
        Written w = new Written();
        try (DatasetWriter writer = DatasetWriter.create(dir, spec)) {
            for (int e = 0; e < lengths.length; e++) {
                w.add(writer, spec, e, Task.values()[e % Task.values().length].instruction(), lengths[e]);
            }
            writer.finish();
        }
        return w;
    }

    /** Values and frames written, for comparison. */
    static final class Written {
        final java.util.List<java.util.List<Map<String, float[]>>> values = new java.util.ArrayList<>();
        final java.util.List<String> tasks = new java.util.ArrayList<>();

        void add(DatasetWriter writer, DatasetSpec spec, int e, String task, int length) throws IOException {
            Random rnd = new Random(1000 + e);
            java.util.List<Map<String, float[]>> rows = new java.util.ArrayList<>();
            try (EpisodeWriter ep = writer.beginEpisode(task)) {
                for (int t = 0; t < length; t++) {
                    Map<String, float[]> v = values(spec, rnd);
                    ep.addFrame(frame(spec.height(), ep.index(), t), v);
                    rows.add(v);
                }
                ep.commit();
            }
            values.add(rows);
            tasks.add(task);
        }
    }

    /** A frame of random pixels: incompressible, so a few of them fill a megabyte of video. */
    static EquirectFrame noise(int height, Random rnd) {
        int[] px = new int[2 * height * height];
        for (int i = 0; i < px.length; i++) {
            px[i] = rnd.nextInt(1 << 24);
        }
        return new EquirectFrame(2 * height, height, px);
    }

    /** The values {@link #noiseEpisode} writes for {@code seed}, regenerated without writing. */
    static java.util.List<Map<String, float[]>> noiseValues(DatasetSpec spec, int length, long seed) {
        Random rnd = new Random(seed);
        java.util.List<Map<String, float[]>> rows = new java.util.ArrayList<>();
        for (int t = 0; t < length; t++) {
            rows.add(values(spec, rnd));
            noise(spec.height(), rnd);
        }
        return rows;
    }

    /** Records an episode of noise frames and returns the values written. */
    static java.util.List<Map<String, float[]>> noiseEpisode(DatasetWriter writer, String task, int length, long seed) throws IOException {
        Random rnd = new Random(seed);
        java.util.List<Map<String, float[]>> rows = new java.util.ArrayList<>();
        DatasetSpec spec = writer.spec();
        try (EpisodeWriter ep = writer.beginEpisode(task)) {
            for (int t = 0; t < length; t++) {
                Map<String, float[]> v = values(spec, rnd);
                ep.addFrame(noise(spec.height(), rnd), v);
                rows.add(v);
            }
            ep.commit();
        }
        return rows;
    }
}
