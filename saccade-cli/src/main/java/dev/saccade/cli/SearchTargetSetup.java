package dev.saccade.cli;

import ai.djl.ndarray.NDManager;
import dev.saccade.core.AtomicFiles;
import dev.saccade.core.InputException;
import dev.saccade.gym.eye.GazeLimits;
import dev.saccade.gym.search.Exemplars;
import dev.saccade.gym.search.RelevancyTargets;
import dev.saccade.learn.encoder.EncoderCropFeatures;
import dev.saccade.learn.encoder.TokenEncoder;
import dev.saccade.sphere.render.PyramidSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The search targets of a {@code train-search --exemplars DIR} run: the exemplar images (read and
 * checked before any frame is loaded), remembered in the run directory so that {@code --resume}
 * searches for the same things, and the relevancy targets over the run's own frozen encoder.
 */
final class SearchTargetSetup {
    /** Where a run keeps the absolute path of its exemplar directory. */
    static final String REMEMBERED = "exemplars.txt";

    /** How a crop's tokens become its feature (measured in docs/EVALUATION.md, "Visual search without annotations"). */
    static final EncoderCropFeatures.Pooling POOLING = EncoderCropFeatures.Pooling.CENTRE;

    private SearchTargetSetup() {}

    /**
     * The exemplar directory of the run: the flag's, else (resuming) the one the run remembers, else
     * null (no exemplars: an annotated search target). Exemplars belong to train-search only.
     */
    static Path directory(TrainSettings o) throws IOException {
        if (o.exemplars() != null && o.mode() != TrainSettings.Mode.SEARCH) {
            throw new Flags.BadFlag("--exemplars gives the target of train-search; BC-RL has none");
        }
        if (o.exemplars() != null || !o.resume()) {
            return o.exemplars();
        }
        Path remembered = o.out().resolve(REMEMBERED);
        return Files.isRegularFile(remembered) ? Path.of(Files.readString(remembered, StandardCharsets.UTF_8).strip()) : null;
    }

    /** The things to find, read from {@code dir} at the policy's level size; a missing dir, no images or a bad image exits 1 naming it. */
    static List<Exemplars> load(Path dir, int imageSize) {
        return dir == null ? null : Exemplars.load(dir, imageSize);
    }

    /** Writes where the exemplars are into the run (atomically), for --resume. */
    static void remember(Path run, Path dir) throws IOException {
        if (dir != null) {
            String path = dir.toAbsolutePath().normalize().toString();
            AtomicFiles.write(run.resolve(REMEMBERED), out -> out.write((path + "\n").getBytes(StandardCharsets.UTF_8)));
        }
    }

    /**
     * Relevancy targets for {@code things}, scored with a copy of the run's frozen {@code encoder} on
     * crops through the pyramid's fovea; the returned features own that copy (close them after the gyms).
     */
    static Targets targets(List<Exemplars> things, TokenEncoder encoder, PyramidSpec pyramid, GazeLimits limits, NDManager root)
            throws IOException {
        EncoderCropFeatures features = new EncoderCropFeatures(TrainSetup.copy(encoder, encoder.imageSize(), root), POOLING, root);
        try {
            return new Targets(new RelevancyTargets(things, features, pyramid.levels().get(0), limits, RelevancyTargets.Settings.DEFAULT),
                    features);
        } catch (IllegalArgumentException e) {
            features.close();
            throw new InputException("exemplar relevancy: " + e.getMessage());
        }
    }

    /** Relevancy targets and the features they are scored with (closing releases the encoder copy). */
    record Targets(RelevancyTargets relevancy, EncoderCropFeatures features) implements AutoCloseable {
        @Override
        public void close() {
            features.close();
        }
    }
}
