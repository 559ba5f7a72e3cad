package dev.saccade.robot.ur;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The URScript servo program the controller runs while Saccade's driver streams joint targets
 * (resource {@code saccade_servo.script}): servoj with a lookahead time and a gain, and its own
 * watchdog that stops the arm when the command word in {@code input_int_register_0} goes stale.
 *
 * @param lookahead servoj's lookahead_time in seconds (UR allows 0.03–0.2; EyeRobot uses 0.2)
 * @param gain servoj's proportional gain (UR allows 100–2000; EyeRobot uses 100)
 * @param staleSeconds how long an unchanged command word is followed before the program stops the arm
 * @param deceleration stopj's deceleration in rad/s²
 */
public record ServoScript(double lookahead, double gain, double staleSeconds, double deceleration) {
    /** The program's name in its {@code def} line. */
    public static final String PROGRAM = "saccade_servo";

    /** Register protocol: the command word that halts the arm. */
    public static final int HALT = 0;
    /** Values of output_int_register_1. */
    public static final int STATUS_HALTED = 0, STATUS_SERVOING = 1, STATUS_STALE = 2;

    /** Defaults: lookahead 0.1 s, gain 300 (inside diffusion_policy's ranges), stale after 0.25 s, stop at 20 rad/s². */
    public static final ServoScript DEFAULT = new ServoScript(0.1, 300, 0.25, 20);

    public ServoScript {
        if (!(lookahead >= 0.03 && lookahead <= 0.2)) {
            throw new IllegalArgumentException("servoj lookahead must be in [0.03, 0.2] s, got " + lookahead);
        }
        if (!(gain >= 100 && gain <= 2000)) {
            throw new IllegalArgumentException("servoj gain must be in [100, 2000], got " + gain);
        }
        if (!(staleSeconds > 0 && staleSeconds <= 1)) {
            throw new IllegalArgumentException("stale time must be in (0, 1] s, got " + staleSeconds);
        }
        if (!(deceleration > 0 && deceleration <= 40)) {
            throw new IllegalArgumentException("stop deceleration must be in (0, 40] rad/s², got " + deceleration);
        }
    }

    /** The program text with these settings filled in, ready for the primary/secondary interface. */
    public String render() {
        return template()
                .replace("${lookahead}", number(lookahead))
                .replace("${gain}", number(gain))
                .replace("${stale}", number(staleSeconds))
                .replace("${deceleration}", number(deceleration));
    }

    /**
     * Reads the settings back from a program text, if it is this program ({@code def saccade_servo():}
     * with all four constants); the simulated controller runs what it is sent this way.
     */
    public static Optional<ServoScript> parse(String script) {
        String trimmed = script.strip();
        if (!trimmed.startsWith("def " + PROGRAM + "():") || !trimmed.endsWith("end")) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ServoScript(constant(script, "LOOKAHEAD"), constant(script, "GAIN"),
                    constant(script, "STALE_SECONDS"), constant(script, "STOP_DECELERATION")));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static double constant(String script, String name) {
        Matcher m = Pattern.compile("(?m)^\\s*" + name + "\\s*=\\s*([-+0-9.eE]+)\\s*$").matcher(script);
        if (!m.find()) {
            throw new IllegalArgumentException("no " + name);
        }
        return Double.parseDouble(m.group(1));
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.6g", v).replaceAll("0+$", "").replaceAll("\\.$", ".0");
    }

    private static String template() {
        try (InputStream in = ServoScript.class.getResourceAsStream("saccade_servo.script")) {
            if (in == null) {
                throw new IllegalStateException("resource saccade_servo.script is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
