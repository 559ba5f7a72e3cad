package dev.saccade.eval.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.core.InputException;
import dev.saccade.eval.results.MetricRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClosedLoopSectionTest {
    static final List<MetricRow> ROWS = List.of(
            new MetricRow("learned", "co-trained", "success_rate/towel-bucket", "share of episodes", 0.1, 0.0346, 0.2562, 30),
            new MetricRow("learned", "co-trained", "time_to_success_s/towel-bucket", "s", 9.5, 7.1, 11.9, 3),
            new MetricRow("oracle", "scripted expert", "success_rate/towel-bucket", "share of episodes", 1.0, 0.886, 1.0, 30),
            new MetricRow("learned", "co-trained", "hand_error_cm", "cm", 7.2, 5.6, 8.8, 24));

    @Test
    void theSectionJoinsAWrittenReportWithEveryRegimesRateAndTime(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("report.html");
        new HtmlReport("evaluation").heading("Does looking help? (H1)").write(file);
        assertTrue(ClosedLoopSection.has(ROWS));
        assertFalse(ClosedLoopSection.has(ROWS.subList(3, 4)), "an open-loop row alone is not a closed-loop result");
        ClosedLoopSection.insertInto(file, "closed loop", ROWS, "saccade run --robot sim:towel-bucket", List.of());
        String html = Files.readString(file);
        assertTrue(html.contains("Does looking help? (H1)"), "the report's own sections stay");
        assertTrue(html.indexOf("Closed loop: does it do the task?") > html.indexOf("Does looking help?"), "the section comes after them");
        assertTrue(html.contains("<td>3 / 30</td><td>10 % [3, 26]</td><td>9.5 s [7.1, 11.9]</td>"), html);
        assertTrue(html.contains("<td>30 / 30</td><td>100 % [89, 100]</td>"), html);
        assertFalse(html.contains("hand_error_cm"), "open-loop rows are not part of it");
        assertTrue(html.trim().endsWith("</html>"));
    }

    @Test
    void aFileThatIsNoReportIsNamedAndLeftAlone(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("notes.html");
        Files.writeString(file, "<p>hello");
        InputException e = assertThrows(InputException.class, () -> ClosedLoopSection.insertInto(file, "x", ROWS, null, List.of()));
        assertTrue(e.userMessage().contains("notes.html"), e.userMessage());
        assertTrue(Files.readString(file).equals("<p>hello"));
    }
}
