package deployer.tests.bench;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LifeCycle;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.xml.XmlConfiguration;
import org.apache.logging.log4j.core.impl.Log4jContextFactory;

import java.nio.file.Path;

/**
 * What Log4j's start costs a CLI, apart from everything else the CLI does (BENCHMARKS.md, "CLI start-up" of the
 * self-contained release): sets logging up as LogSetup does (one context for the process) and logs one line. With
 * {@code direct CONFIG.xml} it reads the XML itself instead of through Log4j's configuration-factory lookup. Run with
 * log4j2.configurationFile set for the stock path, or -Dslf4j.provider=org.slf4j.helpers.NOP_FallbackServiceProvider
 * for no back end; time each JVM (with an AOT cache trained per variant) from outside.
 */
public final class Log4jStartProbe {

    private Log4jStartProbe() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("log4j2.contextSelector", "org.apache.logging.log4j.core.selector.BasicContextSelector");
        if (args.length == 2 && args[0].equals("direct")) {
            Log4jContextFactory factory = (Log4jContextFactory) LogManager.getFactory();
            LoggerContext context = factory.getSelector().getContext(Log4jStartProbe.class.getName(), null, false);
            if (context.getState() == LifeCycle.State.INITIALIZED) {
                context.start(new XmlConfiguration(context, ConfigurationSource.fromUri(Path.of(args[1]).toUri())));
            }
        }
        org.slf4j.LoggerFactory.getLogger("deployer.probe").info("logged");
    }
}
