package dev.saccade.eval.report;

import dev.saccade.core.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A self-contained HTML report: text, tables and PNG images embedded as data URIs, no scripts, no
 * external links, so it opens offline and can be mailed as one file.
 */
public final class HtmlReport {
    private final String title;
    private final List<String> body = new ArrayList<>();

    public HtmlReport(String title) {
        this.title = title;
    }

    public HtmlReport heading(String text) {
        body.add("<h2>" + escape(text) + "</h2>");
        return this;
    }

    /** A heading one level below {@link #heading}. */
    public HtmlReport subheading(String text) {
        body.add("<h3>" + escape(text) + "</h3>");
        return this;
    }

    public HtmlReport paragraph(String text) {
        body.add("<p>" + escape(text) + "</p>");
        return this;
    }

    /** A preformatted block (e.g. the command that produced the report). */
    public HtmlReport code(String text) {
        body.add("<pre>" + escape(text) + "</pre>");
        return this;
    }

    /** A table with a header row; cells are text. */
    public HtmlReport table(List<String> header, List<List<String>> rows) {
        StringBuilder sb = new StringBuilder("<table><tr>");
        header.forEach(h -> sb.append("<th>").append(escape(h)).append("</th>"));
        sb.append("</tr>");
        for (List<String> row : rows) {
            sb.append("<tr>");
            row.forEach(c -> sb.append("<td>").append(escape(c)).append("</td>"));
            sb.append("</tr>");
        }
        body.add(sb.append("</table>").toString());
        return this;
    }

    /** A two-column table of labelled facts, without a header. */
    public HtmlReport facts(java.util.Map<String, String> facts) {
        StringBuilder sb = new StringBuilder("<table class=\"facts\">");
        facts.forEach((k, v) -> sb.append("<tr><th>").append(escape(k)).append("</th><td>").append(escape(v)).append("</td></tr>"));
        body.add(sb.append("</table>").toString());
        return this;
    }

    /** An image embedded as PNG, with a caption. */
    public HtmlReport image(BufferedImage image, String caption) {
        String data = Base64.getEncoder().encodeToString(png(image));
        body.add("<figure><img alt=\"" + escape(caption) + "\" src=\"data:image/png;base64," + data
                + "\"><figcaption>" + escape(caption) + "</figcaption></figure>");
        return this;
    }

    /** The whole document. */
    public String html() {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title)
                + "</title><style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}"
                + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #bbb;padding:3px 8px;text-align:right}"
                + "th{background:#eee}td:first-child,th:first-child{text-align:left}img{max-width:100%}"
                + "table.facts td{text-align:left}table.facts th{text-align:left;font-weight:normal}"
                + "figure{margin:1em 0}figcaption{color:#555;font-size:90%}pre{background:#f6f6f6;padding:.5em}</style>"
                + "</head><body><h1>" + escape(title) + "</h1>\n" + String.join("\n", body) + "\n</body></html>\n";
    }

    /** Writes the document atomically. */
    public void write(Path file) throws IOException {
        AtomicFiles.writeString(file, html());
    }

    /**
     * Adds {@code section}'s body to the end of the report already written at {@code file} (one of
     * these documents), atomically: a later stage's section (the closed loop) joins the report.
     */
    public static void appendTo(Path file, HtmlReport section) throws IOException {
        String html = java.nio.file.Files.readString(file);
        int end = html.lastIndexOf("</body>");
        if (end < 0) {
            throw new dev.saccade.core.InputException(file, "not a report written by saccade (no </body>)");
        }
        AtomicFiles.writeString(file, html.substring(0, end) + String.join("\n", section.body) + "\n" + html.substring(end));
    }

    static byte[] png(BufferedImage image) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ImageIO.write(image, "png", bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
