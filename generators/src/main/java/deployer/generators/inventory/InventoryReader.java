package deployer.generators.inventory;

import deployer.core.json.Node;
import deployer.core.json.NodeReader;
import deployer.core.model.InvalidInputException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads Ansible inventory sources in order (later ones win where they set the same variable) into one
 * {@link Inventory}. A source is a file, a directory of them or an executable, told apart as Ansible does:
 * <ul>
 *   <li>an executable file is a dynamic inventory ({@link ScriptInventory});</li>
 *   <li>a file ending in {@code .yml}, {@code .yaml} or {@code .json}, or with no extension and holding a YAML mapping,
 *       is a YAML inventory; any other file is INI;</li>
 *   <li>a directory is read entry by entry in name order (recursively), skipping what Ansible skips: hidden entries,
 *       {@code group_vars}, {@code host_vars}, {@code vars_plugins} and names ending in {@code .orig .ini .cfg .retry
 *       .pyc .pyo .swp .bak ~ .rpm .md .txt .rst}.</li>
 * </ul>
 * Then the {@code group_vars/} and {@code host_vars/} beside each source (in a directory source: inside it) are laid
 * over, source by source.
 */
public final class InventoryReader {

    private static final Pattern SKIPPED = Pattern.compile("^\\..*|^host_vars$|^group_vars$|^vars_plugins$"
            + "|.*(\\.orig|\\.ini|\\.cfg|\\.retry|\\.pyc|\\.pyo|\\.swp|\\.bak|~|\\.rpm|\\.md|\\.txt|\\.rst)$");
    private static final Set<String> YAML_EXTENSIONS = Set.of(".yml", ".yaml", ".json");

    private final Duration timeout;

    /** @param timeout how long one run of a dynamic inventory may take */
    public InventoryReader(Duration timeout) {
        this.timeout = timeout;
    }

    public Inventory read(List<Path> sources) throws InvalidInputException {
        InventoryBuilder builder = new InventoryBuilder();
        for (Path s : sources) {
            if (!Files.exists(s)) {
                throw new InvalidInputException(s.toString(), "inventory not found");
            }
            source(s, builder);
        }
        for (Path s : sources) {
            VarsFiles.load(Files.isDirectory(s) ? s : s.toAbsolutePath().getParent(), builder);
        }
        return builder.build();
    }

    private void source(Path p, InventoryBuilder builder) throws InvalidInputException {
        if (Files.isDirectory(p)) {
            try (Stream<Path> entries = Files.list(p)) {
                for (Path e : entries.sorted().toList()) {
                    if (!SKIPPED.matcher(e.getFileName().toString()).matches()) {
                        source(e, builder);
                    }
                }
            } catch (IOException e) {
                throw new InvalidInputException(p.toString(), "cannot list the inventory directory: " + e.getMessage());
            }
            return;
        }
        if (Files.isExecutable(p)) {
            ScriptInventory.run(p, timeout, builder);
            return;
        }
        String text;
        try {
            text = Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidInputException(p.toString(), "cannot read the inventory: " + e.getMessage());
        }
        String name = p.getFileName().toString();
        String ext = name.contains(".") ? name.substring(name.lastIndexOf('.')) : "";
        if (YAML_EXTENSIONS.contains(ext)) {
            if (!text.isBlank()) {
                YamlInventory.parse(NodeReader.readYaml(text, p.toString()), builder);
            }
            return;
        }
        if (ext.isEmpty()) {
            Node yaml = yamlMapping(text, p);
            if (yaml != null) {
                YamlInventory.parse(yaml, builder);
                return;
            }
        }
        IniInventory.parse(p, text.lines().toList(), builder);
    }

    /** The file as a YAML mapping, or null when it is none (then it is INI, as Ansible falls back from yaml to ini). */
    private static Node yamlMapping(String text, Path p) {
        try {
            Node n = NodeReader.readYaml(text, p.toString());
            return n.isMap() && n.asMap().values().stream().allMatch(v -> v.value() == null || v.isMap()) ? n : null;
        } catch (InvalidInputException notYaml) {
            return null;
        }
    }
}
