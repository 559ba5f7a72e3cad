package dev.saccade.cli;

import ai.djl.ndarray.NDManager;
import dev.saccade.core.AtomicFiles;
import dev.saccade.core.InputException;
import dev.saccade.gym.demo.Demonstration;
import dev.saccade.gym.demo.Demonstrations;
import dev.saccade.gym.demo.Direction;
import dev.saccade.gym.demo.EpisodeRange;
import dev.saccade.gym.eye.EyeCamera;
import dev.saccade.gym.eye.Fovea;
import dev.saccade.gym.eye.GazeLimits;
import dev.saccade.gym.search.Exemplars;
import dev.saccade.gym.search.RelevancyTargets;
import dev.saccade.learn.encoder.ConvPatchEncoder;
import dev.saccade.learn.encoder.EncoderCropFeatures;
import dev.saccade.learn.encoder.TokenEncoder;
import dev.saccade.learn.policy.PolicyConfig;
import dev.saccade.learn.train.Checkpoint;
import dev.saccade.sphere.Gaze;
import dev.saccade.sphere.Images;
import dev.saccade.sphere.lens.PinholeLens;
import dev.saccade.sphere.render.Antialias;
import dev.saccade.sphere.render.MipChain;
import dev.saccade.sphere.render.ViewRenderer;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code saccade exemplars}: make exemplar images for {@code train-search --exemplars} from a
 * dataset that is not the training data ({@code crop}), and measure, for evaluation only, how often
 * the exemplar-relevancy target falls near the annotated thing ({@code check}).
 */
@Command(name = "exemplars", mixinStandardHelpOptions = true,
        description = "Exemplar images of the things to search for (train-search --exemplars), and how well relevancy to them finds them.",
        subcommands = {ExemplarsCommand.Crop.class, ExemplarsCommand.Check.class})
final class ExemplarsCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing subcommand: crop or check");
    }

    /** The things annotated in a Saccade dataset, by the names the exemplar directories get. */
    static final List<String> THINGS = List.of("object", "target");

    static Direction annotated(Demonstration d, String thing, int frame) {
        return thing.equals("object") ? d.object(frame) : d.target(frame);
    }

    /**
     * {@code saccade exemplars crop}: foveal crops centred on the annotated object and place target
     * of a dataset kept apart from training (e.g. generated with another seed), one subdirectory per thing.
     */
    @Command(name = "crop", mixinStandardHelpOptions = true,
            description = {"Render exemplar crops of the annotated object and place target from a dataset that is NOT the training data",
                "(e.g. 'saccade generate --task towel-bucket --episodes 4 --seed 1001'): OUT/object/*.png and OUT/target/*.png,",
                "each a pinhole view of the fovea's field of view centred (within --jitter) on the thing. Real data: crop by hand instead."})
    static final class Crop implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Option(names = "--dataset", required = true, description = "A Saccade dataset with annotations, apart from the training data.")
        Path dataset;

        @Option(names = "--episodes", description = "Episodes to crop from, FROM:TO (default all).")
        String episodes;

        @Option(names = "--out", required = true, description = "Directory to write (must not exist or be empty).")
        Path out;

        @Option(names = "--count", defaultValue = "8", description = "Crops per thing (default ${DEFAULT-VALUE}).")
        int count;

        @Option(names = "--size", defaultValue = "64", description = "Crop side in pixels (default ${DEFAULT-VALUE}, the policy's level size).")
        int size;

        @Option(names = "--fov", defaultValue = "17.3", description = "Field of view in degrees (default ${DEFAULT-VALUE}, the fovea's).")
        double fov;

        @Option(names = "--jitter", defaultValue = "2", description = "Largest offset from the thing's centre, degrees (default ${DEFAULT-VALUE}).")
        double jitter;

        @Option(names = "--seed", defaultValue = "1", description = "Seed of the frames and offsets (default ${DEFAULT-VALUE}).")
        long seed;

        @Override
        public Integer call() throws Exception {
            Flags.requireRange("--count", count, 1, 10_000);
            Flags.requireRange("--size", size, 8, 1024);
            if (!(fov > 0 && fov < 170) || !(jitter >= 0 && jitter <= 45)) {
                throw new Flags.BadFlag("--fov must be in (0, 170) and --jitter in [0, 45] degrees, got " + fov + " and " + jitter);
            }
            EpisodeRange.Bounds range = parseRange(episodes);
            if (Files.exists(out) && !AtomicFiles.isEmptyDirectory(out)) {
                throw new InputException(out, "already exists and is not empty");
            }
            PrintWriter o = spec.commandLine().getOut();
            try (Demonstrations demos = EpisodeRange.open(dataset, 0, range, seed)) {
                List<Demonstration> annotated = demos.episodes().stream().filter(Demonstration::annotated).toList();
                if (annotated.isEmpty()) {
                    throw new InputException(dataset, "has no annotated episodes to crop exemplars from");
                }
                ViewRenderer renderer = new ViewRenderer(PinholeLens.square(Math.toRadians(fov), size), Antialias.PYRAMID_DEFAULT);
                SplittableRandom rng = new SplittableRandom(seed);
                AtomicFiles.writeDirectory(out, false, dir -> {
                    for (String thing : THINGS) {
                        Path sub = Files.createDirectories(dir.resolve(thing));
                        for (int i = 0; i < count; i++) {
                            Demonstration d = annotated.get(i % annotated.size());
                            int frame = rng.nextInt(d.length());
                            Direction at = annotated(d, thing, frame);
                            double r = Math.toRadians(jitter) * Math.sqrt(rng.nextDouble());
                            double a = 2 * Math.PI * rng.nextDouble();
                            Gaze g = new Gaze(at.yaw() + r * Math.cos(a) / Math.max(0.2, Math.cos(at.pitch())),
                                    Math.max(-Math.PI / 2, Math.min(Math.PI / 2, at.pitch() + r * Math.sin(a))));
                            MipChain chain = MipChain.of(demos.decode(d, frame));
                            Images.write(renderer.renderImage(chain, g), sub.resolve(String.format(Locale.ROOT, "%s-%03d.png", thing, i)));
                        }
                    }
                });
                o.printf(Locale.ROOT, "wrote %d crops of the object and %d of the place target (%.1f°, %d px) from %d episodes of %s to %s%n",
                        count, count, fov, size, annotated.size(), dataset, out);
                o.flush();
            }
            return 0;
        }
    }

    /**
     * {@code saccade exemplars check}: evaluation only. On a dataset's annotated frames, how far the
     * relevancy target of each thing (by a run's frozen encoder) lies from the annotated thing of the
     * same name, against chance (a random direction of the same grid).
     */
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Evaluation only: on annotated frames, the share whose exemplar-relevancy target lies within 10° (and 25°)",
                "of the annotated thing of the same name (exemplar subdirectories 'object' and 'target'), against a random grid direction."})
    static final class Check implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Option(names = "--run", description = "A train or train-search run: its latest checkpoint's frozen encoder.")
        Path run;

        @Option(names = "--encoder", description = "Or a Saccade conv encoder (.safetensors).")
        Path encoderFile;

        @Option(names = "--dataset", required = true, description = "An annotated dataset.")
        Path dataset;

        @Option(names = "--episodes", description = "Episodes to check, FROM:TO (default all).")
        String episodes;

        @Option(names = "--exemplars", required = true, description = "The exemplar directory (subdirectories object and target).")
        Path exemplarDir;

        @Option(names = "--frames", defaultValue = "4", description = "Frames per episode, spread evenly (default ${DEFAULT-VALUE}).")
        int frames;

        @Option(names = "--scoring", defaultValue = "centred",
                description = "centred (default), plain, or centred-contrast: how similarity is scored (RelevancyTargets.Settings).")
        String scoring;

        @Option(names = "--pooling", defaultValue = "centre",
                description = "centre (default, as train-search) or all: which of a crop's tokens its feature averages.")
        String pooling;

        @Option(names = "--step", defaultValue = "10", description = "Grid step in degrees (default ${DEFAULT-VALUE}).")
        double step;

        @Override
        public Integer call() throws Exception {
            if ((run == null) == (encoderFile == null)) {
                throw new Flags.BadFlag("give one of --run or --encoder");
            }
            Flags.requireRange("--frames", frames, 1, 10_000);
            RelevancyTargets.Settings settings = switch (scoring) {
                case "centred" -> RelevancyTargets.Settings.DEFAULT;
                case "plain" -> RelevancyTargets.Settings.DEFAULT.withCentred(false);
                case "centred-contrast" -> RelevancyTargets.Settings.DEFAULT.withContrast(true);
                default -> throw new Flags.BadFlag("--scoring must be centred, plain or centred-contrast, got '" + scoring + "'");
            };
            EncoderCropFeatures.Pooling pool = switch (pooling) {
                case "centre" -> EncoderCropFeatures.Pooling.CENTRE;
                case "all" -> EncoderCropFeatures.Pooling.ALL;
                default -> throw new Flags.BadFlag("--pooling must be centre or all, got '" + pooling + "'");
            };
            if (!(step > 0 && step <= 90)) {
                throw new Flags.BadFlag("--step must be in (0, 90] degrees, got " + step);
            }
            settings = new RelevancyTargets.Settings(step, settings.pitchMinDeg(), settings.pitchMaxDeg(), settings.centred(), settings.contrast());
            EpisodeRange.Bounds range = parseRange(episodes);
            PrintWriter o = spec.commandLine().getOut();
            try (NDManager root = NDManager.newBaseManager()) {
                TokenEncoder encoder;
                if (run != null) {
                    Path latest = Checkpoint.latest(run);
                    encoder = Checkpoint.readEncoder(latest, Checkpoint.readState(latest), root);
                } else {
                    if (!Files.isRegularFile(encoderFile)) {
                        throw new InputException(encoderFile, "no such encoder file");
                    }
                    encoder = ConvPatchEncoder.load(encoderFile, root);
                }
                List<Exemplars> things = Exemplars.load(exemplarDir, encoder.imageSize());
                PolicyConfig policy = PolicyConfig.defaults();
                var fovea = PinholeLens.square(Math.toRadians(policy.fieldsOfViewDeg().get(0)), encoder.imageSize());
                try (EncoderCropFeatures features = new EncoderCropFeatures(encoder, pool, root);
                     Demonstrations demos = EpisodeRange.open(dataset, 0, range, 1);
                     var supply = EyeCamera.supply(demos, 256L << 20, 0)) {
                    RelevancyTargets relevancy = new RelevancyTargets(things, features, fovea, GazeLimits.DEFAULT, settings);
                    o.println("relevancy: " + relevancy.describe() + ", " + pooling + " tokens");
                    List<String> names = relevancy.names();
                    List<List<Double>> angles = new ArrayList<>();
                    double[] chance10 = new double[names.size()];
                    names.forEach(n -> angles.add(new ArrayList<>()));
                    int checked = 0;
                    for (Demonstration d : demos.episodes()) {
                        if (!d.annotated()) {
                            continue;
                        }
                        for (int k = 0; k < frames; k++) {
                            int f = (int) ((k + 0.5) * d.length() / frames);
                            RelevancyTargets.Relevancy r = relevancy.relevancy(supply.frame(d, f));
                            checked++;
                            for (int t = 0; t < names.size(); t++) {
                                if (!THINGS.contains(names.get(t))) {
                                    continue;
                                }
                                Direction truth = annotated(d, names.get(t), f);
                                Gaze best = r.best().get(t);
                                angles.get(t).add(Math.toDegrees(Fovea.angle(best, truth.yaw(), truth.pitch())));
                                long near = r.grid().stream().filter(g -> Fovea.angle(g, truth.yaw(), truth.pitch()) <= Math.toRadians(10)).count();
                                chance10[t] += near / (double) r.grid().size();
                            }
                        }
                    }
                    if (checked == 0) {
                        throw new InputException(dataset, "has no annotated episodes to check against");
                    }
                    o.printf(Locale.ROOT, "%-10s %7s %12s %12s %14s %18s%n", "thing", "frames", "within 10°", "within 25°", "median angle",
                            "chance within 10°");
                    for (int t = 0; t < names.size(); t++) {
                        List<Double> a = angles.get(t);
                        if (a.isEmpty()) {
                            o.printf("%-10s not measured (only exemplar directories named object or target are compared with the annotations)%n",
                                    names.get(t));
                            continue;
                        }
                        double[] s = a.stream().mapToDouble(Double::doubleValue).sorted().toArray();
                        long in10 = Arrays.stream(s).filter(x -> x <= 10).count();
                        long in25 = Arrays.stream(s).filter(x -> x <= 25).count();
                        o.printf(Locale.ROOT, "%-10s %7d %11.1f%% %11.1f%% %13.1f° %17.1f%%%n", names.get(t), s.length, 100.0 * in10 / s.length,
                                100.0 * in25 / s.length, s[s.length / 2], 100 * chance10[t] / s.length);
                    }
                    o.flush();
                }
            }
            return 0;
        }
    }

    static EpisodeRange.Bounds parseRange(String episodes) {
        if (episodes == null) {
            return null;
        }
        EpisodeRange.Bounds range = EpisodeRange.parse(episodes);
        if (range == null) {
            throw new Flags.BadFlag("--episodes must be FROM:TO with 0 <= FROM < TO, got '" + episodes + "'");
        }
        return range;
    }
}
