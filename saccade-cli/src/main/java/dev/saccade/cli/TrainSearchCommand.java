package dev.saccade.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code saccade train-search}: the eye alone learns visual search in VisualSearchGym (the original's
 * AVP stage). With {@code --exemplars DIR} the target is the direction most like the exemplar images
 * in the run's own frozen encoder features (as the original's CLIP relevancy; no annotation read);
 * without it, the annotated object or place target (a labelled ablation). Its run can start
 * {@code saccade train --eye-from}.
 */
@Command(name = "train-search", mixinStandardHelpOptions = true,
        description = "Pretrain the eye by PPO on visual search (reward clamp(1 - angle/50°, 0, 1) to the search target). "
                + "With --exemplars DIR the target is found by relevancy to exemplar images in the run's encoder features "
                + "(annotation-free); without it, the annotated target (a labelled ablation). "
                + "Make exemplars with 'saccade exemplars crop'. Start BC-RL from the run with 'saccade train --eye-from RUN'.")
final class TrainSearchCommand implements Callable<Integer> {
    @Mixin
    TrainCommand.Options flags;

    @Option(names = "--exemplars", paramLabel = "DIR",
            description = "PNG/JPEG crops of the thing to find (or one subdirectory of them per thing; each search looks for one "
                    + "thing, drawn uniformly). A resumed run takes the directory it remembers.")
    Path exemplars;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return TrainRun.run(flags.settings(TrainSettings.Mode.SEARCH, null).withExemplars(exemplars), spec.commandLine().getOut());
    }
}
