package deployer.core.internal.log;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.appender.ConsoleAppender;
import org.apache.logging.log4j.core.config.AbstractConfiguration;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.LoggerConfig;

import java.util.Map;

/**
 * conf/log4j2.xml as shipped, built in code: the same console appender, pattern ({@link StockLayout}) and logger
 * levels, without parsing XML or building plugins by reflection, which took about half of a short run's start (BENCHMARKS.md, "CLI
 * start-up"). {@link LogSetup#start} uses it only while conf/log4j2.xml is the stock file; an edited file is read by
 * Log4j as before. StockLogConfigurationTest checks that both say the same.
 */
final class StockLogConfiguration extends AbstractConfiguration {

    /** The levels of conf/log4j2.xml's {@code <Logger>} elements; the root logger is at {@link #ROOT_LEVEL}. */
    static final Map<String, Level> LEVELS = Map.of(
            "deployer", Level.INFO,
            "net.schmizz", Level.WARN,
            "com.hierynomus", Level.WARN,
            "org.apache.sshd", Level.WARN,
            "net.schmizz.sshj.transport.TransportImpl", Level.FATAL,
            "net.schmizz.concurrent", Level.FATAL);
    static final Level ROOT_LEVEL = Level.WARN;
    static final String CONSOLE = "console";

    StockLogConfiguration() {
        super(null, ConfigurationSource.NULL_SOURCE);
        setName("deployer-stock");
    }

    @Override
    protected void doConfigure() {
        StockLayout layout = new StockLayout(this);
        // follow: on a terminal the progress display takes System.err over while a run is shown (see conf/log4j2.xml).
        // The static factory, not the builder: it makes the same appender without the builder's validation, which
        // reads every field's annotations by reflection (~12% of a dry run's start).
        @SuppressWarnings("deprecation")
        Appender console = ConsoleAppender.createAppender(layout, null, ConsoleAppender.Target.SYSTEM_ERR, CONSOLE,
                true, false, true);
        addAppender(console);
        LoggerConfig root = getRootLogger();
        root.setLevel(ROOT_LEVEL);
        root.setAdditive(false);
        root.addAppender(console, null, null);
        // As the XML's <Loggers> does: the root is also in the map of loggers, under "".
        addLogger(LogManager.ROOT_LOGGER_NAME, root);
        LEVELS.forEach((name, level) -> addLogger(name, LoggerConfig.newBuilder()
                .setLoggerName(name)
                .setLevel(level)
                .setAdditivity(true)
                .setConfig(this)
                .build()));
    }
}
