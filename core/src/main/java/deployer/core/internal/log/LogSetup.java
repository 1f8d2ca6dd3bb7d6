package deployer.core.internal.log;

import deployer.core.model.RunId;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.FileAppender;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.logging.log4j.core.appender.rewrite.RewriteAppender;
import org.apache.logging.log4j.core.config.AppenderRef;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Configurator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
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

    private static final String CONTEXT_SELECTOR = "log4j2.contextSelector";

    private LogSetup() {
    }

    /**
     * The first thing a CLI's main does, before any logger exists. Log4j 2 is the one logging back end; its start is
     * what conf/log4j2.xml and this set up (BENCHMARKS.md, "Self-contained release": a second, hand-written back end
     * that imitated its output saved nothing measurable on JDK 17 with CDS or on JDK 25 with the AOT cache, and went).
     */
    public static void start() {
        // One logging context for the process. With Log4j's default (one per class loader), every new logger, and
        // sshj makes several per connection and channel, walks the stack to find its caller's class loader
        // (StackLocatorUtil.getCallerClass): measurable CPU at hundreds of hosts (BENCHMARKS.md, "SSH at scale").
        if (System.getProperty(CONTEXT_SELECTOR) == null) {
            System.setProperty(CONTEXT_SELECTOR, "org.apache.logging.log4j.core.selector.BasicContextSelector");
        }
    }

    /** {@code -v}: our own debug messages; {@code -d}: everything at debug, libraries included. */
    public static void verbosity(boolean verbose, boolean debug) {
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
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        Configuration cfg = ctx.getConfiguration();
        Layout<?> layout = PatternLayout.newBuilder().withPattern(PATTERN).withConfiguration(cfg).build();
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
