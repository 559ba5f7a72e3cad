package dev.saccade.view;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.saccade.gym.Env;
import dev.saccade.gym.Info;
import dev.saccade.gym.Options;
import dev.saccade.gym.Reset;
import dev.saccade.gym.Step;
import dev.saccade.gym.envs.EyeInfo;
import dev.saccade.gym.eye.EyeObservation;
import dev.saccade.gym.wrappers.Wrapper;
import dev.saccade.sphere.render.Planes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Live gaze from a running {@code saccade train}: wraps one training environment and, at most every
 * {@link #DEFAULT_PERIOD}, replaces {@code live/eye.json} in the run directory with a snapshot of
 * its latest observation: the dataset episode, frame and step, the gaze (degrees), whether the
 * video is paused, the wall time, a sequence number, and the foveated view as a base64 PNG (levels
 * side by side, fovea left). The viewer tails the file and pushes each new snapshot to the page.
 *
 * <p>Why a file and not a socket: the trainer opens nothing, knows nothing of viewers, and costs
 * the same whether one watches or not: one {@code System.nanoTime()} per step of one environment,
 * and once a period a ~20 KB PNG and a rename (about a millisecond, well under 1 % of a second).
 * The file is written aside and renamed over the old one, so a reader sees a whole snapshot; it
 * is not forced to disk (a snapshot need not outlive a crash). A write that fails is reported once
 * on stderr and never stops training.
 */
public final class LiveEye extends Wrapper<EyeObservation, Integer> {
    /** How often a snapshot is written unless asked otherwise. */
    public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(1);
    /** The snapshot's place in a run directory. */
    public static final String FILE = "live/eye.json";

    private final Path file;
    private final long periodNanos;
    private long last = Long.MIN_VALUE;
    private long sequence;
    private long step;
    private boolean failed;

    private LiveEye(Env<EyeObservation, Integer> env, Path runDir, Duration period) {
        super(env);
        this.file = runDir.resolve(FILE);
        this.periodNanos = period.toNanos();
    }

    /** {@code env}, writing snapshots into {@code runDir} every {@link #DEFAULT_PERIOD}. */
    public static Env<EyeObservation, Integer> wrap(Env<EyeObservation, Integer> env, Path runDir) {
        return wrap(env, runDir, DEFAULT_PERIOD);
    }

    /** {@code env}, writing snapshots into {@code runDir} at most every {@code period} (zero: every step). */
    public static Env<EyeObservation, Integer> wrap(Env<EyeObservation, Integer> env, Path runDir, Duration period) {
        return new LiveEye(env, runDir, period);
    }

    @Override
    public Reset<EyeObservation> reset(OptionalLong seed, Options options) {
        Reset<EyeObservation> r = env.reset(seed, options);
        step = 0;
        maybeWrite(r.observation(), r.info());
        return r;
    }

    @Override
    public Step<EyeObservation> step(Integer action) {
        Step<EyeObservation> s = env.step(action);
        step++;
        maybeWrite(s.observation(), s.info());
        return s;
    }

    private void maybeWrite(EyeObservation o, Info info) {
        long now = System.nanoTime();
        if (last != Long.MIN_VALUE && now - last < periodNanos) {
            return;
        }
        last = now;
        try {
            replace(file, snapshot(++sequence, step, o, info));
        } catch (IOException | RuntimeException e) {
            if (!failed) {
                failed = true;
                System.err.println("saccade train: live view: cannot write " + file + ": " + e.getMessage() + " (training goes on)");
            }
        }
    }

    /** The snapshot of observation {@code o} at {@code step} of its episode, as JSON bytes. */
    static byte[] snapshot(long sequence, long step, EyeObservation o, Info info) {
        ObjectNode n = Json.object();
        n.put("sequence", sequence);
        n.put("time_ms", System.currentTimeMillis());
        n.put("episode", info.find(EyeInfo.DATASET_EPISODE).orElse(-1));
        n.put("frame", info.find(EyeInfo.FRAME).orElse(-1));
        n.put("step", step);
        n.put("paused", info.find(EyeInfo.PAUSED).orElse(false));
        n.put("yaw_deg", Math.toDegrees(o.gaze().yaw()));
        n.put("pitch_deg", Math.toDegrees(o.gaze().pitch()));
        Optional<int[]> shape = levels(o.pyramid().length);
        if (shape.isPresent()) {
            byte[] png = Jpeg.png(Planes.sideBySide(o.pyramid(), 0, shape.get()[0], shape.get()[1]));
            n.put("view_png", Base64.getEncoder().encodeToString(png));
        }
        return Json.bytes(n);
    }

    /** Replaces {@code file} with {@code bytes}: written aside, then renamed over it (not forced to disk). */
    static void replace(Path file, byte[] bytes) throws IOException {
        Path dir = file.getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + file.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** {levels, size} of a pyramid of square RGB levels of {@code floats} values in all (the fewest levels that fit). */
    static Optional<int[]> levels(int floats) {
        for (int levels = 1; levels <= 8; levels++) {
            if (floats % (3 * levels) != 0) {
                continue;
            }
            int area = floats / (3 * levels);
            int size = (int) Math.round(Math.sqrt(area));
            if (size * size == area) {
                return Optional.of(new int[] {levels, size});
            }
        }
        return Optional.empty();
    }

    /** The run's latest snapshot, or null if it has none (or it cannot be read just now). */
    static JsonNode read(Path runDir) {
        Path f = runDir.resolve(FILE);
        try {
            return Files.isRegularFile(f) ? Json.MAPPER.readTree(f.toFile()) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** What changes when the run's snapshot is written ({@link #snapshotVersion}). */
    static String version(Path runDir) {
        return snapshotVersion(runDir.resolve(FILE));
    }

    /**
     * What changes when a snapshot file is replaced: its identity (a rename makes a new one), time and
     * size, and its first bytes, which hold the sequence number (two snapshots written within one tick
     * of the file system's clock, into a reused inode, with the same size, still differ there). Empty
     * if there is no file or it cannot be read just now.
     */
    static String snapshotVersion(Path f) {
        try {
            if (!Files.isRegularFile(f)) {
                return "";
            }
            java.nio.file.attribute.BasicFileAttributes a = Files.readAttributes(f, java.nio.file.attribute.BasicFileAttributes.class);
            byte[] head;
            try (var in = Files.newInputStream(f)) {
                head = in.readNBytes(40);
            }
            return a.fileKey() + ":" + a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS) + ":" + a.size() + ":"
                    + new String(head, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
