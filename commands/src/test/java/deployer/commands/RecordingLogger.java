package deployer.commands;

import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.helpers.MessageFormatter;

import java.util.ArrayList;
import java.util.List;

/** A logger that keeps every line (all levels), so tests can see what a command logged, and what it did not. */
public final class RecordingLogger extends AbstractLogger {

    /** One logged line, formatted. */
    public record Line(Level level, String text) {
        @Override
        public String toString() {
            return level + " " + text;
        }
    }

    private final List<Line> lines = new ArrayList<>();

    public RecordingLogger() {
        this.name = "recording";
    }

    public synchronized List<Line> lines() {
        return List.copyOf(lines);
    }

    public List<String> texts(Level level) {
        return lines().stream().filter(l -> l.level() == level).map(Line::text).toList();
    }

    public String all() {
        return String.join("\n", lines().stream().map(Line::toString).toList());
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected synchronized void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args, Throwable t) {
        String text = MessageFormatter.basicArrayFormat(pattern, args);
        lines.add(new Line(level, t == null ? text : text + " " + t));
    }

    @Override public boolean isTraceEnabled() { return true; }
    @Override public boolean isTraceEnabled(Marker marker) { return true; }
    @Override public boolean isDebugEnabled() { return true; }
    @Override public boolean isDebugEnabled(Marker marker) { return true; }
    @Override public boolean isInfoEnabled() { return true; }
    @Override public boolean isInfoEnabled(Marker marker) { return true; }
    @Override public boolean isWarnEnabled() { return true; }
    @Override public boolean isWarnEnabled(Marker marker) { return true; }
    @Override public boolean isErrorEnabled() { return true; }
    @Override public boolean isErrorEnabled(Marker marker) { return true; }
}
