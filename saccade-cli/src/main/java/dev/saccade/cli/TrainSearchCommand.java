package dev.saccade.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code saccade train-search}: the eye alone learns visual search in VisualSearchGym (the original's
 * AVP stage, with annotations in place of CLIP); its run can start {@code saccade train --eye-from}.
 */
@Command(name = "train-search", mixinStandardHelpOptions = true,
        description = "Pretrain the eye by PPO on visual search (reward clamp(1 - angle/50°, 0, 1) to the annotated target). "
                + "Start BC-RL from it with 'saccade train --eye-from RUN'.")
final class TrainSearchCommand implements Callable<Integer> {
    @Mixin
    TrainCommand.Options flags;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return TrainRun.run(flags.settings(TrainSettings.Mode.SEARCH, null), spec.commandLine().getOut());
    }
}
