package deployer.core.internal.log;

import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.layout.AbstractStringLayout;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.logging.log4j.util.ReadOnlyStringMap;

import java.nio.charset.StandardCharsets;
import java.util.TimeZone;

/**
 * {@link LogSetup#PATTERN} written out by hand ({@link StockLine}): the same text as a {@link PatternLayout} of that pattern, without
 * building one (its pattern parser and converter plugins cost ~10% of a short run's start; BENCHMARKS.md, "CLI
 * start-up"). An event with an exception is handed to a real PatternLayout, made on first use, so that stack traces
 * print exactly as Log4j prints them. StockLayoutTest compares both on a range of events.
 */
final class StockLayout extends AbstractStringLayout {

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
        ReadOnlyStringMap context = event.getContextData();
        StockLine.append(b, zone, event.getTimeMillis(), event.getLevel().name(), event.getLoggerName(),
                value(context, "host"), value(context, "tag"),
                event.getMessage() == null ? null : event.getMessage().getFormattedMessage());
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

    /** {@code %X{key}}: the MDC value as text, or null. */
    private static String value(ReadOnlyStringMap context, String key) {
        Object value = context == null ? null : context.getValue(key);
        return value == null ? null : value.toString();
    }
}
