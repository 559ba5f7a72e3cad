package dev.saccade.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command's help renders without picocli complaining (a stray '%' in a description breaks its
 * formatting), and as filled paragraphs rather than source lines wrapped one by one.
 */
class HelpTextTest {
    @Test
    void linesOfOneSentenceBecomeOneParagraph() {
        assertArrayEquals(new String[] {"Train the eye, then the hand.", "Examples:", "", "saccade demo"},
                HelpText.paragraphs(new String[] {"Train the eye,", "  then the hand.", "Examples:", "", "saccade demo"}));
    }

    /**
     * Before the reflow, {@code demo --help} printed "the eye and hand (BC-RL)," alone on a line:
     * picocli wrapped each source line by itself. No line of any help may end short, mid-sentence,
     * with the sentence going on below it at the same indentation.
     */
    @Test
    void noHelpBreaksASentenceOnAShortLine() {
        List<CommandLine> all = new ArrayList<>();
        collect(Main.newCommandLine(), all);
        List<String> fragments = new ArrayList<>();
        for (CommandLine c : all) {
            String[] lines = c.getUsageMessage(CommandLine.Help.Ansi.OFF).split("\\R");
            for (int i = 0; i + 1 < lines.length; i++) {
                String a = lines[i], b = lines[i + 1];
                int indentA = a.length() - a.stripLeading().length(), indentB = b.length() - b.stripLeading().length();
                boolean continues = !b.isBlank() && Character.isLowerCase(b.strip().charAt(0)) && (indentA == indentB || indentA < 6 && indentB < 6);
                if (continues && a.length() < 55 && !a.isBlank() && ".:!?".indexOf(a.charAt(a.length() - 1)) < 0 && !a.strip().startsWith("-")
                        && !a.startsWith("Usage:")) {
                    fragments.add(c.getCommandSpec().qualifiedName() + ": '" + a.strip() + "' / '" + b.strip() + "'");
                }
            }
        }
        assertTrue(fragments.isEmpty(), String.join("\n", fragments));
        String demo = String.join(" ", Main.newCommandLine().getSubcommands().get("demo").getUsageMessage(CommandLine.Help.Ansi.OFF)
                .split("\\s+"));
        assertTrue(demo.contains("train the eye and hand (BC-RL), train a hand under random gaze"), demo);
    }

    @Test
    void everyCommandsHelpRendersCleanly() {
        List<CommandLine> all = new ArrayList<>();
        collect(Main.newCommandLine(), all);
        assertTrue(all.size() > 10, "found " + all.size() + " commands");
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            for (CommandLine c : all) {
                String usage = c.getUsageMessage(CommandLine.Help.Ansi.OFF);
                assertFalse(usage.isBlank(), c.getCommandName());
            }
        } finally {
            System.setErr(err);
        }
        String warnings = captured.toString(StandardCharsets.UTF_8);
        assertFalse(warnings.contains("picocli WARN"), warnings);
    }

    private static void collect(CommandLine c, List<CommandLine> out) {
        out.add(c);
        for (CommandLine sub : c.getSubcommands().values()) {
            collect(sub, out);
        }
    }
}
