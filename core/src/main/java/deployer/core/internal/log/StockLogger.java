package deployer.core.internal.log;

import org.apache.logging.log4j.spi.StandardLevel;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;

/** A logger of {@link StockLoggers}: its level is its configured ancestor's, as in Log4j; its lines go to the back end. */
final class StockLogger extends LegacyAbstractLogger {

    private final transient StockLoggers backEnd;
    /** Log4j's intLevel of the most detailed level shown (WARN = 300, INFO = 400, …; FATAL = 100 shows none of SLF4J's). */
    private volatile int shown;

    StockLogger(String name, StockLoggers backEnd, int shown) {
        this.name = name;
        this.backEnd = backEnd;
        this.shown = shown;
    }

    void show(int intLevel) {
        shown = intLevel;
    }

    @Override
    public boolean isTraceEnabled() {
        return StandardLevel.TRACE.intLevel() <= shown;
    }

    @Override
    public boolean isDebugEnabled() {
        return StandardLevel.DEBUG.intLevel() <= shown;
    }

    @Override
    public boolean isInfoEnabled() {
        return StandardLevel.INFO.intLevel() <= shown;
    }

    @Override
    public boolean isWarnEnabled() {
        return StandardLevel.WARN.intLevel() <= shown;
    }

    @Override
    public boolean isErrorEnabled() {
        return StandardLevel.ERROR.intLevel() <= shown;
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args, Throwable thrown) {
        backEnd.write(level, name, pattern, args, thrown);
    }
}
