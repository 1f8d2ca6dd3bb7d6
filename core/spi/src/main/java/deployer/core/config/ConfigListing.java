package deployer.core.config;

import deployer.core.json.Node;
import deployer.core.model.Secret;
import deployer.core.model.SecretReference;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The merged config as {@code build-tasklist --show-config} prints it: one line per value, its dotted path, the
 * value and where it was written (file:line:column, or "command line"), so "which layer set this?" is one grep.
 * Values of keys named like credentials are masked; a {@code ${secret:NAME}} reference is shown, since it is
 * not the value.
 */
public final class ConfigListing {

    /** Key names whose values are credentials; {@code *_file} keys name a file, which is not one. */
    private static final Pattern SENSITIVE = Pattern.compile("(?i).*(password|passphrase|passwd|secret|token|credential|private_key|api_key).*");
    private static final int VALUE_COLUMN = 56;

    private ConfigListing() {
    }

    public static String text(Config config) {
        List<String[]> rows = new ArrayList<>();
        walk(config.root(), "", false, rows);
        StringBuilder out = new StringBuilder();
        out.append("# ").append(config.source()).append(config.environment().map(e -> ", environment " + e).orElse(""))
                .append(": every value with where it was set\n");
        for (String[] r : rows) {
            String left = r[0];
            out.append(left).append(" ".repeat(Math.max(1, VALUE_COLUMN - left.length()))).append("# ").append(r[1]).append('\n');
        }
        return out.toString();
    }

    private static void walk(Node n, String path, boolean sensitive, List<String[]> rows) {
        if (n.isMap() && !n.asMap().isEmpty()) {
            n.asMap().forEach((k, v) -> walk(v, path.isEmpty() ? k : path + "." + k, sensitive || isSensitive(k), rows));
            return;
        }
        rows.add(new String[]{path + ": " + shown(n, sensitive), n.location().toString()});
    }

    static boolean isSensitive(String key) {
        return SENSITIVE.matcher(key).matches() && !key.endsWith("_file");
    }

    private static String shown(Node n, boolean sensitive) {
        Object v = n.value();
        if (v instanceof Map) {
            return "{}";
        }
        if (v instanceof List) {
            List<String> items = new ArrayList<>();
            n.asList().forEach(x -> items.add(shown(x, sensitive)));
            return "[" + String.join(", ", items) + "]";
        }
        if (v == null) {
            return "null";
        }
        if (sensitive && !onlyReferences(v)) {
            return Secret.MASK;
        }
        if (v instanceof String s && (s.isEmpty() || !s.strip().equals(s) || s.contains(": ") || s.contains(" #"))) {
            return "'" + s.replace("'", "''") + "'";
        }
        return String.valueOf(v);
    }

    /** A value that is nothing but {@code ${secret:…}} references (and text around them that is no secret). */
    private static boolean onlyReferences(Object v) {
        return v instanceof String s && SecretReference.holdsAny(s) && SecretReference.replace(s, n -> "").isBlank();
    }
}
