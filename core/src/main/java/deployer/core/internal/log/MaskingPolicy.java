package deployer.core.internal.log;

import deployer.core.model.Redaction;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.appender.rewrite.RewritePolicy;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.SimpleMessage;

import java.util.Collection;

/**
 * Replaces sensitive values in every log event before any appender writes it, whoever logged it: a command's own
 * lines, and libraries the engine cannot mask itself (sshj logs each exec'd command line at debug). An event whose
 * exception text holds a value gets that text, masked, in its message instead of the exception.
 */
final class MaskingPolicy implements RewritePolicy {

    private final Redaction values;

    MaskingPolicy(Collection<String> values) {
        this.values = Redaction.ofValues(values);
    }

    @Override
    public LogEvent rewrite(LogEvent event) {
        String message = event.getMessage().getFormattedMessage();
        String trace = event.getThrown() == null ? null : stackTrace(event.getThrown());
        String maskedMessage = values.mask(message);
        String maskedTrace = values.mask(trace);
        boolean inMessage = maskedMessage != null && !maskedMessage.equals(message);
        boolean inTrace = maskedTrace != null && !maskedTrace.equals(trace);
        if (!inMessage && !inTrace) {
            return event;
        }
        Log4jLogEvent.Builder b = new Log4jLogEvent.Builder(event);
        if (inTrace) {
            b.setMessage(new SimpleMessage(maskedMessage + System.lineSeparator() + maskedTrace.stripTrailing()));
            b.setThrown(null);
            b.setThrownProxy(null);
        } else {
            b.setMessage(new SimpleMessage(maskedMessage));
        }
        return b.build();
    }

    /** A throwable as Java prints it: the text a masked value may hide in. */
    private static String stackTrace(Throwable t) {
        java.io.StringWriter w = new java.io.StringWriter();
        t.printStackTrace(new java.io.PrintWriter(w));
        return w.toString();
    }
}
