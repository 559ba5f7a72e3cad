package dev.saccade.cli;

import dev.saccade.core.InputException;
import dev.saccade.core.Progress;
import dev.saccade.data.Features;
import dev.saccade.data.Task;
import dev.saccade.data.lerobot.DatasetInfo;
import dev.saccade.data.lerobot.DatasetSpec;
import dev.saccade.data.lerobot.DatasetWriter;
import dev.saccade.data.lerobot.EpisodeWriter;
import dev.saccade.data.synth.Camera360;
import dev.saccade.data.synth.EpisodeGenerator;
import dev.saccade.data.synth.FrameStream;
import dev.saccade.data.synth.SceneOptions;
import dev.saccade.data.synth.SyntheticEpisode;
import dev.saccade.sphere.Vec3;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code saccade generate}: synthetic demonstrations of the scripted expert, written as a LeRobot
 * v3.0 dataset with ground-truth annotations.
 *
 * <p>Episode {@code e} is the {@code k = e / T}-th episode of task {@code e mod T} (tasks
 * interleaved, so any prefix of the dataset covers every task) and uses seed {@code --seed + k},
 * so {@code saccade synth preview --task NAME --seed S+k} shows it. Episodes run in parallel, each
 * streaming its frames to its own video encoder. The dataset appears only when complete; an
 * interrupted run leaves the old state and continues with {@code --resume}.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Generate synthetic 360° demonstrations of the scripted expert as a LeRobot v3.0 dataset.",
            "Episode e is the (e / T)-th episode of the e-th task in turn (T tasks) and uses seed --seed + e / T,",
            "so 'saccade synth preview --task NAME --seed S' shows it. Scene and expert: docs/DATASET.md.",
            "The dataset appears only when complete; an interrupted run continues with --resume."})
final class GenerateCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--task", required = true, paramLabel = "NAME|all", description = "Task id, or all: ${COMPLETION-CANDIDATES}.",
            completionCandidates = ImportCommand.TaskIds.class)
    String task;

    @Option(names = "--episodes", required = true, paramLabel = "N", description = "Episodes of each task.")
    int episodes;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Dataset directory (must not exist, unless --overwrite or --resume).")
    Path out;

    @Option(names = "--width", defaultValue = "1024", description = "Frame width, a multiple of 4; the height is half (default ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of each task's first episode (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--distractors", defaultValue = "3", description = "Extra objects on the table (default ${DEFAULT-VALUE}).")
    int distractors;

    @Option(names = "--threads", defaultValue = "0", description = "Episodes rendered at once (default: one per core).")
    int threads;

    @Option(names = "--overwrite", description = "Replace what Saccade wrote at DIR (a dataset, run, evaluation, …) once the new dataset is complete; "
            + "a directory of other files is refused.")
    boolean overwrite;

    @Option(names = "--resume", description = "Keep the episodes an interrupted run with the same arguments finished.")
    boolean resume;

    @Override
    public Integer call() throws Exception {
        List<Task> tasks = tasks();
        Flags.requireRange("--episodes", episodes, 1, 100_000);
        Flags.requireRange("--width", width, 16, SceneOptions.MAX_WIDTH);
        if (width % 4 != 0) {
            throw new Flags.BadFlag("--width must be a multiple of 4 (the video needs an even height), got " + width);
        }
        Flags.requireRange("--distractors", distractors, 0, SceneOptions.MAX_DISTRACTORS);
        int cores = Runtime.getRuntime().availableProcessors();
        if (threads != 0) {
            Flags.requireRange("--threads", threads, 1, 256);
        }
        int workers = threads == 0 ? cores : threads;
        int total = tasks.size() * episodes;
        SceneOptions options = new SceneOptions(width, distractors);
        Vec3 cam = Camera360.POSITION;
        DatasetSpec dataset = DatasetSpec.saccade(Features.DEFAULT_FPS, width, width / 2, true)
                .withCameraPosition(cam.x(), cam.y(), cam.z());
        DatasetWriter.Mode mode = overwrite ? DatasetWriter.Mode.OVERWRITE : DatasetWriter.Mode.CREATE;
        PrintWriter o = spec.commandLine().getOut();
        long started = System.nanoTime();
        try (DatasetWriter writer = DatasetWriter.open(out, dataset, mode, resume)) {
            Set<Integer> done = writer.committedEpisodes();
            List<Integer> todo = new ArrayList<>();
            for (int e = 0; e < total; e++) {
                if (!done.contains(e)) {
                    todo.add(e);
                }
            }
            if (!done.isEmpty()) {
                o.printf(Locale.ROOT, "resuming: %d of %d episodes already done%n", done.size(), total);
                o.flush();
            }
            // The demonstrations themselves are cheap; plan them all first so progress counts frames.
            SyntheticEpisode[] planned = new SyntheticEpisode[total];
            long frames = 0;
            for (int e : todo) {
                planned[e] = plan(tasks.get(e % tasks.size()), seed + e / tasks.size(), options);
                frames += planned[e].frames();
            }
            try (Progress progress = new Progress("generate", frames, "frames")) {
                write(writer, planned, todo, Math.max(1, Math.min(workers, todo.size())), Math.max(1, workers / Math.max(1, todo.size())), progress);
            }
            DatasetInfo info = writer.finish();
            double seconds = (System.nanoTime() - started) / 1e9;
            o.printf(Locale.ROOT, "%s: %d episodes, %d frames at %d fps, %d×%d, %s, in %.1f s (%.1f frames/s)%n", out,
                    info.totalEpisodes(), info.totalFrames(), info.fps(), width, width / 2,
                    tasks.size() == 1 ? tasks.get(0).id() : "all tasks", seconds, frames / seconds);
            o.flush();
        }
        return 0;
    }

    private List<Task> tasks() {
        if (task.trim().equalsIgnoreCase("all")) {
            return List.of(Task.values());
        }
        try {
            return List.of(Task.byId(task));
        } catch (InputException e) {
            throw new Flags.BadFlag("--task: " + e.getMessage() + ", or all");
        }
    }

    /** The episode of {@code task} for {@code seed}; in the rare case the expert fails, the next seed a million on. */
    static SyntheticEpisode plan(Task task, long seed, SceneOptions options) {
        for (int attempt = 0; ; attempt++) {
            SyntheticEpisode e = EpisodeGenerator.generate(task, seed + 1_000_003L * attempt, options);
            if (e.outcome().success() || attempt == 9) {
                return e;
            }
        }
    }

    /** Renders and writes the episodes in {@code todo}, {@code workers} at a time, each on {@code renderThreads} threads. */
    private static void write(DatasetWriter writer, SyntheticEpisode[] planned, List<Integer> todo, int workers, int renderThreads,
                              Progress progress) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "generate");
            t.setDaemon(true);
            return t;
        });
        AtomicInteger finished = new AtomicInteger();
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (int e : todo) {
                jobs.add(pool.submit(() -> {
                    SyntheticEpisode episode = planned[e];
                    planned[e] = null; // its backdrop is freed once written
                    writeEpisode(writer, e, episode, renderThreads, progress);
                    progress.status(finished.incrementAndGet() + "/" + todo.size() + " episodes");
                    return null;
                }));
            }
            for (Future<?> j : jobs) {
                try {
                    j.get();
                } catch (ExecutionException ex) {
                    throw ex.getCause() instanceof Exception cause ? cause : ex;
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void writeEpisode(DatasetWriter writer, int index, SyntheticEpisode e, int renderThreads, Progress progress)
            throws Exception {
        float[][] state = e.state(), action = e.action(), object = e.objectAnnotation(), target = e.targetAnnotation(),
                gripper = e.gripperAnnotation(), tool0 = e.tool0();
        try (EpisodeWriter w = writer.beginEpisode(index, e.task().instruction())) {
            FrameStream.render(e, renderThreads, (f, rgb) -> {
                w.addFrame(rgb, e.width(), e.height(), Map.of(
                        Features.STATE, state[f], Features.ACTION, action[f],
                        Features.ANNOTATION_OBJECT, object[f], Features.ANNOTATION_TARGET, target[f],
                        Features.ANNOTATION_GRIPPER, gripper[f], Features.ANNOTATION_TOOL0, tool0[f]));
                progress.advance(1);
            });
            w.commit();
        }
    }
}
