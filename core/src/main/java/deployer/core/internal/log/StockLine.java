package deployer.core.internal.log;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.LocalDate;
import java.util.TimeZone;

/**
 * One line of {@link LogSetup#PATTERN} without its stack trace, written out by hand: for {@link StockLayout} (Log4j)
 * and {@link StockLoggers} (the stock configuration's own back end), so that both print the same text.
 */
final class StockLine {

    static final String EOL = System.lineSeparator();

    private StockLine() {
    }

    /** {@code %d{…} [%-8level] [%-15c{1}] [host or *] [tag or *] message} and the line separator. */
    static void append(StringBuilder b, TimeZone zone, long millis, String level, String loggerName, String host, String tag,
                       String message) {
        timestamp(b, zone, millis);
        b.append(" [");
        padded(b, level, 8);
        b.append("] [");
        padded(b, simpleName(loggerName), 15);
        b.append("] [");
        b.append(host == null || host.isEmpty() ? "*" : host);
        b.append("] [");
        b.append(tag == null || tag.isEmpty() ? "*" : tag);
        b.append("] ");
        b.append(message);
        b.append(EOL);
    }

    /** {@code %d{yyyy-MM-dd HH:mm:ss,SSS}} in {@code zone}. */
    private static void timestamp(StringBuilder b, TimeZone zone, long millis) {
        long local = millis + zone.getOffset(millis);
        long days = Math.floorDiv(local, 86_400_000L);
        int ofDay = (int) Math.floorMod(local, 86_400_000L);
        // Civil date from days since 1970-01-01 (proleptic Gregorian, as java.time).
        LocalDate date = LocalDate.ofEpochDay(days);
        digits(b, date.getYear(), 4);
        b.append('-');
        digits(b, date.getMonthValue(), 2);
        b.append('-');
        digits(b, date.getDayOfMonth(), 2);
        b.append(' ');
        digits(b, ofDay / 3_600_000, 2);
        b.append(':');
        digits(b, ofDay / 60_000 % 60, 2);
        b.append(':');
        digits(b, ofDay / 1000 % 60, 2);
        b.append(',');
        digits(b, ofDay % 1000, 3);
    }

    private static void digits(StringBuilder b, int value, int width) {
        String s = Integer.toString(value);
        for (int i = s.length(); i < width; i++) {
            b.append('0');
        }
        b.append(s);
    }

    /** {@code %-N…}: left-aligned, padded with spaces to at least {@code width}, never cut. */
    private static void padded(StringBuilder b, String text, int width) {
        b.append(text);
        for (int i = text.length(); i < width; i++) {
            b.append(' ');
        }
    }

    /** {@code %c{1}}: the last element of the logger's name (Log4j's MaxElementAbbreviator with a count of 1). */
    static String simpleName(String name) {
        if (name == null) {
            return "";
        }
        int dot = name.lastIndexOf('.', name.length() - 2);
        return dot < 0 ? name : name.substring(dot + 1);
    }

    /** A throwable as Java prints it: what follows a stock line, and the text a masked value may hide in. */
    static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }
}
