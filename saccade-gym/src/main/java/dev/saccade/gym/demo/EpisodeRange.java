package dev.saccade.gym.demo;

import dev.saccade.core.InputException;
import dev.saccade.sphere.EquirectFrame;
import java.nio.file.Path;
import java.util.List;

/**
 * A contiguous range of a source's episodes, as demonstrations of their own (to train on some
 * episodes and hold the others out). Closing it closes the source.
 */
public final class EpisodeRange implements Demonstrations {
    /** Episodes {@code from} (included) to {@code to} (excluded), {@code 0 <= from < to}. */
    public record Bounds(int from, int to) {
        public Bounds {
            if (from < 0 || to <= from) {
                throw new IllegalArgumentException("episode range " + from + ":" + to + " is empty or negative");
            }
        }

        /** True if the two ranges share an episode. */
        public boolean overlaps(Bounds other) {
            return from < other.to && other.from < to;
        }

        @Override
        public String toString() {
            return from + ":" + to;
        }
    }

    private final Demonstrations source;
    private final List<Demonstration> episodes;

    private EpisodeRange(Demonstrations source, Bounds range) {
        this.source = source;
        this.episodes = List.copyOf(source.episodes().subList(range.from(), range.to()));
    }

    /** The dataset at {@code dataset} (or {@code toy} generated episodes if it is null), restricted to {@code range} (null: all). */
    public static Demonstrations open(Path dataset, int toy, Bounds range, long seed) {
        Demonstrations all = dataset != null ? DatasetDemonstrations.open(dataset) : ToyDemonstrations.generate(toy, 256, seed);
        return of(all, range, dataset);
    }

    /** {@code source} restricted to {@code range}, or {@code source} itself if range is null; {@code file} names the source in errors. */
    public static Demonstrations of(Demonstrations source, Bounds range, Path file) {
        if (range == null) {
            return source;
        }
        int n = source.episodes().size();
        if (range.to() > n) {
            source.close();
            String message = "has " + n + " episodes; --episodes asks for " + range;
            throw file == null ? new InputException(message) : new InputException(file, message);
        }
        return new EpisodeRange(source, range);
    }

    /** Parses FROM:TO with 0 ≤ FROM < TO; {@code null} if the text is not of that form. */
    public static Bounds parse(String text) {
        String[] parts = text.split(":", -1);
        if (parts.length != 2) {
            return null;
        }
        try {
            int from = Integer.parseInt(parts[0].trim());
            int to = Integer.parseInt(parts[1].trim());
            return from >= 0 && to > from ? new Bounds(from, to) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public List<Demonstration> episodes() {
        return episodes;
    }

    @Override
    public EquirectFrame decode(Demonstration episode, int frame) {
        return source.decode(episode, frame);
    }

    /** The source's calibration: the range is of the same rig. */
    @Override
    public java.util.Optional<dev.saccade.data.robot.CameraMount> camera() {
        return source.camera();
    }

    @Override
    public void close() {
        source.close();
    }
}
