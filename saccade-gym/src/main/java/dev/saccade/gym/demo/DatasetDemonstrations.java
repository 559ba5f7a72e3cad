package dev.saccade.gym.demo;

import dev.saccade.core.InputException;
import dev.saccade.data.Features;
import dev.saccade.data.Task;
import dev.saccade.data.lerobot.Episode;
import dev.saccade.data.lerobot.EpisodeMeta;
import dev.saccade.data.lerobot.LeRobotDataset;
import dev.saccade.data.video.FrameCache;
import dev.saccade.data.video.FrameSource;
import dev.saccade.sphere.EquirectFrame;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The demonstrations of a LeRobot v3 dataset on disk (docs/DATASET.md): every episode's arrays are
 * read when it opens, frames are decoded on request through the dataset's thread-safe frame source.
 * The gym's {@link FrameSupply} does the caching, so the frame source is opened without a cache of
 * its own. Episodes keep the dataset's order: position = episode index.
 */
public final class DatasetDemonstrations implements Demonstrations {
    private final LeRobotDataset dataset;
    private final FrameSource frames;
    private final List<Demonstration> episodes;

    private DatasetDemonstrations(LeRobotDataset dataset, FrameSource frames, List<Demonstration> episodes) {
        this.dataset = dataset;
        this.frames = frames;
        this.episodes = List.copyOf(episodes);
    }

    /**
     * Opens the dataset at {@code dir} and reads its episodes. Throws {@link InputException} naming the
     * file and place if it is not a dataset, lacks state or action, holds a non-finite value or an
     * unknown task.
     */
    public static DatasetDemonstrations open(Path dir) {
        LeRobotDataset dataset = LeRobotDataset.open(dir);
        try {
            List<Demonstration> list = new ArrayList<>(dataset.episodes());
            for (int e = 0; e < dataset.episodes(); e++) {
                list.add(demonstration(dataset, e));
            }
            return new DatasetDemonstrations(dataset, dataset.frames(new FrameCache(0)), list);
        } catch (RuntimeException e) {
            dataset.close();
            throw e;
        }
    }

    private static Demonstration demonstration(LeRobotDataset dataset, int e) {
        EpisodeMeta meta = dataset.episode(e);
        Episode ep = dataset.read(e);
        Path file = meta.dataFile();
        for (String key : List.of(Features.STATE, Features.ACTION)) {
            if (!ep.has(key)) {
                throw new InputException(dataset.root().resolve("meta/info.json"), "no feature " + key + "; the gym needs the arm's state and action");
            }
        }
        Task task;
        try {
            task = Task.byInstructionOrId(ep.task());
        } catch (InputException unknown) {
            throw new InputException(dataset.root().resolve("meta/tasks.parquet"), "episode " + e + ": " + unknown.getMessage());
        }
        float[] state = flatten(ep.state(), Features.JOINT_DIM, file, e, Features.STATE);
        float[] action = flatten(ep.action(), Features.JOINT_DIM, file, e, Features.ACTION);
        Optional<Demonstration.Annotations> annotations = Optional.empty();
        if (ep.has(Features.ANNOTATION_OBJECT) && ep.has(Features.ANNOTATION_TARGET) && ep.has(Features.ANNOTATION_GRIPPER)) {
            annotations = Optional.of(new Demonstration.Annotations(
                    flatten(ep.feature(Features.ANNOTATION_OBJECT), 3, file, e, Features.ANNOTATION_OBJECT),
                    flatten(ep.feature(Features.ANNOTATION_TARGET), 3, file, e, Features.ANNOTATION_TARGET),
                    flatten(ep.feature(Features.ANNOTATION_GRIPPER), 3, file, e, Features.ANNOTATION_GRIPPER)));
        }
        return new Demonstration(e, task, dataset.fps(), ep.length(), state, action, annotations);
    }

    private static float[] flatten(float[][] rows, int width, Path file, int episode, String key) {
        float[] out = new float[rows.length * width];
        for (int f = 0; f < rows.length; f++) {
            if (rows[f].length != width) {
                throw new InputException(file, "episode " + episode + " frame " + f + ": " + key + " has " + rows[f].length
                        + " components, expected " + width);
            }
            for (int i = 0; i < width; i++) {
                if (!Float.isFinite(rows[f][i])) {
                    throw new InputException(file, "episode " + episode + " frame " + f + ": " + key + "[" + i + "] is " + rows[f][i]);
                }
            }
            System.arraycopy(rows[f], 0, out, f * width, width);
        }
        return out;
    }

    /** The calibration in the dataset's meta/info.json, if any. */
    @Override
    public Optional<dev.saccade.data.robot.CameraMount> camera() {
        return dataset.info().camera();
    }

    /** The dataset's directory. */
    public Path root() {
        return dataset.root();
    }

    @Override
    public List<Demonstration> episodes() {
        return episodes;
    }

    @Override
    public EquirectFrame decode(Demonstration episode, int frame) {
        return frames.frame(episode.index(), frame);
    }

    @Override
    public void close() {
        frames.close();
        dataset.close();
    }
}
