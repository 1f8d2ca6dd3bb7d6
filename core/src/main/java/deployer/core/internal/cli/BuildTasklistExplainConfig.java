package deployer.core.internal.cli;

import deployer.core.config.ConfigReference;
import deployer.core.config.MapSchema;
import deployer.core.internal.exec.GeneratorRegistry;

import java.util.Map;
import java.util.TreeMap;

/** {@code build-tasklist --explain-config PLATFORM}: the declared config keys of a platform, as Markdown tables. */
final class BuildTasklistExplainConfig {

    static final String ALL = "all";

    private BuildTasklistExplainConfig() {
    }

    static String text(String platform, GeneratorRegistry generators) throws UsageException {
        if (platform.equals(ALL)) {
            return ConfigReference.document(schemas(generators));
        }
        MapSchema schema = generators.schema(platform).orElseThrow(() -> new UsageException("--explain-config: "
                + generators.unknownPlatform(platform) + " (or 'all')"));
        return ConfigReference.explain(platform, schema);
    }

    /** Every platform's declared keys, by platform name: what CONFIG.md is generated from. */
    static Map<String, MapSchema> schemas(GeneratorRegistry generators) {
        Map<String, MapSchema> all = new TreeMap<>();
        generators.platforms().forEach(p -> all.put(p, generators.schema(p).orElseThrow()));
        return all;
    }
}
