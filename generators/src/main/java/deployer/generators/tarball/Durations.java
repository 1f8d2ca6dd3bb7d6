package deployer.generators.tarball;

import deployer.core.json.Node;
import deployer.core.model.InvalidInputException;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as a config writes them: {@code 10s}, {@code 5m}, {@code 1h}, {@code 1m30s} (Go's and Prometheus's units,
 * largest first), or a bare whole number of seconds. The project's other time keys are whole seconds
 * ({@code lock_ttl}, {@code control_timeout}); gates are minutes long, so they take units too.
 */
final class Durations {

    private static final Pattern WHOLE = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

    private Durations() {
    }

    /** The duration at {@code n}; {@code where} names the key in the message (service.web.gates[0].pause). */
    static Duration read(Node n, String where) throws InvalidInputException {
        if (n.value() instanceof Long seconds && seconds >= 0) {
            return Duration.ofSeconds(seconds);
        }
        if (n.value() instanceof String s) {
            Duration d = parse(s.strip());
            if (d != null) {
                return d;
            }
        }
        throw new InvalidInputException(n.location() + " " + where, "expected a duration such as 10s, 5m, 1h or 1m30s"
                + " (or a whole number of seconds), got " + (n.value() instanceof String s ? "'" + s + "'" : n.typeName()));
    }

    /** The duration that {@code text} spells, or null when it spells none. */
    static Duration parse(String text) {
        Matcher m = WHOLE.matcher(text);
        if (text.isEmpty() || !m.matches()) {
            return null;
        }
        try {
            long h = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
            long min = m.group(2) == null ? 0 : Long.parseLong(m.group(2));
            long s = m.group(3) == null ? 0 : Long.parseLong(m.group(3));
            return Duration.ofHours(h).plusMinutes(min).plusSeconds(s);
        } catch (NumberFormatException | ArithmeticException tooLarge) {
            return null;
        }
    }

    /** As {@link deployer.core.config.DurationText#format}: the generator's stage names and the gates' messages agree. */
    static String format(Duration d) {
        return deployer.core.config.DurationText.format(d);
    }
}
