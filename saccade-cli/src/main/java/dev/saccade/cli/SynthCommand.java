package dev.saccade.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code saccade synth}: the synthetic 360° demonstration engine (look at it, measure it). */
@Command(name = "synth", mixinStandardHelpOptions = true,
        description = "The synthetic 360° demonstration engine: preview an episode, benchmark the renderer.",
        subcommands = {SynthPreviewCommand.class, SynthBenchCommand.class})
final class SynthCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing subcommand: preview or bench");
    }
}
