package deployer.core.internal.log;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The stock conf/log4j2.xml as an SLF4J back end of its own: the same lines on stderr, the same levels, the run's log
 * file, masking and verbosity, without starting Log4j, whose start was a third of a dry run's CPU (BENCHMARKS.md,
 * "Fourth pass"). {@link LogSetup#start} chooses it, by SLF4J's {@code slf4j.provider} property,
 * only while the launcher points Log4j at the unedited stock file; an edited file is Log4j's to read, as before.
 * Not registered as a service: a library user or a test without that property keeps Log4j.
 */
public final class StockLogging implements SLF4JServiceProvider {

    private ThreadMdc mdc;
    private StockLoggers loggers;
    private IMarkerFactory markers;

    /** Made by SLF4J, by reflection, from the property. */
    public StockLogging() {
    }

    /** The stock back end when it is SLF4J's, else null (Log4j is). */
    static StockLoggers active() {
        return LoggerFactory.getILoggerFactory() instanceof StockLoggers stock ? stock : null;
    }

    @Override
    public void initialize() {
        mdc = new ThreadMdc();
        loggers = new StockLoggers(mdc);
        markers = new BasicMarkerFactory();
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggers;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }
}
