package deployer.core.internal.log;

import deployer.core.model.Secret;
import deployer.core.testing.CliProcess;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.appender.ConsoleAppender;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.xml.XmlConfiguration;
import org.apache.logging.log4j.core.impl.ContextDataFactory;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.logging.log4j.message.ParameterizedMessage;
import org.apache.logging.log4j.util.StringMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * StockLogging, the back end the CLIs use while conf/log4j2.xml is the stock file, says what that file says: its
 * levels per logger, its pattern (the same text as Log4j's PatternLayout of it), on the stderr of the moment; and it
 * does what LogSetup asks of Log4j otherwise (verbosity, masking, the run's log file). If this fails after an edit of
 * conf/log4j2.xml, make StockLoggers say the same (StockLine too, if the pattern changed).
 */
class StockLoggingTest {

    private static final Path STOCK = CliProcess.projectRoot().resolve("conf/log4j2.xml");
    private static final Pattern TIMESTAMP = Pattern.compile("^(\\d{4})-(\\d\\d)-(\\d\\d) (\\d\\d):(\\d\\d):(\\d\\d),(\\d{3}) ");

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream stderr;
    private ThreadMdc mdc;
    private StockLoggers stock;

    @BeforeEach
    void captureStderr() {
        stderr = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        mdc = new ThreadMdc();
        stock = new StockLoggers(mdc);
    }

    @AfterEach
    void restoreStderr() {
        System.setErr(stderr);
    }

    private String printed() {
        return captured.toString(StandardCharsets.UTF_8);
    }

    private static XmlConfiguration xml() throws IOException {
        try (InputStream in = Files.newInputStream(STOCK)) {
            XmlConfiguration xml = new XmlConfiguration(null, new ConfigurationSource(in, STOCK.toFile()));
            xml.initialize();
            return xml;
        }
    }

    @Test
    void saysWhatTheStockXmlSays() throws IOException {
        XmlConfiguration xml = xml();
        Map<String, Level> fromXml = new TreeMap<>();
        xml.getLoggers().forEach((name, logger) -> fromXml.put(name, logger.getLevel()));
        Map<String, Level> fromCode = new TreeMap<>(StockLoggers.LEVELS);
        fromCode.put("", StockLoggers.ROOT_LEVEL);
        assertThat(fromCode).isEqualTo(fromXml);
        xml.getLoggers().values().stream().filter(l -> !l.getName().isEmpty()).forEach(l -> {
            assertThat(l.isAdditive()).as(l.getName() + " additive").isTrue();
            assertThat(l.getAppenders()).as(l.getName() + " appenders of its own").isEmpty();
        });
        LoggerConfig root = xml.getRootLogger();
        assertThat(root.getAppenders()).hasSize(1);
        Appender console = root.getAppenders().values().iterator().next();
        // The manager's name holds the target and follow="true": StockLoggers writes to System.err as it is then.
        assertThat(((ConsoleAppender) console).getManager().getName()).isEqualTo("SYSTEM_ERR.true.false");
        assertThat(((PatternLayout) console.getLayout()).getConversionPattern()).isEqualTo(LogSetup.PATTERN);
    }

    @Test
    void printsWhatLog4jsPatternLayoutPrints() {
        PatternLayout pattern = PatternLayout.newBuilder().withPattern(LogSetup.PATTERN).withConfiguration(xmlQuietly()).build();
        Logger executor = stock.getLogger("deployer.core.exec.Executor");
        Logger command = stock.getLogger("deployer.commands.RemoveFileCommand");
        mdc.put("host", "be001");
        mdc.put("tag", "worker1");
        command.warn("longer than {} and {}", 15, null);
        mdc.put("host", "");
        mdc.remove("tag");
        executor.info("Run {}: {} by {}", "20261127T185510Z-31f0", "deploy", "root@vm");
        executor.error("two\nlines {} ä", "%d{x}");

        List<String> lines = printed().lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).endsWith(" [WARN    ] [RemoveFileCommand] [be001] [worker1] longer than 15 and null");
        assertSameAsLog4j(pattern, lines.get(0), "deployer.commands.RemoveFileCommand", Level.WARN, Map.of("host", "be001", "tag", "worker1"),
                "longer than {} and {}", 15, null);
        assertSameAsLog4j(pattern, lines.get(1), "deployer.core.exec.Executor", Level.INFO, Map.of("host", ""),
                "Run {}: {} by {}", "20261127T185510Z-31f0", "deploy", "root@vm");
        assertSameAsLog4j(pattern, lines.get(2) + "\n" + lines.get(3), "deployer.core.exec.Executor", Level.ERROR, Map.of(),
                "two\nlines {} ä", "%d{x}");
    }

    /** Log4j's line for the same event at the time our line shows (read back from it), compared as text. */
    private static void assertSameAsLog4j(PatternLayout pattern, String ours, String logger, Level level, Map<String, String> mdc,
                                          String format, Object... args) {
        Matcher m = TIMESTAMP.matcher(ours);
        assertThat(m.find()).as(ours).isTrue();
        long millis = java.time.LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                        Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)), Integer.parseInt(m.group(6)), Integer.parseInt(m.group(7)) * 1_000_000)
                .atZone(java.time.ZoneId.systemDefault()).toInstant().toEpochMilli();
        StringMap context = ContextDataFactory.createContextData();
        mdc.forEach(context::putValue);
        LogEvent event = Log4jLogEvent.newBuilder().setLoggerName(logger).setLevel(level).setContextData(context)
                .setTimeMillis(millis).setMessage(new ParameterizedMessage(format, args)).build();
        assertThat(ours + System.lineSeparator()).isEqualTo(pattern.toSerializable(event));
    }

    private static XmlConfiguration xmlQuietly() {
        try {
            return xml();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void eachLoggerHasItsConfiguredAncestorsLevel() {
        stock.getLogger("deployer.core.exec.Executor").info("ours at info");
        stock.getLogger("deployer.core.exec.Executor").debug("ours at debug");
        stock.getLogger("net.schmizz.sshj.DefaultConfig").info("sshj at info");
        stock.getLogger("net.schmizz.sshj.DefaultConfig").warn("sshj at warn");
        stock.getLogger("net.schmizz.sshj.transport.TransportImpl").error("transport at error");
        stock.getLogger("net.schmizz.concurrent.Promise").error("promise at error");
        stock.getLogger("org.jline.Terminal").info("another library at info");
        stock.getLogger("org.jline.Terminal").warn("another library at warn");

        assertThat(printed()).contains("ours at info", "sshj at warn", "another library at warn")
                .doesNotContain("ours at debug", "sshj at info", "transport at error", "promise at error", "another library at info");
    }

    @Test
    void verbosityRaisesOursAndDebugTheRootAsLog4jsConfiguratorDoes() {
        Logger ours = stock.getLogger("deployer.core.exec.Executor");
        Logger library = stock.getLogger("org.jline.Terminal");
        Logger sshj = stock.getLogger("net.schmizz.sshj.DefaultConfig");

        stock.setLevel("deployer", Level.DEBUG);
        ours.debug("ours at debug with -v");
        library.debug("library at debug with -v");

        stock.setLevel("", Level.DEBUG);
        library.debug("library at debug with -d");
        sshj.debug("sshj at debug with -d");

        assertThat(printed()).contains("ours at debug with -v", "library at debug with -d")
                .doesNotContain("library at debug with -v")
                .as("sshj's own <Logger> keeps its level, as with Log4j").doesNotContain("sshj at debug with -d");
    }

    @Test
    void aThrowableLeftOverIsTheExceptionAndOneAPlaceholderTakesIsText() {
        Logger log = stock.getLogger("deployer.x.Y");
        log.warn("failed: {}", new IllegalStateException("as text"));
        log.warn("failed", new IllegalStateException("as exception", new RuntimeException("its cause")));
        log.warn("failed on {}", "h1", new IllegalStateException("left over"));

        String out = printed();
        assertThat(out).contains("] failed: java.lang.IllegalStateException: as text" + System.lineSeparator() + "20");
        assertThat(out).contains("] failed" + System.lineSeparator() + "java.lang.IllegalStateException: as exception"
                + System.lineSeparator() + "\tat ").contains("Caused by: java.lang.RuntimeException: its cause");
        assertThat(out).contains("] failed on h1" + System.lineSeparator() + "java.lang.IllegalStateException: left over");
    }

    @Test
    void masksValuesInMessagesAndStackTracesAndWritesTheLogFile(@TempDir Path dir) throws IOException {
        Path file = Files.createFile(dir.resolve("deploy.log"));
        stock.logTo(file);
        stock.mask(List.of("s3cret", "", "s3cret-longer"));
        Logger log = stock.getLogger("deployer.x.Y");
        log.info("token s3cret-longer and s3cret");
        log.warn("failed", new IllegalStateException("bad s3cret"));

        String out = printed();
        assertThat(out).doesNotContain("s3cret").contains("token " + Secret.MASK + " and " + Secret.MASK, "IllegalStateException: bad " + Secret.MASK);
        assertThat(Files.readString(file)).isEqualTo(out);
    }

    @Test
    void writesToTheStderrOfTheMomentAndKeepsTheMdcPerThread() throws Exception {
        Logger log = stock.getLogger("deployer.x.Y");
        mdc.put("host", "parent-host");
        String childHost = CompletableFuture.supplyAsync(() -> mdc.get("host"), r -> new Thread(r).start()).get();
        assertThat(childHost).as("a thread started under a host does not inherit it").isNull();

        ByteArrayOutputStream taken = new ByteArrayOutputStream();
        System.setErr(new PrintStream(taken, true, StandardCharsets.UTF_8));
        log.info("while the progress display holds stderr");

        assertThat(taken.toString(StandardCharsets.UTF_8)).contains("[parent-host] [*] while the progress display holds stderr");
        assertThat(printed()).isEmpty();
    }

    @Test
    void recognisesTheStockFileOnly(@TempDir Path dir) throws IOException {
        assertThat(LogSetup.isStock(STOCK.toString())).as("the build's copy of conf/log4j2.xml").isTrue();
        Path copy = Files.copy(STOCK, dir.resolve("log4j2.xml"));
        assertThat(LogSetup.isStock(copy.toString())).isTrue();

        Path edited = Files.writeString(dir.resolve("edited.xml"), Files.readString(STOCK).replace("level=\"info\"", "level=\"debug\""));
        assertThat(LogSetup.isStock(edited.toString())).isFalse();
        assertThat(LogSetup.isStock(dir.resolve("missing.xml").toString())).isFalse();
        assertThat(LogSetup.isStock(dir.toString())).as("a directory").isFalse();
        assertThat(LogSetup.isStock(STOCK.toUri().toString())).as("a URI is Log4j's to read").isFalse();
        assertThat(LogSetup.isStock(STOCK + "," + STOCK)).as("a composite configuration").isFalse();
        assertThat(LogSetup.isStock(null)).isFalse();
        assertThat(LogSetup.isStock("")).isFalse();
    }
}
