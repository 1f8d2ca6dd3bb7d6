package deployer.core.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The config reference as Markdown tables, generated from the declarations: what
 * {@code build-tasklist --explain-config PLATFORM} prints, and what CONFIG.md holds (a test keeps the two equal).
 */
public final class ConfigReference {

    private ConfigReference() {
    }

    /** The whole reference: core's keys, then each platform's own, platforms in name order. */
    public static String document(Map<String, MapSchema> platforms) {
        return document(platforms, platform -> "");
    }

    /**
     * The whole reference, each platform's part followed by {@code more} of it (its command-line options, which the
     * CLI knows how to show).
     */
    public static String document(Map<String, MapSchema> platforms, java.util.function.Function<String, String> more) {
        StringBuilder out = new StringBuilder();
        out.append("# Config reference\n\n")
                .append("Generated from the declarations in the code (core: `core/spi/src/main/java/deployer/core/config/CoreSchema.java`;\n")
                .append("each platform: its generator's `configSchema()`); `bin/build-tasklist --explain-config PLATFORM` prints\n")
                .append("the part for one platform. A test fails when this file is out of date: regenerate it with\n")
                .append("`bin/build-tasklist --explain-config all > CONFIG.md`.\n\n")
                .append("Every key is checked before anything runs: an unknown key (with a \"did you mean\"), a wrong type, a value\n")
                .append("out of range and a missing required key are each reported at file:line:column, all at once (exit 2).\n\n");
        out.append(core());
        platforms.forEach((name, schema) -> out.append("\n").append(platform(name, schema)).append(more.apply(name)));
        return out.toString();
    }

    /** What {@code --explain-config PLATFORM} prints: core's keys and the platform's. */
    public static String explain(String platform, MapSchema schema) {
        return explain(platform, schema, "");
    }

    /** {@link #explain(String, MapSchema)} followed by {@code more} of the platform (its command-line options). */
    public static String explain(String platform, MapSchema schema, String more) {
        return core() + "\n" + platform(platform, schema) + more;
    }

    static String core() {
        StringBuilder out = new StringBuilder("## Keys of every platform\n\n");
        tables(out, "", CoreSchema.TOP, "Top level");
        return out.toString();
    }

    static String platform(String name, MapSchema schema) {
        StringBuilder out = new StringBuilder("## platform: " + name + "\n\n");
        if (schema.isOpen() && schema.keys().isEmpty()) {
            return out.append("This generator declares no keys: its config is passed to it unchecked.\n").toString();
        }
        tables(out, "", schema, "Top level");
        if (schema.keys().stream().anyMatch(k -> ConfigValidator.entrySchema(k.type()).isPresent())) {
            out.append("`X_defaults` (a top-level mapping) is mixed into entries: `").append(firstEntries(schema))
                    .append("_defaults` into every entry of `").append(firstEntries(schema))
                    .append("`, and `V_defaults` into every entry holding the value `V` (e.g. `backend_defaults` into a service with\n")
                    .append("`category: backend`). Explicit values win over by-value blocks, which win over by-key blocks. Each block is\n")
                    .append("checked against the keys of the entries it is mixed into.\n");
        }
        return out.toString();
    }

    private static String firstEntries(MapSchema schema) {
        List<String> names = schema.keys().stream().filter(k -> ConfigValidator.entrySchema(k.type()).isPresent()).map(ConfigKey::name).toList();
        return names.contains("service") ? "service" : names.get(0);
    }

    /** One table for {@code schema}, then one per nested mapping, depth first. */
    private static void tables(StringBuilder out, String prefix, MapSchema schema, String title) {
        out.append("### ").append(title).append("\n\n");
        out.append("| Key | Type | Required | Default | Description |\n");
        out.append("|-----|------|----------|---------|-------------|\n");
        List<Runnable> nested = new ArrayList<>();
        for (ConfigKey k : schema.keys()) {
            out.append("| `").append(k.name()).append("` | ").append(cell(typeText(k.type()))).append(" | ")
                    .append(k.required() ? "yes" : "no").append(" | ")
                    .append(defaultCell(k)).append(" | ")
                    .append(cell(k.description())).append(" |\n");
            for (Nested n : nested(prefix + k.name(), k.type())) {
                nested.add(() -> tables(out, n.path() + ".", n.schema(), "`" + n.path() + ".*`"));
            }
        }
        out.append("\n");
        nested.forEach(Runnable::run);
    }

    private record Nested(String path, MapSchema schema) {
    }

    private static List<Nested> nested(String path, ValueType type) {
        List<Nested> out = new ArrayList<>();
        if (type instanceof ValueType.Mapping m) {
            out.add(new Nested(path, m.schema()));
        } else if (type instanceof ValueType.Entries e) {
            out.addAll(nested(path + ".<name>", e.entry()));
        } else if (type instanceof ValueType.AnyOf a) {
            a.alternatives().forEach(alt -> out.addAll(nested(path, alt)));
        } else if (type instanceof ValueType.ListOf l) {
            out.addAll(nested(path + "[]", l.element()));
        }
        return out;
    }

    /** The Type column: a mapping names the table that lists its keys. */
    private static String typeText(ValueType type) {
        if (type instanceof ValueType.Mapping) {
            return "mapping (keys below)";
        }
        if (type instanceof ValueType.Entries e) {
            return "mapping of " + e.noun() + " name → " + entryText(e.entry());
        }
        if (type instanceof ValueType.AnyOf a) {
            return String.join(" or ", a.alternatives().stream().map(ConfigReference::typeText).toList());
        }
        return type.describe().replaceFirst("^an? ", "");
    }

    private static String entryText(ValueType type) {
        return type instanceof ValueType.Mapping ? "mapping (keys below)" : typeText(type);
    }

    /** A plain default as code; a worked-out one ("the local user") as words. */
    private static String defaultCell(ConfigKey k) {
        if (k.defaultText() != null) {
            return cell(k.defaultText());
        }
        return k.defaultValue() == null ? "" : "`" + k.defaultValue() + "`";
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}
