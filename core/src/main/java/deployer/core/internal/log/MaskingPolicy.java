package deployer.core.internal.log;

import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.appender.rewrite.RewritePolicy;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.SimpleMessage;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Replaces sensitive values in every log event before any appender writes it, whoever logged it: a command's own
 * lines, and libraries the engine cannot mask itself (sshj logs each exec'd command line at debug). An event whose
 * exception text holds a value gets that text, masked, in its message instead of the exception.
 */
final class MaskingPolicy implements RewritePolicy {

    static final String MASK = deployer.core.model.Secret.MASK;
    private final List<String> values;

    MaskingPolicy(Collection<String> values) {
        this.values = values.stream().filter(v -> !v.isEmpty()).distinct()
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    @Override
    public LogEvent rewrite(LogEvent event) {
        String message = event.getMessage().getFormattedMessage();
        String trace = event.getThrown() == null ? null : stackTrace(event.getThrown());
        boolean inMessage = holds(message);
        boolean inTrace = trace != null && holds(trace);
        if (!inMessage && !inTrace) {
            return event;
        }
        Log4jLogEvent.Builder b = new Log4jLogEvent.Builder(event);
        if (inTrace) {
            b.setMessage(new SimpleMessage(mask(message) + System.lineSeparator() + mask(trace).stripTrailing()));
            b.setThrown(null);
            b.setThrownProxy(null);
        } else {
            b.setMessage(new SimpleMessage(mask(message)));
        }
        return b.build();
    }

    private boolean holds(String text) {
        return text != null && values.stream().anyMatch(text::contains);
    }

    private String mask(String text) {
        String out = text;
        for (String v : values) {
            out = out.replace(v, MASK);
        }
        return out;
    }

    private static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }
}
