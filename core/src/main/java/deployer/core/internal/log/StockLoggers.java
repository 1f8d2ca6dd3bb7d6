package deployer.core.internal.log;

import deployer.core.model.Redaction;
import org.apache.logging.log4j.Level;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.helpers.MessageFormatter;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TimeZone;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The loggers of {@link StockLogging} and where their lines go: conf/log4j2.xml's levels, its console appender
 * ({@code System.err} as it is at each line, as Log4j's {@code follow="true"}, so that the progress display can take
 * stderr over), the run's log file, masked values. Messages are formatted with Log4j's rules (a Throwable that fills a
 * placeholder is text, one left over is the exception) and lines in {@link LogSetup#PATTERN}; a stack trace follows its
 * line as Java prints it.
 */
final class StockLoggers implements ILoggerFactory {

    /** The levels of conf/log4j2.xml's {@code <Logger>} elements; the root logger is at {@link #ROOT_LEVEL}. */
    static final Map<String, Level> LEVELS = Map.of(
            "deployer", Level.INFO,
            "net.schmizz", Level.WARN,
            "com.hierynomus", Level.WARN,
            "org.apache.sshd", Level.WARN,
            "net.schmizz.sshj.transport.TransportImpl", Level.FATAL,
            "net.schmizz.concurrent", Level.FATAL);
    static final Level ROOT_LEVEL = Level.WARN;
    private static final String ROOT = "";

    private final ThreadMdc mdc;
    private final TimeZone zone = TimeZone.getDefault();
    private final ConcurrentMap<String, StockLogger> loggers = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    private volatile Map<String, Level> levels;
    private volatile Redaction masked = Redaction.NONE;
    private OutputStream file;
    private Path filePath;

    StockLoggers(ThreadMdc mdc) {
        this.mdc = mdc;
        Map<String, Level> stock = new HashMap<>(LEVELS);
        stock.put(ROOT, ROOT_LEVEL);
        this.levels = stock;
    }

    @Override
    public Logger getLogger(String name) {
        StockLogger logger = loggers.get(name);
        if (logger != null) {
            return logger;
        }
        // Under setLevel's lock: a logger made while a level changes gets the new level, not the one before.
        synchronized (lock) {
            return loggers.computeIfAbsent(name, n -> new StockLogger(n, this, levelOf(n).intLevel()));
        }
    }

    /** The level of the logger's nearest configured ancestor (itself included), as Log4j finds its LoggerConfig. */
    private Level levelOf(String name) {
        Map<String, Level> known = levels;
        for (String n = name; ; n = n.substring(0, n.lastIndexOf('.'))) {
            Level level = known.get(n);
            if (level != null) {
                return level;
            }
            if (n.lastIndexOf('.') < 0) {
                return known.get(ROOT);
            }
        }
    }

    /** Sets a configured logger's level ({@code ""} for the root), as Log4j's Configurator does. */
    void setLevel(String name, Level level) {
        synchronized (lock) {
            Map<String, Level> next = new HashMap<>(levels);
            next.put(name, level);
            levels = next;
            loggers.forEach((n, logger) -> logger.show(levelOf(n).intLevel()));
        }
    }

    /** From now on, these values are masked in every message and stack trace. */
    void mask(Collection<String> values) {
        masked = Redaction.ofValues(values);
    }

    /** From now on, every line also goes to this file (appended to; created by the caller). */
    void logTo(Path path) throws IOException {
        OutputStream out = Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        synchronized (lock) {
            if (file != null) {
                file.close();
            }
            file = out;
            filePath = path;
        }
    }

    void write(org.slf4j.event.Level level, String loggerName, String pattern, Object[] args, Throwable thrown) {
        Object[] arguments = args;
        Throwable exception = thrown;
        int placeholders = placeholders(pattern);
        // Log4j's rule, where SLF4J's would differ: a Throwable that a placeholder takes is text, not the exception.
        if (exception != null && placeholders > (arguments == null ? 0 : arguments.length)) {
            arguments = append(arguments, exception);
            exception = null;
        } else if (exception == null && arguments != null && arguments.length > placeholders
                && arguments[arguments.length - 1] instanceof Throwable last) {
            exception = last;
        }
        String message = arguments == null || arguments.length == 0 ? pattern : MessageFormatter.basicArrayFormat(pattern, arguments);
        Redaction values = masked;
        message = values.mask(message);
        String trace = exception == null ? null : values.mask(StockLine.stackTrace(exception));
        StringBuilder b = new StringBuilder(128);
        StockLine.append(b, zone, System.currentTimeMillis(), level.name(), loggerName, mdc.get("host"), mdc.get("tag"), message);
        if (trace != null) {
            b.append(trace);
        }
        byte[] line = b.toString().getBytes(StandardCharsets.UTF_8);
        synchronized (lock) {
            PrintStream err = System.err;
            err.write(line, 0, line.length);
            err.flush();
            if (file != null) {
                try {
                    file.write(line);
                    file.flush();
                } catch (IOException e) {
                    // Said once, on stderr, as Log4j's status logger would; the console keeps the run's log.
                    err.println("cannot write the log file " + filePath + " (" + e.getMessage() + "); logging to stderr only");
                    file = null;
                }
            }
        }
    }

    /** The {@code {}} in a pattern that format arguments, escaped ones ({@code \{}}) aside. */
    private static int placeholders(String pattern) {
        if (pattern == null) {
            return 0;
        }
        int count = 0;
        for (int i = pattern.indexOf("{}"); i >= 0; i = pattern.indexOf("{}", i + 2)) {
            if (i == 0 || pattern.charAt(i - 1) != '\\' || (i >= 2 && pattern.charAt(i - 2) == '\\')) {
                count++;
            }
        }
        return count;
    }

    private static Object[] append(Object[] args, Object last) {
        Object[] out = new Object[(args == null ? 0 : args.length) + 1];
        if (args != null) {
            System.arraycopy(args, 0, out, 0, args.length);
        }
        out[out.length - 1] = last;
        return out;
    }
}
