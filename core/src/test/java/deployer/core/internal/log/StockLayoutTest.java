package deployer.core.internal.log;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.DefaultConfiguration;
import org.apache.logging.log4j.core.impl.ContextDataFactory;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.logging.log4j.message.ParameterizedMessage;
import org.apache.logging.log4j.message.SimpleMessage;
import org.apache.logging.log4j.util.StringMap;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-written layout prints what a PatternLayout of {@link LogSetup#PATTERN} prints, event for event. */
class StockLayoutTest {

    private final Configuration config = new DefaultConfiguration();

    private static LogEvent event(String logger, Level level, Map<String, String> mdc, long millis, Throwable thrown, String format, Object... args) {
        StringMap context = ContextDataFactory.createContextData();
        mdc.forEach(context::putValue);
        context.freeze();
        return Log4jLogEvent.newBuilder().setLoggerName(logger).setLevel(level).setContextData(context).setTimeMillis(millis)
                .setThrown(thrown).setMessage(args.length == 0 ? new SimpleMessage(format) : new ParameterizedMessage(format, args)).build();
    }

    private static List<LogEvent> events() {
        long t = Instant.parse("2026-11-27T18:55:10.007Z").toEpochMilli();
        List<LogEvent> events = new ArrayList<>();
        events.add(event("deployer.core.exec.Executor", Level.INFO, Map.of(), t, null, "Run {}: {} by {}", "20261127T185510Z-31f0", "deploy", "root@vm"));
        events.add(event("deployer.commands.RemoveFileCommand", Level.WARN, Map.of("host", "be001", "tag", "worker1"), t + 1, null, "longer than 15"));
        events.add(event("deployer.core.exec.Executor", Level.ERROR, Map.of("host", "", "tag", "tomcat"), t + 999, null, "empty host"));
        events.add(event("deployer.core.exec.Executor", Level.DEBUG, Map.of("tag", "x"), t + 50, null, "no host, {} and {}", null, 3));
        events.add(event("Plain", Level.TRACE, Map.of("host", "h"), 0, null, "epoch"));
        events.add(event("", Level.FATAL, Map.of(), Instant.parse("1999-12-31T23:59:59.999Z").toEpochMilli(), null, "root logger"));
        events.add(event("a.b.", Level.forName("NOTICE_LONG", 350), Map.of(), t, null, "a custom level longer than 8"));
        events.add(event("net.schmizz.sshj.transport.TransportImpl", Level.INFO, Map.of("host", "10.0.0.1"), t, null, "two\nlines {}", "%d{x}"));
        events.add(event("deployer.core.exec.Executor", Level.ERROR, Map.of("host", "be002"), t, new IllegalStateException("boom", new RuntimeException("cause")), "Task {} threw", "1.1"));
        return events;
    }

    @Test
    void printsWhatThePatternLayoutPrints() {
        PatternLayout pattern = PatternLayout.newBuilder().withPattern(LogSetup.PATTERN).withConfiguration(config).build();
        StockLayout stock = new StockLayout(config);
        for (LogEvent e : events()) {
            assertThat(stock.toSerializable(e)).as(e.toString()).isEqualTo(pattern.toSerializable(e));
        }
        assertThat(stock.toSerializable(events().get(1))).endsWith("[WARN    ] [RemoveFileCommand] [be001] [worker1] longer than 15" + System.lineSeparator());
        assertThat(stock.toSerializable(events().get(8))).contains("java.lang.IllegalStateException: boom").contains("Caused by");
    }

    @Test
    void timestampsFollowTheZoneAcrossDaylightSavingAndOddOffsets() {
        for (String zone : List.of("Europe/Berlin", "America/St_Johns", "Asia/Kathmandu", "Pacific/Chatham", "UTC")) {
            PatternLayout pattern = PatternLayout.newBuilder().withConfiguration(config)
                    .withPattern(LogSetup.PATTERN.replace("%d{yyyy-MM-dd HH:mm:ss,SSS}", "%d{yyyy-MM-dd HH:mm:ss,SSS}{" + zone + "}")).build();
            StockLayout stock = new StockLayout(config, TimeZone.getTimeZone(zone));
            // Both sides of Europe's spring and autumn changes, a leap day, and a year's last millisecond.
            for (String at : List.of("2026-03-29T00:59:59.999Z", "2026-03-29T01:00:00.000Z", "2026-10-25T00:30:00.123Z",
                    "2026-10-25T01:30:00.456Z", "2028-02-29T12:00:00.001Z", "2026-12-31T23:59:59.999Z")) {
                LogEvent e = event("deployer.X", Level.INFO, Map.of(), Instant.parse(at).toEpochMilli(), null, "at");
                assertThat(stock.toSerializable(e)).as(zone + " " + at).isEqualTo(pattern.toSerializable(e));
            }
        }
    }

    @Test
    void simpleNameIsTheLastElementAsLog4jAbbreviatesIt() {
        assertThat(StockLine.simpleName("deployer.core.exec.Executor")).isEqualTo("Executor");
        assertThat(StockLine.simpleName("Executor")).isEqualTo("Executor");
        assertThat(StockLine.simpleName("")).isEmpty();
        assertThat(StockLine.simpleName("a.b.")).isEqualTo("b.");
    }
}
