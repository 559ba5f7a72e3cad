package dev.saccade.data.lerobot;

import java.nio.file.Path;
import java.util.List;

/**
 * One row of {@code meta/episodes}: where an episode's frames and video are.
 *
 * @param from          global index of the episode's first frame ({@code dataset_from_index})
 * @param to            one past its last frame ({@code dataset_to_index})
 * @param dataFile      the parquet file holding its rows
 * @param videoFile     the MP4 file holding its frames
 * @param fromSeconds   where its first frame is in that video ({@code from_timestamp})
 * @param toSeconds     where it ends ({@code to_timestamp})
 */
public record EpisodeMeta(int index, List<String> tasks, int length, long from, long to, Path dataFile, Path videoFile,
                          double fromSeconds, double toSeconds) {
    public EpisodeMeta {
        tasks = List.copyOf(tasks);
    }

    /** The episode's (first) task. */
    public String task() {
        return tasks.isEmpty() ? "" : tasks.get(0);
    }
}
