package dev.saccade.cli;

import dev.saccade.view.ViewServer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code saccade view}: a local web app over datasets, rollouts, training runs and evaluations (docs/VIEWER.md). */
@Command(name = "view", mixinStandardHelpOptions = true,
        description = {"Browse datasets, rollouts, evaluations and training runs in a web browser (served locally, works offline).",
            "PATH may be a dataset, a rollout (saccade rollout --out), a training run (watched live as it writes),"
                + " an evaluation, a closed-loop run (saccade run --out: watched live while it runs, then its recording),"
                + " or a directory holding some of them (such as saccade demo's output).",
            "Give rollouts beside their dataset to see each gaze regime side by side: saccade view DATASET ROLLOUT..."})
final class ViewCommand implements Callable<Integer> {
    /** The port used unless another is asked for. */
    static final int DEFAULT_PORT = 8765;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Directories to show.")
    List<Path> paths;

    @Option(names = "--port", defaultValue = "" + DEFAULT_PORT, description = "Port to serve on; 0 picks a free one (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = ViewServer.LOOPBACK,
            description = "Address to bind (default ${DEFAULT-VALUE}, this machine only). Another address lets other machines "
                    + "read every file the viewer shows.")
    String host;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Flags.requireRange("--port", port, 0, 65_535);
        if (host.isBlank()) {
            throw new Flags.BadFlag("--host must name an address, got ''");
        }
        ViewServer server = ViewServer.start(paths, host, port, System.err); // from paths: it can look again when a run finishes
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "saccade-view-stop"));
        PrintWriter out = spec.commandLine().getOut();
        server.describe().forEach(out::println);
        if (!host.equals(ViewServer.LOOPBACK) && !host.equals("localhost")) {
            out.println("warning: serving on " + host + ": other machines can read what this viewer shows");
        }
        out.println("Saccade viewer at " + server.url() + " (Ctrl-C to stop)");
        out.flush();
        stopped.await();
        return 0;
    }
}
