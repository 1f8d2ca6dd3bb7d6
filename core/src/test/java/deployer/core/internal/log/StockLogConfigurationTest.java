package deployer.core.internal.log;

import deployer.core.testing.CliProcess;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.appender.ConsoleAppender;
import org.apache.logging.log4j.core.config.AbstractConfiguration;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.xml.XmlConfiguration;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration built in code is conf/log4j2.xml's: same loggers, levels, appender and pattern. If this fails after
 * an edit of conf/log4j2.xml, make StockLogConfiguration say the same (StockLayout too, if the pattern changed).
 */
class StockLogConfigurationTest {

    private static final Path STOCK = CliProcess.projectRoot().resolve("conf/log4j2.xml");

    private static XmlConfiguration xml() throws IOException {
        try (InputStream in = Files.newInputStream(STOCK)) {
            XmlConfiguration xml = new XmlConfiguration(null, new ConfigurationSource(in, STOCK.toFile()));
            xml.initialize();
            return xml;
        }
    }

    private static Map<String, String> loggers(AbstractConfiguration cfg) {
        Map<String, String> out = new TreeMap<>();
        cfg.getLoggers().forEach((name, logger) -> out.put(name, logger.getLevel() + " additive=" + logger.isAdditive()
                + " appenders=" + logger.getAppenders().keySet() + " filter=" + logger.getFilter()));
        LoggerConfig root = cfg.getRootLogger();
        out.put("(root)", root.getLevel() + " appenders=" + root.getAppenders().keySet());
        return out;
    }

    @Test
    void saysWhatTheStockXmlSays() throws IOException {
        XmlConfiguration xml = xml();
        StockLogConfiguration code = new StockLogConfiguration();
        code.initialize();

        assertThat(loggers(code)).isEqualTo(loggers(xml));
        assertThat(code.getRootLogger().getLevel()).isEqualTo(Level.WARN);
        assertThat(code.getAppenders().keySet()).isEqualTo(xml.getAppenders().keySet());
        Appender fromXml = xml.getAppenders().get(StockLogConfiguration.CONSOLE);
        Appender fromCode = code.getAppenders().get(StockLogConfiguration.CONSOLE);
        assertThat(fromCode).isInstanceOf(ConsoleAppender.class);
        // The manager's name holds the target and follow="true": SYSTEM_ERR.true.false.
        assertThat(((ConsoleAppender) fromCode).getManager().getName()).isEqualTo(((ConsoleAppender) fromXml).getManager().getName());
        assertThat(((ConsoleAppender) fromCode).getTarget()).isEqualTo(ConsoleAppender.Target.SYSTEM_ERR);
        // The XML's pattern is LogSetup.PATTERN, which StockLayout prints (StockLayoutTest).
        assertThat(((PatternLayout) fromXml.getLayout()).getConversionPattern()).isEqualTo(LogSetup.PATTERN);
        assertThat(fromCode.getLayout()).isInstanceOf(StockLayout.class);
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
