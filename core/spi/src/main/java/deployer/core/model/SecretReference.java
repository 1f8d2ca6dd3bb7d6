package deployer.core.model;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A reference {@code ${secret:NAME}} to a value of the environment's encrypted secrets file. Configs, tasklists and
 * saved plans hold the reference, never the value; the engine replaces it only when a command executes.
 */
public final class SecretReference {

    /** A secret's name: letters, digits, '_', '.', '-'. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{secret:([^}]*)}");
    private static final String OPEN = "${secret:";

    private SecretReference() {
    }

    /** The names referenced anywhere in a value (a string, or strings inside lists and mappings), in order. */
    public static Set<String> names(Object value) {
        Set<String> names = new LinkedHashSet<>();
        collect(value, names);
        return names;
    }

    /** Whether a text is nothing but references (e.g. a whole webhook URL kept as a secret): it holds no secret itself. */
    public static boolean isOnlyReferences(String text) {
        return !text.isEmpty() && REFERENCE.matcher(text).replaceAll("").isEmpty();
    }

    public static boolean holdsAny(Object value) {
        return !names(value).isEmpty();
    }

    /** The text with each reference replaced by {@code lookup(name)}. */
    public static String replace(String text, Function<String, String> lookup) {
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(lookup.apply(m.group(1))));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A value (string, list, mapping) with every reference in its strings replaced; other values as they are. */
    public static Object replaceIn(Object value, Function<String, String> lookup) {
        if (value instanceof String s) {
            return s.contains("${secret:") ? replace(s, lookup) : s;
        }
        if (value instanceof List<?> l) {
            return l.stream().map(x -> replaceIn(x, lookup)).toList();
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new java.util.LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), replaceIn(v, lookup)));
            return java.util.Collections.unmodifiableMap(out);
        }
        return value;
    }

    /**
     * What is wrong with the references written in a text, one message each: an unclosed {@code ${secret:NAME}}, or
     * a name that is empty or not made of letters, digits, '_', '.', '-'. Such a reference is never replaced, so it
     * would reach a shell verbatim; empty when every reference is well formed.
     */
    public static List<String> problems(String text) {
        List<String> out = new java.util.ArrayList<>();
        int from = 0;
        while ((from = text.indexOf(OPEN, from)) >= 0) {
            int close = text.indexOf('}', from);
            int nextOpen = text.indexOf(OPEN, from + OPEN.length());
            if (close < 0 || nextOpen >= 0 && nextOpen < close) {
                int end = nextOpen >= 0 ? nextOpen : text.length();
                out.add("unclosed secret reference " + Printable.quote(text.substring(from, end))
                        + ": expected ${secret:NAME} with its closing '}'");
                from = end;
                continue;
            }
            String name = text.substring(from + OPEN.length(), close);
            if (!NAME.matcher(name).matches()) {
                out.add("bad secret reference " + Printable.quote(text.substring(from, close + 1))
                        + ": expected ${secret:NAME} with a NAME of letters, digits, '_', '.' or '-'");
            }
            from = close + 1;
        }
        return out;
    }

    private static void collect(Object value, Set<String> into) {
        if (value instanceof String s) {
            Matcher m = REFERENCE.matcher(s);
            while (m.find()) {
                into.add(m.group(1));
            }
        } else if (value instanceof List<?> l) {
            l.forEach(x -> collect(x, into));
        } else if (value instanceof Map<?, ?> m) {
            m.values().forEach(x -> collect(x, into));
        }
    }
}
