package deployer.core.model;

/**
 * How a value read from an input is echoed in a message: a terminal must not act on it (an ESC sequence, a BEL, a
 * right-to-left override, a newline that forges a log line of its own) and a megabyte value must not be printed
 * whole. One place, used wherever problems are formatted ({@link Problem#toString()}) and values are quoted.
 */
public final class Printable {

    /** Characters of a value echoed before it is cut (its length is given instead of the rest). */
    public static final int MAX_ECHOED = 80;
    /** Characters of a whole message; past them, a message is cut the same way. */
    public static final int MAX_MESSAGE = 2_000;

    private Printable() {
    }

    /** The value in single quotes, escaped and cut: {@code 'be\u001B[31m01'}, {@code 'aaaa…' (1048576 characters)}. */
    public static String quote(String value) {
        if (value.length() <= MAX_ECHOED) {
            return "'" + escape(value) + "'";
        }
        return "'" + escape(value.substring(0, MAX_ECHOED)) + "…' (" + value.length() + " characters)";
    }

    /** The value escaped, and cut at {@link #MAX_ECHOED} characters followed by its length. */
    public static String cut(String value) {
        return cut(value, MAX_ECHOED);
    }

    /** The text escaped, and cut at {@code max} characters followed by its length. */
    public static String cut(String text, int max) {
        if (text.length() <= max) {
            return escape(text);
        }
        return escape(text.substring(0, max)) + "… (" + text.length() + " characters)";
    }

    /** Whether the text holds a character {@link #escape} would escape. */
    public static boolean isPrintable(String text) {
        return text.codePoints().noneMatch(Printable::isControl);
    }

    /**
     * The text with each control character (C0, DEL, C1), line or paragraph separator and invisible format
     * character (bidirectional overrides, zero-width spaces) written as an escape: {@code \n}, {@code \t},
     * {@code \u001B}, {@code \u202E}.
     */
    public static String escape(String text) {
        if (isPrintable(text)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        text.codePoints().forEach(c -> {
            if (!isControl(c)) {
                out.appendCodePoint(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else {
                out.append(String.format("\\u%04X", c));
            }
        });
        return out.toString();
    }

    private static boolean isControl(int c) {
        if (Character.isISOControl(c)) {
            return true;
        }
        int type = Character.getType(c);
        // A lone surrogate (a broken UTF-16 pair) prints as garbage, or not at all.
        return type == Character.FORMAT || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.SURROGATE;
    }
}
