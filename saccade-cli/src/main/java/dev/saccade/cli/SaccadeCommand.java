package dev.saccade.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The top-level {@code saccade} command; it only lists and dispatches its subcommands. */
@Command(
        name = "saccade",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Teach robots where to look in order to act: foveated 360° rendering, EyeGym, BC-RL.",
        subcommands = {
            SampleEquirectCommand.class,
            RenderCommand.class,
            BenchCommand.class,
            DatasetCommand.class,
            ImportCommand.class,
            RolloutCommand.class,
            TrainCommand.class,
            TrainSearchCommand.class,
            ExemplarsCommand.class,
            EvalCommand.class,
            ClaimsCommand.class,
            DemoCommand.class,
            SynthCommand.class,
            GenerateCommand.class,
            SimRobotCommand.class,
            RunCommand.class,
            ViewCommand.class,
        })
public final class SaccadeCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command");
    }
}
