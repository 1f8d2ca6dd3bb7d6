package deployer.core.internal.log;

import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.layout.AbstractStringLayout;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.logging.log4j.util.ReadOnlyStringMap;

import java.nio.charset.StandardCharsets;
import java.util.TimeZone;

/**
 * {@link LogSetup#PATTERN} written out by hand: the same text as a {@link PatternLayout} of that pattern, without
 * building one (its pattern parser and converter plugins cost ~10% of a short run's start; BENCHMARKS.md, "CLI
 * start-up"). An event with an exception is handed to a real PatternLayout, made on first use, so that stack traces
 * print exactly as Log4j prints them. StockLayoutTest compares both on a range of events.
 */
final class StockLayout extends AbstractStringLayout {

    private static final String EOL = System.lineSeparator();

    private final Configuration config;
    private final TimeZone zone;
    private volatile PatternLayout withExceptions;

    StockLayout(Configuration config) {
        this(config, TimeZone.getDefault());
    }

    /** @param zone the time zone of the timestamps: the JVM's default, as PatternLayout's {@code %d} */
    StockLayout(Configuration config, TimeZone zone) {
        super(config, StandardCharsets.UTF_8, null, null);
        this.config = config;
        this.zone = zone;
    }

    @Override
    public String toSerializable(LogEvent event) {
        if (event.getThrown() != null) {
            return patternLayout().toSerializable(event);
        }
        StringBuilder b = getStringBuilder();
        timestamp(b, event.getTimeMillis());
        b.append(" [");
        padded(b, event.getLevel().name(), 8);
        b.append("] [");
        padded(b, simpleName(event.getLoggerName()), 15);
        b.append("] [");
        mdc(b, event.getContextData(), "host");
        b.append("] [");
        mdc(b, event.getContextData(), "tag");
        b.append("] ");
        b.append(event.getMessage() == null ? null : event.getMessage().getFormattedMessage());
        b.append(EOL);
        return b.toString();
    }

    private PatternLayout patternLayout() {
        PatternLayout layout = withExceptions;
        if (layout == null) {
            layout = PatternLayout.newBuilder().withPattern(LogSetup.PATTERN).withConfiguration(config).build();
            withExceptions = layout;
        }
        return layout;
    }

    /** {@code %d{yyyy-MM-dd HH:mm:ss,SSS}} in {@link #zone}. */
    private void timestamp(StringBuilder b, long millis) {
        long local = millis + zone.getOffset(millis);
        long days = Math.floorDiv(local, 86_400_000L);
        int ofDay = (int) Math.floorMod(local, 86_400_000L);
        // Civil date from days since 1970-01-01 (proleptic Gregorian, as java.time).
        java.time.LocalDate date = java.time.LocalDate.ofEpochDay(days);
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

    /** {@code %equals{%X{key}}{}{*}}: the MDC value, or {@code *} where there is none or it is empty. */
    private static void mdc(StringBuilder b, ReadOnlyStringMap context, String key) {
        Object value = context == null ? null : context.getValue(key);
        String text = value == null ? "" : value.toString();
        b.append(text.isEmpty() ? "*" : text);
    }
}
