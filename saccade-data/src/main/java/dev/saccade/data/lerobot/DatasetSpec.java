package dev.saccade.data.lerobot;

import dev.saccade.data.Features;
import dev.saccade.data.robot.CameraMount;
import dev.saccade.data.video.VideoSettings;
import dev.saccade.sphere.Equirect;
import java.util.ArrayList;
import java.util.List;

/**
 * What a dataset holds, fixed when it is created: frame rate, the size of the 360° video, the
 * per-frame vector features, how video is encoded, and LeRobot's file-size limits.
 *
 * <p>Every dataset has one video feature, {@link Features#PANO}, and LeRobot's index features
 * ({@code timestamp}, {@code frame_index}, {@code episode_index}, {@code index}, {@code task_index}),
 * which the writer fills in itself.
 *
 * @param cameraPositionBase the 360 camera centre in the robot base frame (m), written under
 *                           {@code "saccade"} in info.json; empty if unknown
 * @param cameraOrientationDeg the camera's orientation {@code [yaw, pitch, roll]} in degrees relative to the
 *                           reference mounting ({@link CameraMount}); empty for the reference orientation
 */
public record DatasetSpec(int fps, int width, int height, String robotType, List<VectorFeature> vectors,
                          VideoSettings video, int chunksSize, int dataFilesSizeInMb, int videoFilesSizeInMb,
                          List<Double> cameraPositionBase, List<Double> cameraOrientationDeg) {
    /** LeRobot's default number of files per chunk directory. */
    public static final int DEFAULT_CHUNK_SIZE = 1000;
    /** LeRobot's default size limit of a data parquet file. */
    public static final int DEFAULT_DATA_FILE_SIZE_IN_MB = 100;
    /** LeRobot's default size limit of a video file. */
    public static final int DEFAULT_VIDEO_FILE_SIZE_IN_MB = 200;
    /** The robot Saccade records. */
    public static final String ROBOT_TYPE = "ur5e";

    /** A spec whose camera, if calibrated, is in the reference orientation. */
    public DatasetSpec(int fps, int width, int height, String robotType, List<VectorFeature> vectors,
                       VideoSettings video, int chunksSize, int dataFilesSizeInMb, int videoFilesSizeInMb,
                       List<Double> cameraPositionBase) {
        this(fps, width, height, robotType, vectors, video, chunksSize, dataFilesSizeInMb, videoFilesSizeInMb,
                cameraPositionBase, List.of());
    }

    public DatasetSpec {
        if (fps <= 0) {
            throw new IllegalArgumentException("fps must be positive, got " + fps);
        }
        if (!Equirect.isValidShape(width, height) || height % 2 != 0) {
            throw new IllegalArgumentException("the 360° video must be 2:1 with an even height, got " + width + "×" + height);
        }
        vectors = List.copyOf(vectors);
        if (vectors.stream().map(VectorFeature::key).distinct().count() != vectors.size()) {
            throw new IllegalArgumentException("duplicate vector feature keys in " + vectors);
        }
        if (chunksSize <= 0 || dataFilesSizeInMb <= 0 || videoFilesSizeInMb <= 0) {
            throw new IllegalArgumentException("chunk and file size limits must be positive");
        }
        cameraPositionBase = List.copyOf(cameraPositionBase);
        if (!cameraPositionBase.isEmpty() && cameraPositionBase.size() != 3) {
            throw new IllegalArgumentException("camera position must have 3 components, got " + cameraPositionBase);
        }
        cameraOrientationDeg = List.copyOf(cameraOrientationDeg);
        if (!cameraOrientationDeg.isEmpty() && (cameraOrientationDeg.size() != 3 || cameraPositionBase.isEmpty())) {
            throw new IllegalArgumentException("camera orientation must have 3 components and come with a position, got "
                    + cameraOrientationDeg);
        }
        if (!cameraPositionBase.isEmpty()) {
            CameraMount.of(cameraPositionBase, cameraOrientationDeg); // rejects NaN and infinities
        }
    }

    /**
     * Saccade's schema (docs/DATASET.md): state and action of the UR5e (7 each), the pano video,
     * and, if {@code annotations}, the four ground-truth annotation features.
     */
    public static DatasetSpec saccade(int fps, int width, int height, boolean annotations) {
        List<VectorFeature> v = new ArrayList<>();
        v.add(new VectorFeature(Features.STATE, Features.JOINT_NAMES));
        v.add(new VectorFeature(Features.ACTION, Features.JOINT_NAMES));
        if (annotations) {
            for (String key : Features.DIRECTION_ANNOTATIONS) {
                v.add(new VectorFeature(key, Features.DIRECTION_NAMES));
            }
            v.add(new VectorFeature(Features.ANNOTATION_TOOL0, Features.POSITION_NAMES));
        }
        return new DatasetSpec(fps, width, height, ROBOT_TYPE, v, VideoSettings.DEFAULT, DEFAULT_CHUNK_SIZE,
                DEFAULT_DATA_FILE_SIZE_IN_MB, DEFAULT_VIDEO_FILE_SIZE_IN_MB, List.of());
    }

    /** The same spec with other video settings. */
    public DatasetSpec withVideo(VideoSettings settings) {
        return new DatasetSpec(fps, width, height, robotType, vectors, settings, chunksSize, dataFilesSizeInMb,
                videoFilesSizeInMb, cameraPositionBase, cameraOrientationDeg);
    }

    /** The same spec with the camera's calibrated pose recorded in info.json. */
    public DatasetSpec withCamera(CameraMount mount) {
        return new DatasetSpec(fps, width, height, robotType, vectors, video, chunksSize, dataFilesSizeInMb,
                videoFilesSizeInMb, mount.positionList(), mount.referenceOrientation() ? List.of() : mount.orientationDegrees());
    }

    /** The camera's calibrated pose, if this spec records one. */
    public java.util.Optional<CameraMount> camera() {
        return cameraPositionBase.isEmpty() ? java.util.Optional.empty()
                : java.util.Optional.of(CameraMount.of(cameraPositionBase, cameraOrientationDeg));
    }

    /** The same spec with the camera centre (m, robot base frame) recorded in info.json. */
    public DatasetSpec withCameraPosition(double x, double y, double z) {
        return new DatasetSpec(fps, width, height, robotType, vectors, video, chunksSize, dataFilesSizeInMb,
                videoFilesSizeInMb, List.of(x, y, z), cameraOrientationDeg);
    }

    /** The same spec with other file-size limits (small limits make tests use several files). */
    public DatasetSpec withFileLimits(int chunks, int dataMb, int videoMb) {
        return new DatasetSpec(fps, width, height, robotType, vectors, video, chunks, dataMb, videoMb, cameraPositionBase,
                cameraOrientationDeg);
    }

    /** The vector feature named {@code key}, or null. */
    public VectorFeature vector(String key) {
        for (VectorFeature f : vectors) {
            if (f.key().equals(key)) {
                return f;
            }
        }
        return null;
    }
}
