package dev.saccade.cli;

import dev.saccade.core.InputException;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Entry point of the {@code saccade} command.
 *
 * <p>Exit codes: 0 success, 1 bad data or a failed job (one line naming the file and place),
 * 2 bad usage (a usage message). A user's mistake never prints a stack trace; set
 * {@code SACCADE_DEBUG=1} to see one anyway.
 */
public final class Main {
    /** Exit code for bad input data or a failed job. */
    public static final int EXIT_DATA = 1;
    /** Exit code for bad usage (unknown flag, missing argument). */
    public static final int EXIT_USAGE = 2;

    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (used by tests). */
    public static int run(String... args) {
        return newCommandLine().execute(args);
    }

    /** The configured picocli command line, with Saccade's error handling. */
    public static CommandLine newCommandLine() {
        CommandLine cli = new CommandLine(new SaccadeCommand());
        cli.setExecutionExceptionHandler(Main::handleFailure);
        cli.setParameterExceptionHandler(Main::handleUsage);
        HelpText.reflow(cli);
        return cli;
    }

    private static int handleFailure(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        Throwable cause = e;
        while (!(cause instanceof InputException) && !(cause instanceof Flags.BadFlag)
                && cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        if (cause instanceof Flags.BadFlag bad) {
            err.println(cmd.getCommandSpec().qualifiedName() + ": " + bad.getMessage());
            err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
            err.flush();
            return EXIT_USAGE;
        }
        if (cause instanceof InputException bad) {
            err.println("saccade: " + bad.userMessage());
        } else {
            err.println("saccade: " + cmd.getCommandName() + " failed: " + describe(e));
        }
        if (System.getenv("SACCADE_DEBUG") != null) {
            e.printStackTrace(err);
        }
        err.flush();
        return EXIT_DATA;
    }

    /** The one line that is wrong and where to read more; the whole usage is one {@code --help} away. */
    private static int handleUsage(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("saccade: " + e.getMessage().lines().findFirst().orElse("bad usage"));
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
        err.flush();
        return EXIT_USAGE;
    }

    /** The failure's own words, with the reason a file-system error leaves out of its message (which is only the path). */
    static String describe(Throwable e) {
        if (e instanceof java.nio.file.FileSystemException fs) {
            String reason = fs.getReason() != null ? fs.getReason()
                    : fs instanceof java.nio.file.NoSuchFileException ? "no such file or directory"
                    : fs instanceof java.nio.file.FileAlreadyExistsException ? "already exists"
                    : fs instanceof java.nio.file.AccessDeniedException ? "permission denied"
                    : fs instanceof java.nio.file.NotDirectoryException ? "not a directory"
                    : fs instanceof java.nio.file.DirectoryNotEmptyException ? "directory not empty"
                    : fs.getClass().getSimpleName();
            return (fs.getFile() == null ? "" : fs.getFile() + ": ") + reason
                    + (fs.getOtherFile() == null ? "" : " (" + fs.getOtherFile() + ")");
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
