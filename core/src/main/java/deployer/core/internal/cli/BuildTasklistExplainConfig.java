package deployer.core.internal.cli;

import deployer.core.config.ConfigReference;
import deployer.core.config.MapSchema;
import deployer.core.internal.exec.GeneratorRegistry;

import deployer.core.spi.Generator;
import deployer.core.spi.PlatformOption;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** {@code build-tasklist --explain-config PLATFORM}: the declared config keys of a platform, as Markdown tables. */
final class BuildTasklistExplainConfig {

    static final String ALL = "all";

    private BuildTasklistExplainConfig() {
    }

    static String text(String platform, GeneratorRegistry generators) throws UsageException {
        if (platform.equals(ALL)) {
            return ConfigReference.document(schemas(generators), p -> options(generators.forPlatform(p).orElseThrow()));
        }
        MapSchema schema = generators.schema(platform).orElseThrow(() -> new UsageException("--explain-config: "
                + generators.unknownPlatform(platform) + " (or 'all')"));
        return ConfigReference.explain(platform, schema, options(generators.forPlatform(platform).orElseThrow()));
    }

    /** The platform's command-line options as a table: the option, what it sets, the sub-commands that take it. */
    static String options(Generator generator) {
        List<PlatformOption> options = generator.commandLineOptions();
        if (options.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("### Command-line options\n\n")
                .append("Declared by the generator; an option typed wins over the config's key. Taken by: plan = `deploy`,\n")
                .append("`build-tasklist`, `deploy shell`; status = `deploy status`; locks = `deploy lock release`; ad-hoc = `deploy run`.\n\n")
                .append("| Option | Sets | Taken by | Description |\n|--------|------|----------|-------------|\n");
        for (PlatformOption o : options) {
            String sets = o.target() instanceof PlatformOption.SetsKey k ? "`" + k.key().name() + "`" : "the packages";
            String uses = String.join(", ", Arrays.stream(PlatformOption.Use.values()).filter(o.uses()::contains)
                    .map(u -> u.name().toLowerCase(Locale.ROOT).replace('_', '-')).toList());
            out.append("| `--").append(o.name()).append(o.argName() == null ? "" : " " + o.argName()).append("` | ")
                    .append(sets).append(" | ").append(uses).append(" | ").append(o.description().replace("|", "\\|")).append(" |\n");
        }
        return out.append("\n").toString();
    }

    /** Every platform's declared keys, by platform name: what CONFIG.md is generated from. */
    static Map<String, MapSchema> schemas(GeneratorRegistry generators) {
        Map<String, MapSchema> all = new TreeMap<>();
        generators.platforms().forEach(p -> all.put(p, generators.schema(p).orElseThrow()));
        return all;
    }
}
