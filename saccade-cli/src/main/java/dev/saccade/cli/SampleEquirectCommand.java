package dev.saccade.cli;

import dev.saccade.sphere.Images;
import dev.saccade.sphere.TestPattern;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Writes the generated sample panorama: a graticule with coloured markers at known directions. */
@Command(name = "sample-equirect", mixinStandardHelpOptions = true,
        description = "Write a generated 360° test panorama (graticule every 15°, markers at known directions).")
final class SampleEquirectCommand implements Callable<Integer> {
    @Option(names = "--height", defaultValue = "512", description = "Height in pixels; width is twice that (default ${DEFAULT-VALUE}).")
    int height;

    @Option(names = "--out", required = true, description = "Output PNG or JPEG file.")
    Path out;

    @Override
    public Integer call() throws Exception {
        Flags.requireRange("--height", height, 2, 16384);
        Images.write(TestPattern.sample(height).toImage(), out);
        System.out.println(out);
        return 0;
    }
}
