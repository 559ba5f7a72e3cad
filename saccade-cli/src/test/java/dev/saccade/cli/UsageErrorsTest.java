package dev.saccade.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 16, item 6: a usage error is the one wrong line and a pointer to --help; a failure always gives a reason. */
class UsageErrorsTest {
    private static void assertTwoLines(String help, String first, String... args) {
        CliRun r = CliRun.of(args);
        assertEquals(Main.EXIT_USAGE, r.exitCode(), r.err());
        assertEquals(List.of(first, "Try '" + help + " --help' for usage."), r.err().strip().lines().toList());
        assertEquals("", r.out());
    }

    @Test
    void usageErrorsPrintTheWrongLineAndAPointerToHelp() {
        assertTwoLines("saccade generate", "saccade: Unknown option: '--colour'",
                "generate", "--task", "all", "--episodes", "1", "--out", "x", "--colour");
        assertTwoLines("saccade generate", "saccade: Missing required options: '--episodes=N', '--out=DIR'",
                "generate", "--task", "all");
        assertTwoLines("saccade dataset frame", "saccade: Invalid value for option '--episode': 'one' is not an int",
                "dataset", "frame", "d", "--episode", "one", "--frame", "0", "--out", "f.png");
        assertTwoLines("saccade", "saccade: Unmatched argument at index 0: 'bogus'", "bogus");
        assertTwoLines("saccade dataset", "saccade: missing subcommand: info, check, frame or export-capture", "dataset");
    }

    @Test
    void badFlagValuesNameTheFullCommandInTheirPointer() {
        assertTwoLines("saccade dataset frame", "saccade dataset frame: --out must end in .png, .jpg or .jpeg, got 'f.gif'",
                "dataset", "frame", "d", "--episode", "0", "--frame", "0", "--out", "f.gif");
    }

    @Test
    void fileSystemErrorsGiveTheirReason() {
        assertEquals("/proc/.x.saccade-lock: permission denied", Main.describe(new AccessDeniedException("/proc/.x.saccade-lock")));
        assertEquals("/a/b: no such file or directory", Main.describe(new NoSuchFileException("/a/b")));
        assertEquals("/a/b: Read-only file system", Main.describe(new FileSystemException("/a/b", null, "Read-only file system")));
    }
}
