package deployer.core.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Masks a task's sensitive values (see {@link Sensitivity}) in whatever the engine writes about it: a message has
 * each value replaced by {@link Secret#MASK}; an output line holding one is hidden whole (a line that holds one
 * secret often holds more, e.g. a connection string), and under {@code no_log} every output line is hidden.
 */
public final class Redaction {

    public static final Redaction NONE = new Redaction(Set.of(), false);
    /** What stands for an output line that held a sensitive value. */
    public static final String HIDDEN_LINE = Secret.MASK + " (output line hidden: it held a sensitive value)";
    public static final String NO_LOG_LINE = Secret.MASK + " (output hidden: no_log)";

    private final List<String> values;
    private final boolean hideAllOutput;

    private Redaction(Collection<String> values, boolean hideAllOutput) {
        // Longest first, so a value that contains another is masked whole.
        this.values = values.stream().filter(v -> !v.isEmpty()).distinct()
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
        this.hideAllOutput = hideAllOutput;
    }

    public static Redaction of(Task task) {
        Sensitivity s = task.sensitivity();
        Set<String> values = new LinkedHashSet<>();
        task.arguments().forEach((key, value) -> {
            if (s.covers(key, value)) {
                collect(value, s.arguments().contains(key), values);
            }
        });
        // A Secret argument is sensitive whether or not the task says so.
        task.arguments().values().forEach(v -> collectSecrets(v, values));
        return values.isEmpty() && !s.noLog() ? NONE : new Redaction(values, s.noLog());
    }

    /** Masks these values wherever they appear (a report masking with every sensitive value of its plan). */
    public static Redaction ofValues(Collection<String> values) {
        return values.stream().allMatch(String::isEmpty) ? NONE : new Redaction(values, false);
    }

    /** Every sensitive value of a whole tasklist, for masks that cannot tell tasks apart (a library's log lines). */
    public static Set<String> values(Tasklist tasklist) {
        Set<String> all = new LinkedHashSet<>();
        tasklist.stages().forEach(stage -> stage.items().forEach(item -> item.links().forEach(t -> all.addAll(of(t).values))));
        return all;
    }

    /**
     * This redaction and {@code more} values besides: the values of the {@code ${secret:NAME}} references a task
     * was resolved with, masked in its messages and hiding its output lines like any sensitive argument.
     */
    public Redaction plus(Collection<String> more) {
        if (more.stream().allMatch(String::isEmpty)) {
            return this;
        }
        List<String> all = new ArrayList<>(values);
        all.addAll(more);
        return new Redaction(all, hideAllOutput);
    }

    public boolean isNone() {
        return values.isEmpty() && !hideAllOutput;
    }

    /** The text with each sensitive value replaced by {@link Secret#MASK}. */
    public String mask(String text) {
        if (text == null || values.isEmpty()) {
            return text;
        }
        String out = text;
        for (String v : values) {
            out = out.replace(v, Secret.MASK);
        }
        return out;
    }

    /** An output line as it may be shown: itself, or a placeholder when it held a sensitive value or no_log is set. */
    public String outputLine(String line) {
        if (hideAllOutput) {
            return NO_LOG_LINE;
        }
        return line != null && values.stream().anyMatch(line::contains) ? HIDDEN_LINE : line;
    }

    public List<String> outputLines(List<String> lines) {
        List<String> out = new ArrayList<>(lines.size());
        lines.forEach(l -> out.add(outputLine(l)));
        return out;
    }

    /** A problem with its message masked. */
    public Problem mask(Problem p) {
        return new Problem(mask(p.where()), mask(p.message()));
    }

    /** The value as a saved plan or a dump shows it: each text leaf of a sensitive argument is {@link Secret#MASK}. */
    public static Object maskedValue(Object value) {
        if (value instanceof List<?> l) return l.stream().map(Redaction::maskedValue).toList();
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), maskedValue(v)));
            return out;
        }
        if (value == null || value instanceof Boolean) return value;
        // A reference is not the secret: kept, a saved plan still runs (and resumes) with the value resolved then.
        if (value instanceof String s && SecretReference.isOnlyReferences(s)) return s;
        return Secret.MASK;
    }

    /** Whether a sensitive value read from a file is (or holds) the placeholder a saved plan writes for it. */
    public static boolean holdsPlaceholder(Object value) {
        if (value instanceof List<?> l) return l.stream().anyMatch(Redaction::holdsPlaceholder);
        if (value instanceof Map<?, ?> m) return m.values().stream().anyMatch(Redaction::holdsPlaceholder);
        return Secret.MASK.equals(value);
    }

    private static void collect(Object value, boolean named, Set<String> into) {
        if (value instanceof String s) {
            into.add(s);
        } else if (value instanceof Secret s) {
            into.add(s.reveal());
        } else if (value instanceof List<?> l) {
            l.forEach(x -> collect(x, named, into));
        } else if (value instanceof Map<?, ?> m) {
            m.values().forEach(x -> collect(x, named, into));
        } else if (named && value instanceof Number n) {
            // Named explicitly (a PIN, a port knock): its digits count; under no_log alone numbers stay readable.
            into.add(n.toString());
        }
    }

    private static void collectSecrets(Object value, Set<String> into) {
        if (value instanceof Secret s) {
            into.add(s.reveal());
        } else if (value instanceof List<?> l) {
            l.forEach(x -> collectSecrets(x, into));
        } else if (value instanceof Map<?, ?> m) {
            m.values().forEach(x -> collectSecrets(x, into));
        }
    }
}
