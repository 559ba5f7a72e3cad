package dev.saccade.data;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import dev.saccade.core.InputException;
import java.nio.file.Path;

/**
 * Messages for JSON files that do not parse: they name the line and column where parsing stopped,
 * so a user can find a stray comma in a hand-edited file.
 */
public final class JsonErrors {
    private JsonErrors() {}

    /** {@code "line L, column C: "}, or the empty string when the parser knows no place. */
    public static String place(JacksonException e) {
        JsonLocation at = e.getLocation();
        if (at == null || at.getLineNr() < 1) {
            return "";
        }
        return "line " + at.getLineNr() + (at.getColumnNr() > 0 ? ", column " + at.getColumnNr() : "") + ": ";
    }

    /** The one error for {@code file} failing to parse: its place and the parser's reason. */
    public static InputException invalid(Path file, JacksonException e) {
        return new InputException(file, place(e) + "not valid JSON: " + e.getOriginalMessage(), e);
    }
}
