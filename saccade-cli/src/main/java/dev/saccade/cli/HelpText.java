package dev.saccade.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Help text laid out as paragraphs. Descriptions are written in the sources as arrays of
 * source-length lines, and picocli prints each element as a line of its own, wrapped at its
 * width, which left ragged fragments ("train the eye and hand (BC-RL)," on a line alone). Here
 * the lines of one sentence become one element, so picocli fills the whole width: an element
 * ends its paragraph when it ends a sentence (. : ! ?) or is empty.
 */
final class HelpText {
    private HelpText() {}

    /** Rewrites the descriptions of {@code cli}'s command, options and parameters, and of every subcommand. */
    static void reflow(CommandLine cli) {
        CommandSpec spec = cli.getCommandSpec();
        spec.usageMessage().description(paragraphs(spec.usageMessage().description()));
        for (OptionSpec o : new ArrayList<>(spec.options())) {
            String[] joined = paragraphs(o.description());
            if (!Arrays.equals(joined, o.description())) {
                spec.remove(o);
                spec.addOption(o.toBuilder().description(joined).build());
            }
        }
        for (PositionalParamSpec p : new ArrayList<>(spec.positionalParameters())) {
            String[] joined = paragraphs(p.description());
            if (!Arrays.equals(joined, p.description())) {
                spec.remove(p);
                spec.addPositional(p.toBuilder().description(joined).build());
            }
        }
        cli.getSubcommands().values().forEach(HelpText::reflow);
    }

    /** {@code lines} with each run of lines up to a sentence's end joined by spaces. */
    static String[] paragraphs(String[] lines) {
        List<String> out = new ArrayList<>();
        StringBuilder paragraph = new StringBuilder();
        for (String line : lines) {
            String t = line.strip();
            if (t.isEmpty()) {
                flush(paragraph, out);
                out.add("");
                continue;
            }
            if (paragraph.length() > 0) {
                paragraph.append(' ');
            }
            paragraph.append(t);
            if (endsSentence(t)) {
                flush(paragraph, out);
            }
        }
        flush(paragraph, out);
        return out.toArray(String[]::new);
    }

    private static boolean endsSentence(String line) {
        char last = line.charAt(line.length() - 1);
        return last == '.' || last == ':' || last == '!' || last == '?';
    }

    private static void flush(StringBuilder paragraph, List<String> out) {
        if (paragraph.length() > 0) {
            out.add(paragraph.toString());
            paragraph.setLength(0);
        }
    }
}
