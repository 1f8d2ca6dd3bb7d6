package deployer.core.model;

import java.util.Set;
import java.util.TreeSet;

/**
 * What a task marks as not for the eyes of logs, reports and saved plans (reserved task keys {@code sensitive}
 * and {@code no_log}).
 *
 * @param arguments names of the task's arguments whose values are sensitive ({@code "sensitive": ["shell"]})
 * @param noLog     {@code "no_log": true}: every string argument is sensitive and every output line is hidden
 */
public record Sensitivity(Set<String> arguments, boolean noLog) {

    public static final Sensitivity NONE = new Sensitivity(Set.of(), false);

    public Sensitivity {
        arguments = Set.copyOf(new TreeSet<>(arguments));
    }

    public boolean isNone() {
        return arguments.isEmpty() && !noLog;
    }

    /** Whether the value of this argument is masked in logs, reports and saved plans. */
    public boolean covers(String argument, Object value) {
        return arguments.contains(argument) || (noLog && containsText(value));
    }

    private static boolean containsText(Object value) {
        if (value instanceof String || value instanceof Secret) return true;
        if (value instanceof java.util.List<?> l) return l.stream().anyMatch(Sensitivity::containsText);
        if (value instanceof java.util.Map<?, ?> m) return m.values().stream().anyMatch(Sensitivity::containsText);
        return false;
    }
}
