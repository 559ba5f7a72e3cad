package dev.saccade.view;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.saccade.data.Features;
import dev.saccade.data.lerobot.Episode;
import dev.saccade.data.lerobot.EpisodeMeta;
import dev.saccade.data.lerobot.LeRobotDataset;
import dev.saccade.data.robot.CameraMount;
import dev.saccade.data.robot.Ur5e;
import dev.saccade.runtime.record.RunRecorder;
import dev.saccade.data.video.FrameCache;
import dev.saccade.data.video.FrameSource;
import dev.saccade.sphere.EquirectFrame;
import dev.saccade.sphere.Vec3;
import dev.saccade.sphere.render.MipChain;
import dev.saccade.sphere.render.PyramidRenderer;
import dev.saccade.sphere.render.PyramidSpec;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A dataset as the viewer shows it: its episode list, an episode's arrays as JSON, frames as JPEG
 * (decoded with the project's video decoder) and the foveated pyramid for a gaze (rendered by
 * {@link PyramidRenderer}). Thread-safe; frames, JPEGs and mip chains are kept in bounded caches.
 */
public final class DatasetSource implements AutoCloseable {
    /** Sizes a pyramid may be asked for, in pixels per level side. */
    static final int MIN_PYRAMID = 16;
    static final int MAX_PYRAMID = 256;
    /** Frames of the demonstrated path drawn ahead of the current frame: one chunk (1 s at 30 fps). */
    static final int CHUNK_FRAMES = 30;

    private final LeRobotDataset dataset;
    private final FrameSource frames;
    private final Lru<FrameCache.Key, byte[]> jpegs = new Lru<>(64L << 20, b -> b.length);
    private final Lru<FrameCache.Key, MipChain> chains = new Lru<>(96L << 20, MipChain::bytes);
    private final Map<Integer, ThreadLocal<PyramidRenderer>> renderers = new ConcurrentHashMap<>();
    private final Map<Integer, ObjectNode> stats = new ConcurrentHashMap<>();
    private final java.util.Optional<CameraMount> camera;

    private DatasetSource(LeRobotDataset dataset) {
        this.dataset = dataset;
        this.camera = dataset.info().camera();
        this.frames = dataset.frames(FrameCache.ofMegabytes(256));
    }

    /** Opens the dataset at {@code dir}; throws {@link dev.saccade.core.InputException} naming a bad file. */
    public static DatasetSource open(Path dir) {
        return new DatasetSource(LeRobotDataset.open(dir));
    }

    /** The dataset directory. */
    public Path root() {
        return dataset.root();
    }

    /** Number of episodes. */
    public int episodes() {
        return dataset.episodes();
    }

    /** Frames of episode {@code e}. */
    public int length(int e) {
        return dataset.episode(checkEpisode(e)).length();
    }

    /** Frames per second. */
    public int fps() {
        return dataset.fps();
    }

    /** The decoded frame {@code f} of episode {@code e} (shared: do not modify). */
    public EquirectFrame frame(int e, int f) {
        checkFrame(e, f);
        return frames.frame(e, f);
    }

    /** Frame {@code f} of episode {@code e} as a JPEG of its full size. */
    public byte[] frameJpeg(int e, int f) {
        checkFrame(e, f);
        FrameCache.Key key = new FrameCache.Key(e, f);
        byte[] cached = jpegs.get(key);
        if (cached != null) {
            return cached;
        }
        byte[] jpeg = Jpeg.encode(frames.frame(e, f));
        jpegs.put(key, jpeg);
        return jpeg;
    }

    /** The foveated pyramid (default angles, levels of {@code size}²) at gaze (yaw, pitch) in degrees, levels side by side. */
    public BufferedImage pyramid(int e, int f, double yawDeg, double pitchDeg, int size) {
        checkFrame(e, f);
        if (size < MIN_PYRAMID || size > MAX_PYRAMID) {
            throw new IllegalArgumentException("size must be in [" + MIN_PYRAMID + ", " + MAX_PYRAMID + "], got " + size);
        }
        if (!Double.isFinite(yawDeg) || !Double.isFinite(pitchDeg) || Math.abs(pitchDeg) > 90) {
            throw new IllegalArgumentException("gaze must be finite with pitch in [-90, 90], got " + yawDeg + ", " + pitchDeg);
        }
        FrameCache.Key key = new FrameCache.Key(e, f);
        MipChain chain = chains.get(key);
        if (chain == null) {
            chain = MipChain.of(frames.frame(e, f));
            chains.put(key, chain);
        }
        PyramidRenderer renderer = renderers.computeIfAbsent(size,
                s -> ThreadLocal.withInitial(new java.util.function.Supplier<PyramidRenderer>() {
                    private final PyramidRenderer prototype = new PyramidRenderer(PyramidSpec.defaults(s));

                    @Override
                    public synchronized PyramidRenderer get() {
                        return prototype.copy();
                    }
                })).get();
        return renderer.renderImage(chain, new dev.saccade.sphere.Gaze(Math.toRadians(yawDeg), Math.toRadians(pitchDeg)));
    }

    /** The dataset's description and episode list. */
    public ObjectNode summary() {
        ObjectNode o = Json.object();
        o.put("root", dataset.root().toString());
        o.put("fps", dataset.fps());
        o.put("width", dataset.info().width());
        o.put("height", dataset.info().height());
        o.put("frames", dataset.frames());
        o.put("robot", dataset.info().robotType());
        ArrayNode fovs = o.putArray("fovs_deg");
        PyramidSpec.DEFAULT_FOVS_DEGREES.forEach(fovs::add);
        ArrayNode list = o.putArray("episodes");
        for (EpisodeMeta m : dataset.episodeMetas()) {
            ObjectNode e = list.addObject();
            e.put("index", m.index());
            e.put("task", m.task());
            e.put("length", m.length());
            e.put("seconds", (double) m.length() / dataset.fps());
        }
        return o;
    }

    /**
     * Episode {@code e}'s arrays: timestamps, state and action (7 per frame), the direction
     * annotations (yaw, pitch, radius in degrees) where the dataset has them, the direction of
     * tool0 from the 360 camera by forward kinematics of the state (where the camera is
     * calibrated), and simple statistics.
     */
    public ObjectNode episode(int e) {
        Episode ep = dataset.read(checkEpisode(e));
        ObjectNode o = Json.object();
        o.put("index", e);
        o.put("task", ep.task());
        o.put("length", ep.length());
        o.put("fps", dataset.fps());
        ArrayNode names = o.putArray("joint_names");
        Features.JOINT_NAMES.forEach(names::add);
        o.set("state", Json.matrix(ep.state()));
        o.set("action", Json.matrix(ep.action()));
        ObjectNode annotations = o.putObject("annotations");
        for (String key : Features.DIRECTION_ANNOTATIONS) {
            if (ep.has(key)) {
                float[][] rows = ep.feature(key);
                float[][] deg = new float[rows.length][];
                for (int t = 0; t < rows.length; t++) {
                    deg[t] = new float[] {(float) Math.toDegrees(rows[t][0]), (float) Math.toDegrees(rows[t][1]),
                        (float) Math.toDegrees(rows[t][2])};
                }
                annotations.set(key.substring(key.lastIndexOf('.') + 1), Json.matrix(deg));
            }
        }
        if (camera.isPresent()) {
            o.set("tool0_direction", Json.matrix(tool0Directions(ep.state(), camera.get())));
            o.put("chunk_frames", CHUNK_FRAMES);
        }
        o.set("stats", stats.computeIfAbsent(e, k -> stats(ep)));
        return o;
    }

    /**
     * A recorded run's own eye and hand over episode {@code e} ({@code saccade run} records
     * {@link RunRecorder#GAZE} and, since it records them, the hand's chunk and its age), in the
     * columns of {@link RolloutTrace#episode}; null if the dataset records no gaze.
     */
    ObjectNode recordedTrace(int e) {
        Episode ep = dataset.read(checkEpisode(e));
        if (!ep.has(RunRecorder.GAZE)) {
            return null;
        }
        float[][] gaze = ep.feature(RunRecorder.GAZE);
        float[][] chunks = ep.has(RunRecorder.PREDICTED_CHUNK) && ep.has(RunRecorder.CHUNK_AGE) ? ep.feature(RunRecorder.PREDICTED_CHUNK) : null;
        float[][] ages = chunks == null ? null : ep.feature(RunRecorder.CHUNK_AGE);
        List<RolloutTrace.Step> steps = new java.util.ArrayList<>();
        for (int t = 0; t < gaze.length; t++) {
            boolean chunk = chunks != null && ages[t][0] >= 0;
            steps.add(new RolloutTrace.Step(t, t, false, Math.toDegrees(gaze[t][0]), Math.toDegrees(gaze[t][1]), Double.NaN, Double.NaN,
                    false, Double.NaN, "", chunk ? chunks[t] : null, chunk ? Math.round(ages[t][0]) : -1));
        }
        return RolloutTrace.ofRecording(root(), e, steps).episode(e, this::chunkDirections);
    }

    /** Each episode's statistics (as in {@link #episode}), read once and kept: the episode list's second line. */
    public ArrayNode allStats() {
        ArrayNode out = Json.array();
        for (int e = 0; e < dataset.episodes(); e++) {
            int index = e;
            out.add(stats.computeIfAbsent(e, k -> stats(dataset.read(index))));
        }
        return out;
    }

    /**
     * (yaw, pitch) in degrees of tool0 seen from the camera, per row of joints: UR5e forward
     * kinematics, then the dataset's calibrated {@link CameraMount} (position and orientation).
     */
    static float[][] tool0Directions(float[][] rows, CameraMount mount) {
        float[][] out = new float[rows.length][];
        double[] p = new double[3];
        for (int t = 0; t < rows.length; t++) {
            out[t] = direction(rows[t], 0, mount, p);
        }
        return out;
    }

    /** As {@link #tool0Directions(float[][], CameraMount)} for rows of 7 stored one after another (an action chunk). */
    static float[][] tool0Directions(float[] flatRows, CameraMount mount) {
        float[][] out = new float[flatRows.length / Features.JOINT_DIM][];
        double[] p = new double[3];
        for (int r = 0; r < out.length; r++) {
            out[r] = direction(flatRows, r * Features.JOINT_DIM, mount, p);
        }
        return out;
    }

    private static float[] direction(float[] q, int offset, CameraMount mount, double[] p) {
        Ur5e.tool0Position(q, offset, p);
        double[] d = mount.direction(new Vec3(p[0], p[1], p[2]));
        return new float[] {(float) Math.toDegrees(d[0]), (float) Math.toDegrees(d[1])};
    }

    /**
     * The tool0 directions of a chunk's rows as the page draws them, or null without a camera
     * calibration or with a non-finite row.
     */
    float[][] chunkDirections(float[] chunk) {
        if (camera.isEmpty()) {
            return null;
        }
        for (float v : chunk) {
            if (!Float.isFinite(v)) {
                return null;
            }
        }
        return tool0Directions(chunk, camera.get());
    }

    private ObjectNode stats(Episode ep) {
        ObjectNode s = Json.object();
        float[][] state = ep.state();
        int closes = 0;
        double travel = 0;
        double[] p = new double[3];
        double[] prev = null;
        for (int t = 0; t < state.length; t++) {
            if (t > 0 && state[t - 1][Features.GRIPPER] < 0.5f && state[t][Features.GRIPPER] >= 0.5f) {
                closes++;
            }
            Ur5e.tool0Position(state[t], 0, p);
            if (prev != null) {
                travel += Math.sqrt((p[0] - prev[0]) * (p[0] - prev[0]) + (p[1] - prev[1]) * (p[1] - prev[1])
                        + (p[2] - prev[2]) * (p[2] - prev[2]));
            }
            prev = p.clone();
        }
        s.put("seconds", (double) state.length / dataset.fps());
        s.put("gripper_closes", closes);
        s.put("tool0_travel_m", travel);
        ArrayNode ranges = s.putArray("joint_range_deg");
        for (int j = 0; j < Features.JOINT_DIM - 1; j++) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (float[] row : state) {
                lo = Math.min(lo, row[j]);
                hi = Math.max(hi, row[j]);
            }
            ranges.add(Math.toDegrees(hi - lo));
        }
        return s;
    }

    private int checkEpisode(int e) {
        if (e < 0 || e >= dataset.episodes()) {
            throw new IllegalArgumentException("episode " + e + " does not exist: the dataset has episodes 0 to " + (dataset.episodes() - 1));
        }
        return e;
    }

    private void checkFrame(int e, int f) {
        int n = length(e);
        if (f < 0 || f >= n) {
            throw new IllegalArgumentException("frame " + f + " of episode " + e + " does not exist: it has frames 0 to " + (n - 1));
        }
    }

    @Override
    public void close() {
        frames.close();
        dataset.close();
    }
}
