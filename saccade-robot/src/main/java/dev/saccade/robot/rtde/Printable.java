package dev.saccade.robot.rtde;

/** Makes text from the wire safe to put in one line of a message: short, printable ASCII only. */
final class Printable {
    private static final int MAX = 60;

    private Printable() {}

    static String of(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < MAX; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        if (s.length() > MAX) {
            b.append('…');
        }
        return b.toString();
    }
}
