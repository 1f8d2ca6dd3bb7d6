package deployer.core.internal.log;

import deployer.core.model.RunId;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.FileAppender;
import org.apache.logging.log4j.core.appender.rewrite.RewriteAppender;
import org.apache.logging.log4j.core.config.AppenderRef;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Configurator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/** Applies the CLI's logging choices on top of conf/log4j2.xml: its fast start, verbosity and a log file per run. */
public final class LogSetup {

    /**
     * The spec's format: {@code 2014-12-03 15:29:01,868 [INFO    ] [Executor       ] [be001] [worker1] msg}. The logger
     * column is padded to 15 but never cut ({@code [RemoveFileCommand]}, not {@code [RemoveFileComma]}).
     */
    public static final String PATTERN =
            "%d{yyyy-MM-dd HH:mm:ss,SSS} [%-8level] [%-15c{1}] [%equals{%X{host}}{}{*}] [%equals{%X{tag}}{}{*}] %msg%n";

    /** Where the build puts a copy of the stock conf/log4j2.xml (core/pom.xml), to recognise an unedited file. */
    static final String STOCK_RESOURCE = "/deployer/core/internal/log/log4j2.xml";

    private static final String CONTEXT_SELECTOR = "log4j2.contextSelector";
    private static final String SLF4J_PROVIDER = "slf4j.provider";
    private static final String SLF4J_VERBOSITY = "slf4j.internal.verbosity";

    private LogSetup() {
    }

    /**
     * The first thing a CLI's main does, before any logger exists: when Log4j is told to read the stock
     * conf/log4j2.xml (the launcher's {@code -Dlog4j2.configurationFile}), SLF4J is given {@link StockLogging}
     * instead, which prints the same without starting Log4j (BENCHMARKS.md, "Fourth pass").
     * Anything else — an edited file, another file, no file — is left to Log4j as before, and so is a process whose
     * SLF4J already has a back end or was told one.
     */
    public static void start() {
        // One logging context for the process. With Log4j's default (one per class loader), every new logger, and
        // sshj makes several per connection and channel, walks the stack to find its caller's class loader
        // (StackLocatorUtil.getCallerClass): measurable CPU at hundreds of hosts (BENCHMARKS.md, "SSH at scale").
        if (System.getProperty(CONTEXT_SELECTOR) == null) {
            System.setProperty(CONTEXT_SELECTOR, "org.apache.logging.log4j.core.selector.BasicContextSelector");
        }
        if (System.getProperty(SLF4J_PROVIDER) == null && isStock(System.getProperty("log4j2.configurationFile"))) {
            System.setProperty(SLF4J_PROVIDER, StockLogging.class.getName());
            // SLF4J says at INFO, on stderr, which provider the property named; stderr carries log lines only.
            if (System.getProperty(SLF4J_VERBOSITY) == null) {
                System.setProperty(SLF4J_VERBOSITY, "WARN");
            }
        }
    }

    /** Whether {@code location} is a file with the stock conf/log4j2.xml's bytes (a few kB: well under a millisecond). */
    static boolean isStock(String location) {
        if (location == null || location.isBlank() || location.contains(",")) {
            return false;
        }
        try (InputStream stock = LogSetup.class.getResourceAsStream(STOCK_RESOURCE)) {
            return stock != null && Arrays.equals(stock.readAllBytes(), Files.readAllBytes(Path.of(location)));
        } catch (IOException | InvalidPathException e) {
            // Not a readable plain path (a URI, a classpath resource, a missing file): Log4j finds it, or says why.
            return false;
        }
    }

    /** {@code -v}: our own debug messages; {@code -d}: everything at debug, libraries included. */
    public static void verbosity(boolean verbose, boolean debug) {
        StockLoggers stock = StockLogging.active();
        if (stock != null) {
            if (debug) {
                stock.setLevel("", Level.DEBUG);
            }
            if (debug || verbose) {
                stock.setLevel("deployer", Level.DEBUG);
            }
            return;
        }
        if (debug) {
            Configurator.setRootLevel(Level.DEBUG);
            Configurator.setLevel("deployer", Level.DEBUG);
        } else if (verbose) {
            Configurator.setLevel("deployer", Level.DEBUG);
        }
    }

    /**
     * Masks these values in every log line from now on, in every appender of the configuration (console, the run's
     * log file, any a user's log4j2.xml adds): each appender is wrapped by one that rewrites the event first.
     */
    public static void mask(Collection<String> values) {
        if (values.stream().allMatch(String::isEmpty)) {
            return;
        }
        StockLoggers stock = StockLogging.active();
        if (stock != null) {
            stock.mask(values);
            return;
        }
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        Configuration cfg = ctx.getConfiguration();
        MaskingPolicy policy = new MaskingPolicy(values);
        List<LoggerConfig> loggers = new ArrayList<>(cfg.getLoggers().values());
        if (!loggers.contains(cfg.getRootLogger())) {
            loggers.add(cfg.getRootLogger());
        }
        for (LoggerConfig logger : loggers) {
            for (Appender target : List.copyOf(logger.getAppenders().values())) {
                String name = "masked-" + target.getName();
                Appender masking = cfg.getAppender(name);
                if (masking == null) {
                    masking = RewriteAppender.createAppender(name, "true",
                            new AppenderRef[] {AppenderRef.createAppenderRef(target.getName(), null, null)}, cfg, policy, null);
                    masking.start();
                    cfg.addAppender(masking);
                }
                logger.removeAppender(target.getName());
                logger.addAppender(masking, null, null);
            }
        }
        ctx.updateLoggers();
    }

    /**
     * Adds a file {@code <script>_<run id>.log} under {@code dir} and returns its path. Named by the run id, not the
     * clock: two runs that start in the same second each get their own file (a resumed run, which keeps its run's
     * id, appends to that run's file, as it does to its journal).
     */
    public static Path logFile(Path dir, String script, RunId runId) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(script + "_" + runId + ".log");
        // Create it here, so an unwritable directory is an IOException for the CLI to report in one line, not a
        // Log4j status error followed by a run without its log file.
        Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND).close();
        StockLoggers stock = StockLogging.active();
        if (stock != null) {
            stock.logTo(file);
            return file;
        }
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        Configuration cfg = ctx.getConfiguration();
        Layout<?> layout = new StockLayout(cfg);
        Appender file0 = FileAppender.newBuilder()
                .setName("run-file")
                .withFileName(file.toString())
                .setLayout(layout)
                .setConfiguration(cfg)
                .build();
        file0.start();
        cfg.addAppender(file0);
        cfg.getRootLogger().addAppender(file0, null, null);
        ctx.updateLoggers();
        return file;
    }
}
