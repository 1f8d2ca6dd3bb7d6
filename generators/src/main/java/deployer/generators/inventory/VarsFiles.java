package deployer.generators.inventory;

import deployer.core.json.Node;
import deployer.core.json.NodeReader;
import deployer.core.model.InvalidInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code group_vars/} and {@code host_vars/} beside an inventory source, as Ansible's {@code host_group_vars} plugin
 * finds them: for a name, the first of {@code NAME}, {@code NAME.yml}, {@code NAME.yaml}, {@code NAME.json} that
 * exists; a directory of that name gives every file under it (sorted, hidden ones and {@code ~} backups skipped).
 */
final class VarsFiles {

    private static final List<String> EXTENSIONS = List.of("", ".yml", ".yaml", ".json");

    private VarsFiles() {
    }

    static void load(Path base, InventoryBuilder builder) throws InvalidInputException {
        for (String g : builder.groupNames()) {
            for (Path f : find(base.resolve("group_vars"), g)) {
                for (Node v : entries(f)) {
                    builder.groupFileVar(g, key(v), value(v), Origins.of(v));
                }
            }
        }
        for (String h : builder.hostNames()) {
            for (Path f : find(base.resolve("host_vars"), h)) {
                for (Node v : entries(f)) {
                    builder.hostFileVar(h, key(v), value(v), Origins.of(v));
                }
            }
        }
    }

    // A variable is carried as a one-entry mapping: its key and its value node (which knows its line).
    private static String key(Node entry) {
        return entry.asMap().keySet().iterator().next();
    }

    private static Object value(Node entry) {
        return entry.asMap().values().iterator().next().toPlain();
    }

    private static List<Node> entries(Path file) throws InvalidInputException {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new InvalidInputException(file.toString(), "cannot read: " + e.getMessage());
        }
        if (text.isBlank() || text.strip().equals("---")) {
            return List.of();
        }
        Node root = NodeReader.readYaml(text, file.toString());
        if (root.value() == null) {
            return List.of();
        }
        if (!root.isMap()) {
            throw new InvalidInputException(Origins.of(root), "a variables file is a mapping of names to values, got " + root.typeName());
        }
        List<Node> out = new ArrayList<>();
        root.asMap().forEach((k, v) -> out.add(new Node(java.util.Map.of(k, v), v.location())));
        return out;
    }

    private static List<Path> find(Path dir, String name) throws InvalidInputException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        for (String ext : EXTENSIONS) {
            Path p = dir.resolve(name + ext);
            if (Files.isDirectory(p)) {
                return filesUnder(p);
            }
            if (Files.isRegularFile(p)) {
                return List.of(p);
            }
        }
        return List.of();
    }

    private static List<Path> filesUnder(Path dir) throws InvalidInputException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : entries.sorted().toList()) {
                String n = p.getFileName().toString();
                if (n.startsWith(".") || n.endsWith("~")) {
                    continue;
                }
                if (Files.isDirectory(p)) {
                    out.addAll(filesUnder(p));
                } else if (!n.contains(".") || EXTENSIONS.contains(n.substring(n.lastIndexOf('.')))) {
                    out.add(p);
                }
            }
        } catch (IOException e) {
            throw new InvalidInputException(dir.toString(), "cannot list: " + e.getMessage());
        }
        return out;
    }
}
