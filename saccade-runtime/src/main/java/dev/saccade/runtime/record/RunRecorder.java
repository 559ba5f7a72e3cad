package dev.saccade.runtime.record;

import dev.saccade.data.Features;
import dev.saccade.data.Task;
import dev.saccade.data.lerobot.DatasetInfo;
import dev.saccade.data.lerobot.DatasetSpec;
import dev.saccade.data.lerobot.DatasetWriter;
import dev.saccade.data.lerobot.EpisodeWriter;
import dev.saccade.data.lerobot.VectorFeature;
import dev.saccade.data.synth.Camera360;
import dev.saccade.runtime.loop.Cell;
import dev.saccade.runtime.loop.FrameListener;
import dev.saccade.runtime.loop.FrameRecord;
import dev.saccade.runtime.loop.GroundTruth;
import dev.saccade.sphere.EquirectFrame;
import dev.saccade.sphere.Vec3;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Records runs as a LeRobot v3.0 dataset with Saccade's schema (docs/DATASET.md): per frame the
 * 360° frame, {@code observation.state} (measured), {@code action} (the command sent: the target
 * for the frame's end), the ground-truth annotations when the cell knows them, and two runtime
 * features: {@link #GAZE} (the eye's yaw and pitch, rad) and {@link #SUCCESS} (LeRobot's
 * {@code next.success}: 1 on the frame after which the task was done, so an episode's success flag
 * is its last frame's), and what the hand predicted: {@link #PREDICTED_CHUNK} (the newest chunk,
 * {@link #CHUNK_ROWS} rows of absolute joint targets, row 0 for frame {@code frame − age}; a shorter
 * chunk repeats its last row, a longer one is cut) and {@link #CHUNK_AGE} (frames since it was
 * predicted; −1 and zeros without one). Each frame is held back one frame so that flag can be set. The dataset
 * appears only at {@link #finish()} (written aside, then renamed); an unfinished one leaves nothing.
 */
public final class RunRecorder implements FrameListener, AutoCloseable {
    /** The eye's gaze per frame: yaw, pitch (rad). */
    public static final String GAZE = "observation.gaze";
    /** LeRobot's per-frame success flag: 1 when the task is done after this frame's action. */
    public static final String SUCCESS = "next.success";
    /** The hand's newest predicted chunk per frame: {@link #CHUNK_ROWS} × 7 absolute joint targets, row-major. */
    public static final String PREDICTED_CHUNK = "action.predicted_chunk";
    /** Frames since {@link #PREDICTED_CHUNK} was predicted (−1: no chunk). */
    public static final String CHUNK_AGE = "action.chunk_age";
    /** Rows of {@link #PREDICTED_CHUNK}: one second at 30 fps, the policy's chunk. */
    public static final int CHUNK_ROWS = 30;

    private final DatasetWriter writer;
    private final boolean annotations;
    private EpisodeWriter episode;
    private int[] pendingRgb;
    private Map<String, float[]> pendingValues;
    private int width, height;
    private boolean finished;

    private RunRecorder(DatasetWriter writer, boolean annotations) {
        this.writer = writer;
        this.annotations = annotations;
    }

    /** The dataset schema of a run recording: Saccade's, plus gaze and the success flag. */
    public static DatasetSpec spec(int width, int height, boolean annotations) {
        DatasetSpec base = DatasetSpec.saccade(Features.DEFAULT_FPS, width, height, annotations);
        List<VectorFeature> vectors = new ArrayList<>(base.vectors());
        vectors.add(new VectorFeature(GAZE, List.of("yaw", "pitch")));
        vectors.add(new VectorFeature(SUCCESS, List.of("success")));
        List<String> cells = new ArrayList<>();
        for (int r = 0; r < CHUNK_ROWS; r++) {
            for (String joint : Features.JOINT_NAMES) {
                cells.add(r + "." + joint);
            }
        }
        vectors.add(new VectorFeature(PREDICTED_CHUNK, cells));
        vectors.add(new VectorFeature(CHUNK_AGE, List.of("frames")));
        Vec3 c = Camera360.POSITION;
        return new DatasetSpec(base.fps(), width, height, base.robotType(), vectors, base.video(), base.chunksSize(),
                base.dataFilesSizeInMb(), base.videoFilesSizeInMb(), List.of()).withCameraPosition(c.x(), c.y(), c.z());
    }

    /** The 360° camera of the recordings, as {@link #spec} calibrates it: the simulated world's, in the reference orientation. */
    public static dev.saccade.data.robot.CameraMount camera() {
        Vec3 c = Camera360.POSITION;
        return dev.saccade.data.robot.CameraMount.at(c.x(), c.y(), c.z());
    }

    /** A recorder creating the dataset {@code dir} (which must not exist unless {@code overwrite}). */
    public static RunRecorder create(Path dir, int width, int height, boolean annotations, boolean overwrite) throws IOException {
        DatasetWriter.Mode mode = overwrite ? DatasetWriter.Mode.OVERWRITE : DatasetWriter.Mode.CREATE;
        return new RunRecorder(DatasetWriter.open(dir, spec(width, height, annotations), mode, false), annotations);
    }

    /** Starts episode {@code index} of {@code task}. */
    public void beginEpisode(int index, Task task) throws IOException {
        if (episode != null) {
            throw new IllegalStateException("episode " + episode.index() + " is still open");
        }
        episode = writer.beginEpisode(index, task.instruction());
    }

    @Override
    public void onFrame(Cell cell, FrameRecord r) throws IOException {
        EquirectFrame pano = cell.panorama().orElseThrow(() -> new IllegalStateException("the cell has no 360° camera to record"));
        flush(false);
        Map<String, float[]> values = new HashMap<>();
        values.put(Features.STATE, r.state().proprio());
        values.put(Features.ACTION, r.command().toAction());
        values.put(GAZE, new float[] {(float) r.gaze().yaw(), (float) r.gaze().pitch()});
        values.put(PREDICTED_CHUNK, fixedRows(r.chunk()));
        values.put(CHUNK_AGE, new float[] {r.chunk() == null ? -1 : r.chunkAge()});
        if (annotations) {
            GroundTruth t = r.truth();
            if (t == null) {
                throw new IllegalStateException("recording annotations needs the cell's ground truth");
            }
            values.put(Features.ANNOTATION_OBJECT, direction(t.object()));
            values.put(Features.ANNOTATION_TARGET, direction(t.target()));
            values.put(Features.ANNOTATION_GRIPPER, direction(t.gripper()));
            double[] p = t.tool0();
            values.put(Features.ANNOTATION_TOOL0, new float[] {(float) p[0], (float) p[1], (float) p[2]});
        }
        pendingRgb = pano.pixels().clone();
        width = pano.width();
        height = pano.height();
        pendingValues = values;
    }

    /** {@code chunk} as exactly {@link #CHUNK_ROWS} rows: a shorter one repeats its last row, a longer one is cut; zeros for none. */
    static float[] fixedRows(float[] chunk) {
        int d = Features.JOINT_DIM;
        float[] out = new float[CHUNK_ROWS * d];
        if (chunk == null || chunk.length < d) {
            return out;
        }
        int rows = chunk.length / d;
        for (int r = 0; r < CHUNK_ROWS; r++) {
            System.arraycopy(chunk, Math.min(r, rows - 1) * d, out, r * d, d);
        }
        return out;
    }

    private static float[] direction(dev.saccade.gym.demo.Direction d) {
        return new float[] {(float) d.yaw(), (float) d.pitch(), (float) d.radius()};
    }

    private void flush(boolean success) {
        if (pendingValues == null) {
            return;
        }
        pendingValues.put(SUCCESS, new float[] {success ? 1f : 0f});
        episode.addFrame(pendingRgb, width, height, pendingValues);
        pendingValues = null;
        pendingRgb = null;
    }

    /** Ends the open episode: its last frame carries {@code success}. */
    public void endEpisode(boolean success) throws IOException {
        flush(success);
        episode.commit();
        episode.close();
        episode = null;
    }

    /** Writes the dataset's metadata and moves it into place. */
    public DatasetInfo finish() throws IOException {
        DatasetInfo info = writer.finish();
        finished = true;
        return info;
    }

    /**
     * Discards an open episode; without {@link #finish()} the whole recording is discarded (a run is
     * not resumed), so an interrupted run leaves nothing.
     */
    @Override
    public void close() {
        if (episode != null) {
            episode.close();
            episode = null;
        }
        if (finished) {
            writer.close();
            return;
        }
        try {
            writer.abort();
        } catch (IOException e) {
            writer.close();
            throw new java.io.UncheckedIOException("could not discard the unfinished recording of " + writer.target(), e);
        }
    }
}
