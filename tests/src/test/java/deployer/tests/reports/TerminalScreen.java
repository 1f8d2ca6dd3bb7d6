package deployer.tests.reports;

import deployer.tests.architecture.fixture.core.a.A;
import deployer.tests.architecture.fixture.core.b.B;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a terminal would show after a transcript of bytes written to it: a small emulator of the control sequences a
 * cursor-addressing display uses (cursor moves, erase in line and display, insert and delete characters and lines),
 * with colours and modes ignored. Enough to assert on the screen a person sees rather than on the bytes that drew it,
 * since a redraw writes only what changed.
 */
final class TerminalScreen {

    private static final Pattern CSI = Pattern.compile("\u001b\\[([0-9;?]*)([ -/]*)([@-~])");

    private final int columns;
    private final List<StringBuilder> lines = new ArrayList<>();
    private int row;
    private int col;

    private TerminalScreen(int columns) {
        this.columns = columns;
        lines.add(new StringBuilder());
    }

    /** The screen after {@code transcript}, on a terminal {@code columns} wide (rows unbounded: nothing scrolls off). */
    static TerminalScreen of(String transcript, int columns) {
        TerminalScreen s = new TerminalScreen(columns);
        s.feed(transcript);
        return s;
    }

    /** The screen's lines, trailing blanks cut, trailing empty lines dropped. */
    List<String> lines() {
        List<String> out = new ArrayList<>();
        for (StringBuilder l : lines) {
            out.add(l.toString().replaceAll("\\s+$", ""));
        }
        while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    String text() {
        return String.join("\n", lines());
    }

    private void feed(String t) {
        int i = 0;
        while (i < t.length()) {
            char c = t.charAt(i);
            if (c == '\u001b') {
                Matcher m = CSI.matcher(t).region(i, t.length());
                if (m.lookingAt()) {
                    csi(m.group(1), m.group(3).charAt(0));
                    i = m.end();
                } else {
                    // ESC ( B and other two-byte sequences: nothing to show.
                    i += Math.min(3, t.length() - i);
                }
                continue;
            }
            switch (c) {
                case '\r' -> col = 0;
                case '\n' -> down(1);
                case '\b' -> col = Math.max(0, col - 1);
                case '\u0007' -> {
                }
                default -> {
                    if (c >= 0x20) {
                        put(c);
                    }
                }
            }
            i++;
        }
    }

    private void put(char c) {
        if (col >= columns) {
            col = 0;
            down(1);
        }
        StringBuilder l = line();
        while (l.length() < col) {
            l.append(' ');
        }
        if (col < l.length()) {
            l.setCharAt(col, c);
        } else {
            l.append(c);
        }
        col++;
    }

    private void csi(String params, char cmd) {
        String[] p = params.replace("?", "").split(";");
        int n = p.length == 0 || p[0].isEmpty() ? 1 : Integer.parseInt(p[0]);
        int n0 = p.length == 0 || p[0].isEmpty() ? 0 : Integer.parseInt(p[0]);
        switch (cmd) {
            case 'A' -> row = Math.max(0, row - n);
            case 'B' -> down(n);
            case 'C' -> col = Math.min(columns - 1, col + n);
            case 'D' -> col = Math.max(0, col - n);
            case 'G' -> col = Math.max(0, n - 1);
            case 'H' -> {
                row = Math.max(0, n - 1);
                col = p.length > 1 && !p[1].isEmpty() ? Integer.parseInt(p[1]) - 1 : 0;
                down(0);
            }
            case 'K' -> {
                StringBuilder l = line();
                if (n0 == 0 && col < l.length()) {
                    l.setLength(col);
                } else if (n0 == 2) {
                    l.setLength(0);
                }
            }
            case 'J' -> {
                if (n0 == 0) {
                    StringBuilder l = line();
                    if (col < l.length()) {
                        l.setLength(col);
                    }
                    while (lines.size() > row + 1) {
                        lines.remove(lines.size() - 1);
                    }
                }
            }
            case 'P' -> {
                StringBuilder l = line();
                if (col < l.length()) {
                    l.delete(col, Math.min(l.length(), col + n));
                }
            }
            case '@' -> {
                StringBuilder l = line();
                if (col < l.length()) {
                    l.insert(col, " ".repeat(n));
                    if (l.length() > columns) {
                        l.setLength(columns);
                    }
                }
            }
            case 'L' -> {
                for (int k = 0; k < n; k++) {
                    lines.add(row, new StringBuilder());
                }
            }
            case 'M' -> {
                for (int k = 0; k < n && row < lines.size(); k++) {
                    lines.remove(row);
                }
                down(0);
            }
            default -> {
                // Colours, modes, queries: nothing on the screen.
            }
        }
    }

    private void down(int n) {
        row += n;
        while (lines.size() <= row) {
            lines.add(new StringBuilder());
        }
    }

    private StringBuilder line() {
        down(0);
        return lines.get(row);
    }
}
