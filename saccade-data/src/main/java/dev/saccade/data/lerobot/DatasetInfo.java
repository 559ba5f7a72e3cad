package dev.saccade.data.lerobot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.saccade.core.InputException;
import dev.saccade.data.Features;
import dev.saccade.data.robot.CameraMount;
import dev.saccade.data.video.VideoSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The content of {@code meta/info.json} (LeRobot v3.0 {@code DatasetInfo}): version, frame rate,
 * totals, file-size limits, path templates and the feature schema, and Saccade's camera
 * calibration under {@code "saccade"}: {@code camera_position_base} {@code [x, y, z]} (m) and, if not
 * the reference mounting, {@code camera_orientation_deg} {@code [yaw, pitch, roll]} ({@link CameraMount}).
 */
public record DatasetInfo(String codebaseVersion, String robotType, int fps, int totalEpisodes, long totalFrames,
                          int totalTasks, int chunksSize, int dataFilesSizeInMb, int videoFilesSizeInMb,
                          String dataPath, String videoPath, Map<String, Feature> features,
                          List<Double> cameraPositionBase, List<Double> cameraOrientationDeg) {

    /** An info whose camera, if calibrated, is in the reference orientation. */
    public DatasetInfo(String codebaseVersion, String robotType, int fps, int totalEpisodes, long totalFrames,
                       int totalTasks, int chunksSize, int dataFilesSizeInMb, int videoFilesSizeInMb,
                       String dataPath, String videoPath, Map<String, Feature> features, List<Double> cameraPositionBase) {
        this(codebaseVersion, robotType, fps, totalEpisodes, totalFrames, totalTasks, chunksSize, dataFilesSizeInMb,
                videoFilesSizeInMb, dataPath, videoPath, features, cameraPositionBase, List.of());
    }

    /** One feature: LeRobot dtype ("float32", "int64", "video"), shape and component names (may be empty). */
    public record Feature(String dtype, List<Integer> shape, List<String> names) {
        /** Number of scalar components of a non-video feature. */
        public int size() {
            int n = 1;
            for (int s : shape) {
                n *= s;
            }
            return n;
        }
    }

    /** LeRobot's index features, in its order; every dataset has them, with shape [1]. */
    public static final List<String> INDEX_FEATURES = List.of(
            Features.TIMESTAMP, Features.FRAME_INDEX, Features.EPISODE_INDEX, Features.INDEX, Features.TASK_INDEX);

    /** The vector features Saccade needs from every dataset: the arm's joint state and action, 7 components each. */
    public static final List<String> JOINT_FEATURES = List.of(Features.STATE, Features.ACTION);

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * Throws an {@link InputException} naming {@code infoFile} and the key unless the dataset has the
     * joint state and action as float32 vectors of {@link Features#JOINT_DIM} components.
     */
    public void requireJointFeatures(Path infoFile) {
        for (String key : JOINT_FEATURES) {
            Feature f = features.get(key);
            if (f == null) {
                throw new InputException(infoFile, "features." + key + ": missing (Saccade needs the arm's joint state and action)");
            }
            if (!f.dtype().equals("float32") || f.size() != Features.JOINT_DIM || f.shape().size() != 1) {
                throw new InputException(infoFile, "features." + key + ": expected float32 of shape [" + Features.JOINT_DIM
                        + "] (six UR5e joints and the gripper), got " + f.dtype() + " " + f.shape());
            }
        }
    }

    public DatasetInfo {
        features = Collections.unmodifiableMap(new LinkedHashMap<>(features));
        cameraPositionBase = List.copyOf(cameraPositionBase);
        cameraOrientationDeg = List.copyOf(cameraOrientationDeg);
    }

    /** The 360 camera's calibrated pose relative to the robot base, if the dataset records one. */
    public java.util.Optional<CameraMount> camera() {
        return cameraPositionBase.isEmpty() ? java.util.Optional.empty()
                : java.util.Optional.of(CameraMount.of(cameraPositionBase, cameraOrientationDeg));
    }

    /** Keys of the video features. */
    public List<String> videoKeys() {
        return features.entrySet().stream().filter(e -> e.getValue().dtype().equals("video")).map(Map.Entry::getKey).toList();
    }

    /** Height and width of the pano video feature. */
    public int height() {
        return features.get(Features.PANO).shape().get(0);
    }

    public int width() {
        return features.get(Features.PANO).shape().get(1);
    }

    /** The float32 vector features other than LeRobot's index features, in schema order. */
    public List<VectorFeature> vectors() {
        List<VectorFeature> out = new ArrayList<>();
        for (Map.Entry<String, Feature> e : features.entrySet()) {
            Feature f = e.getValue();
            if (f.dtype().equals("float32") && !INDEX_FEATURES.contains(e.getKey())) {
                List<String> names = f.names().size() == f.size() ? f.names() : numbered(f.size());
                out.add(new VectorFeature(e.getKey(), names));
            }
        }
        return out;
    }

    private static List<String> numbered(int n) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            names.add("c" + i);
        }
        return names;
    }

    /** The spec a writer must use to add episodes to this dataset. */
    public DatasetSpec spec(VideoSettings video) {
        return new DatasetSpec(fps, width(), height(), robotType, vectors(), video, chunksSize, dataFilesSizeInMb,
                videoFilesSizeInMb, cameraPositionBase, cameraOrientationDeg);
    }

    /** The info.json a writer produces for {@code spec} and these totals. */
    static ObjectNode toJson(DatasetSpec spec, int episodes, long frames, int tasks) {
        ObjectNode o = JSON.createObjectNode();
        o.put("codebase_version", Layout.CODEBASE_VERSION);
        o.put("robot_type", spec.robotType());
        o.put("total_episodes", episodes);
        o.put("total_frames", frames);
        o.put("total_tasks", tasks);
        o.put("chunks_size", spec.chunksSize());
        o.put("data_files_size_in_mb", spec.dataFilesSizeInMb());
        o.put("video_files_size_in_mb", spec.videoFilesSizeInMb());
        o.put("fps", spec.fps());
        o.putObject("splits").put("train", "0:" + episodes);
        o.put("data_path", Layout.DATA_PATH);
        o.put("video_path", Layout.VIDEO_PATH);
        ObjectNode features = o.putObject("features");
        boolean videoDone = false;
        for (VectorFeature v : spec.vectors()) {
            putFeature(features, v.key(), "float32", List.of(v.size()), v.names());
            if (v.key().equals(Features.STATE) && !videoDone) {
                putVideo(features, spec);
                videoDone = true;
            }
        }
        if (!videoDone) {
            putVideo(features, spec);
        }
        putFeature(features, Features.TIMESTAMP, "float32", List.of(1), null);
        for (String key : INDEX_FEATURES.subList(1, INDEX_FEATURES.size())) {
            putFeature(features, key, "int64", List.of(1), null);
        }
        if (!spec.cameraPositionBase().isEmpty()) {
            ObjectNode saccade = o.putObject("saccade");
            ArrayNode cam = saccade.putArray("camera_position_base");
            spec.cameraPositionBase().forEach(cam::add);
            if (!spec.cameraOrientationDeg().isEmpty()) {
                ArrayNode orientation = saccade.putArray("camera_orientation_deg");
                spec.cameraOrientationDeg().forEach(orientation::add);
            }
        }
        return o;
    }

    private static void putFeature(ObjectNode features, String key, String dtype, List<Integer> shape, List<String> names) {
        ObjectNode f = features.putObject(key);
        f.put("dtype", dtype);
        ArrayNode s = f.putArray("shape");
        shape.forEach(s::add);
        if (names == null) {
            f.putNull("names");
        } else {
            ArrayNode n = f.putArray("names");
            names.forEach(n::add);
        }
    }

    private static void putVideo(ObjectNode features, DatasetSpec spec) {
        putFeature(features, Features.PANO, "video", List.of(spec.height(), spec.width(), 3), List.of("height", "width", "channels"));
        ObjectNode info = ((ObjectNode) features.get(Features.PANO)).putObject("info");
        info.put("video.height", spec.height());
        info.put("video.width", spec.width());
        info.put("video.codec", VideoSettings.CODEC);
        info.put("video.pix_fmt", VideoSettings.PIX_FMT);
        info.put("video.fps", spec.fps());
        info.put("video.channels", 3);
        info.put("has_audio", false);
        info.put("is_depth_map", false);
        info.put("video.g", spec.video().gop());
        info.put("video.encoder", VideoSettings.ENCODER);
        info.put("video.bits_per_pixel", spec.video().bitsPerPixel());
    }

    /** Reads and validates {@code root/meta/info.json}; every problem names the file and the key. */
    public static DatasetInfo read(Path root) {
        Path file = root.resolve(Layout.INFO);
        if (!Files.isRegularFile(file)) {
            throw new InputException(file, "no such file: not a LeRobot dataset");
        }
        JsonNode o;
        try {
            o = JSON.readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw dev.saccade.data.JsonErrors.invalid(file, e);
        } catch (IOException e) {
            throw new InputException(file, "cannot read: " + e.getMessage(), e);
        }
        if (o == null || !o.isObject()) {
            throw new InputException(file, "not a JSON object");
        }
        String version = text(o, "codebase_version", file);
        if (!version.equals(Layout.CODEBASE_VERSION)) {
            throw new InputException(file, "codebase_version: expected \"" + Layout.CODEBASE_VERSION + "\", got \"" + version
                    + "\" (convert older datasets with LeRobot's convert_dataset_v21_to_v30)");
        }
        int fps = positive(o, "fps", file);
        Map<String, Feature> features = new LinkedHashMap<>();
        JsonNode fs = o.get("features");
        if (fs == null || !fs.isObject() || fs.isEmpty()) {
            throw new InputException(file, "features: missing or empty");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = fs.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String where = "features." + e.getKey();
            JsonNode f = e.getValue();
            String dtype = f.path("dtype").asText("");
            if (dtype.isEmpty()) {
                throw new InputException(file, where + ".dtype: missing");
            }
            JsonNode shapeNode = f.get("shape");
            if (shapeNode == null || !shapeNode.isArray() || shapeNode.isEmpty()) {
                throw new InputException(file, where + ".shape: missing or empty");
            }
            List<Integer> shape = new ArrayList<>();
            for (JsonNode s : shapeNode) {
                if (!s.canConvertToInt() || s.asInt() <= 0) {
                    throw new InputException(file, where + ".shape: expected positive integers, got " + shapeNode);
                }
                shape.add(s.asInt());
            }
            List<String> names = new ArrayList<>();
            JsonNode n = f.get("names");
            if (n != null && n.isArray()) {
                n.forEach(x -> names.add(x.asText()));
            }
            features.put(e.getKey(), new Feature(dtype, shape, names));
        }
        for (String key : INDEX_FEATURES) {
            if (!features.containsKey(key)) {
                throw new InputException(file, "features." + key + ": missing (every LeRobot dataset has it)");
            }
        }
        Feature pano = features.get(Features.PANO);
        if (pano == null || !pano.dtype().equals("video")) {
            throw new InputException(file, "features." + Features.PANO + ": missing or not a video feature");
        }
        if (pano.shape().size() != 3 || pano.shape().get(2) != 3) {
            throw new InputException(file, "features." + Features.PANO + ".shape: expected [height, width, 3], got " + pano.shape());
        }
        if (pano.shape().get(1) != 2 * pano.shape().get(0)) {
            throw new InputException(file, "features." + Features.PANO + ".shape: an equirect video must be 2:1, got "
                    + pano.shape().get(1) + "×" + pano.shape().get(0));
        }
        List<Double> camera = triple(o.path("saccade").get("camera_position_base"), "saccade.camera_position_base", "[x, y, z] in metres", file);
        List<Double> orientation = triple(o.path("saccade").get("camera_orientation_deg"), "saccade.camera_orientation_deg",
                "[yaw, pitch, roll] in degrees", file);
        if (camera.isEmpty() && !orientation.isEmpty()) {
            throw new InputException(file, "saccade.camera_orientation_deg without saccade.camera_position_base: a calibration needs both");
        }
        return new DatasetInfo(version, o.path("robot_type").asText(""), fps,
                nonNegative(o, "total_episodes", file), o.path("total_frames").asLong(-1),
                nonNegative(o, "total_tasks", file),
                positiveOr(o, "chunks_size", DatasetSpec.DEFAULT_CHUNK_SIZE, file),
                positiveOr(o, "data_files_size_in_mb", DatasetSpec.DEFAULT_DATA_FILE_SIZE_IN_MB, file),
                positiveOr(o, "video_files_size_in_mb", DatasetSpec.DEFAULT_VIDEO_FILE_SIZE_IN_MB, file),
                text(o, "data_path", file), text(o, "video_path", file), features, camera, orientation);
    }

    /** Three finite numbers, or empty if the key is absent; anything else is an error naming the key. */
    private static List<Double> triple(JsonNode node, String key, String what, Path file) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return List.of();
        }
        if (!node.isArray() || node.size() != 3) {
            throw new InputException(file, key + ": expected " + what + ", got " + node);
        }
        List<Double> out = new ArrayList<>(3);
        for (JsonNode x : node) {
            if (!x.isNumber() || !Double.isFinite(x.asDouble())) {
                throw new InputException(file, key + ": expected " + what + " (finite numbers), got " + node);
            }
            out.add(x.asDouble());
        }
        return out;
    }

    private static String text(JsonNode o, String key, Path file) {
        JsonNode n = o.get(key);
        if (n == null || !n.isTextual() || n.asText().isEmpty()) {
            throw new InputException(file, key + ": missing or not a string");
        }
        return n.asText();
    }

    private static int positive(JsonNode o, String key, Path file) {
        JsonNode n = o.get(key);
        if (n == null || !n.canConvertToInt() || n.asInt() <= 0) {
            throw new InputException(file, key + ": expected a positive integer, got " + n);
        }
        return n.asInt();
    }

    private static int positiveOr(JsonNode o, String key, int fallback, Path file) {
        return o.has(key) ? positive(o, key, file) : fallback;
    }

    private static int nonNegative(JsonNode o, String key, Path file) {
        JsonNode n = o.get(key);
        if (n == null || !n.canConvertToInt() || n.asInt() < 0) {
            throw new InputException(file, key + ": expected a non-negative integer, got " + n);
        }
        return n.asInt();
    }
}
