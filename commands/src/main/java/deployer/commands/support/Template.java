package deployer.commands.support;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A command line, path or URL from the config with {@code {placeholder}}s that a command fills in.
 *
 * <p>A placeholder is {@code {name}} with a lower-case name; {@code ${VAR}} (shell parameter expansion) and braces
 * around anything else ({@code awk '{print $1}'}) are left alone, so ordinary shell text needs no escaping.
 */
public final class Template {

    /** How the filled-in values are written. */
    public enum Kind {
        /** A shell line: each value becomes one single-quoted word. */
        SHELL,
        /** A path or URL: values are inserted as they are; the caller quotes the whole result if it reaches a shell. */
        TEXT
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("(?<!\\$)\\{([a-z_]+)}");

    private final String key;
    private final String text;
    private final Kind kind;

    private Template(String key, String text, Kind kind) {
        this.key = key;
        this.text = text;
        this.kind = kind;
    }

    /**
     * Parses {@code text} (the value of argument {@code key}). Returns the template and adds to {@code problems}
     * every placeholder not in {@code known}, and, for shell templates, every placeholder the author put inside
     * quotes (the value is quoted already; extra quotes would change it).
     */
    public static Template parse(String key, String text, Kind kind, Set<String> known, List<String> problems) {
        Template t = new Template(key, text, kind);
        boolean[] quoted = kind == Kind.SHELL ? quotedPositions(text) : new boolean[text.length()];
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            String name = m.group(1);
            if (!known.contains(name)) {
                problems.add("argument '" + key + "': unknown placeholder {" + name + "}; known placeholders: "
                        + String.join(", ", known.stream().sorted().map(n -> "{" + n + "}").toList()));
            } else if (quoted[m.start()]) {
                problems.add("argument '" + key + "': placeholder {" + name + "} is inside quotes; remove them,"
                        + " the value is quoted for the shell already");
            }
        }
        return t;
    }

    public String key() {
        return key;
    }

    /** The placeholders used, in order of first use. */
    public Set<String> placeholders() {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** The text with every placeholder replaced; {@code values} must hold every placeholder used. */
    public String fill(Map<String, String> values) {
        Function<String, String> write = kind == Kind.SHELL ? deployer.core.spi.Shell::quote : Function.identity();
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalStateException("no value for {" + m.group(1) + "} in argument '" + key + "'");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(write.apply(value)));
        }
        m.appendTail(out);
        return out.toString();
    }

    @Override
    public String toString() {
        return text;
    }

    /** For each character, whether sh would read it inside single or double quotes. */
    private static boolean[] quotedPositions(String s) {
        boolean[] quoted = new boolean[s.length()];
        char open = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (open == 0) {
                if (c == '\\') {
                    i++;
                } else if (c == '\'' || c == '"') {
                    open = c;
                }
            } else {
                quoted[i] = true;
                if (c == open) {
                    open = 0;
                } else if (open == '"' && c == '\\' && i + 1 < s.length()) {
                    quoted[++i] = true;
                }
            }
        }
        return quoted;
    }
}
