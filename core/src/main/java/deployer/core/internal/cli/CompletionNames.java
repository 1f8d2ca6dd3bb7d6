package deployer.core.internal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import deployer.core.internal.exec.GeneratorRegistry;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The hidden {@code build-tasklist --complete-names [--config FILE]} behind bin/completion.bash: the names a command
 * line may use, one {@code KIND<TAB>NAME} per line — {@code platform} always; with a config, its {@code hostgroup},
 * {@code host}, {@code service} and {@code category} names. Reads the YAML as it is, without validating it or
 * reaching any host (completion must be quick, and must work on a config still being written); an unreadable config
 * just adds no names.
 */
final class CompletionNames {

    static final String OPTION = "--complete-names";

    private CompletionNames() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Set<String> lines = new LinkedHashSet<>();
        GeneratorRegistry.load().platforms().forEach(p -> lines.add("platform\t" + p));
        String config = null;
        for (int i = 1; i < args.length; i++) {
            if ((args[i].equals("--config") || args[i].equals("-c")) && i + 1 < args.length) {
                config = args[++i];
            } else if (args[i].startsWith("--config=")) {
                config = args[i].substring("--config=".length());
            }
        }
        int exit = 0;
        if (config != null) {
            try {
                names(new ObjectMapper(new YAMLFactory()).readTree(Path.of(config).toFile()), lines);
            } catch (IOException | RuntimeException e) {
                err.println(BuildTasklist.SCRIPT + ": " + config + ": " + e.getMessage());
                exit = 2;
            }
        }
        lines.forEach(out::println);
        return exit;
    }

    private static void names(JsonNode root, Set<String> lines) {
        if (root == null || !root.isObject()) {
            return;
        }
        Set<String> hosts = new LinkedHashSet<>();
        root.path("hostgroup").fields().forEachRemaining(g -> {
            lines.add("hostgroup\t" + g.getKey());
            JsonNode list = g.getValue().isObject() ? g.getValue().path("hosts") : g.getValue();
            list.forEach(h -> {
                if (h.isTextual()) {
                    hosts.add(h.asText());
                }
            });
        });
        hosts.forEach(h -> lines.add("host\t" + h));
        Set<String> categories = new LinkedHashSet<>();
        root.path("service").fields().forEachRemaining(s -> {
            lines.add("service\t" + s.getKey());
            if (s.getValue().path("category").isTextual()) {
                categories.add(s.getValue().path("category").asText());
            }
        });
        categories.forEach(c -> lines.add("category\t" + c));
    }
}
