package dev.saccade.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The benchmark harness: one subcommand per measured stage (render first; decode, gym, train may follow). */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure the speed of a stage of Saccade. Results belong in BENCHMARKS.md.",
        subcommands = {
            BenchRenderCommand.class,
            BenchGymCommand.class,
            BenchDecodeCommand.class,
            BenchTrainCommand.class,
            BenchRuntimeCommand.class,
            BenchViewCommand.class,
        })
final class BenchCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing benchmark: say which, e.g. 'saccade bench render'");
    }
}
