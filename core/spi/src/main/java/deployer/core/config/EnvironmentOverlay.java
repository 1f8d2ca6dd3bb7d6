package deployer.core.config;

import deployer.core.json.Node;
import deployer.core.json.NodeReader;
import deployer.core.model.InputFileException;
import deployer.core.model.InvalidInputException;
import deployer.core.model.SecretReference;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An environment's overlay ({@code environments/NAME.yaml} beside the config) laid over the base config: mappings
 * merge key by key, any other value (a list too) replaces the base's, and a key set to null ({@code key:},
 * {@code key: null} or {@code key: ~}) removes the key. Values keep their own locations, so a problem in the overlay points at the
 * overlay's line.
 */
public final class EnvironmentOverlay {

    private EnvironmentOverlay() {
    }

    /** Where the overlay of {@code environment} is: {@code environments/NAME.yaml} beside {@code config}. */
    public static Path file(Path config, String environment) throws InputFileException {
        checkName(environment);
        return config.resolveSibling("environments").resolve(environment + ".yaml");
    }

    /** An environment's name: what may stand in a file name without surprises. */
    public static void checkName(String environment) throws InputFileException {
        if (!SecretReference.NAME.matcher(environment).matches() || environment.startsWith(".")) {
            throw new InputFileException("--environment " + environment, "an environment's name has letters, digits, '_', '.' and '-'"
                    + " (and does not start with '.')");
        }
    }

    static Node read(Path overlay, String environment) throws InvalidInputException {
        if (!Files.isRegularFile(overlay)) {
            throw new InputFileException("--environment " + environment, "no overlay " + overlay
                    + " (an environment is a file environments/NAME.yaml beside the config)");
        }
        String text;
        try {
            text = Files.readString(overlay);
        } catch (java.io.IOException e) {
            throw InputFileException.of("--environment " + environment + ": " + overlay, e);
        }
        // An environment that differs only in its secrets has an empty overlay (or one of comments).
        if (text.lines().allMatch(l -> l.isBlank() || l.strip().startsWith("#"))) {
            return new Node(Map.of(), new deployer.core.model.SourceLocation(overlay.toString(), 0, 0));
        }
        Node root = NodeReader.readYaml(text, overlay.toString());
        if (root.value() == null) {
            return new Node(Map.of(), root.location());
        }
        if (!root.isMap()) {
            throw new InvalidInputException(root.location().toString(), "an environment overlay must be a YAML mapping (keys laid over the"
                    + " config), got " + ConfigValidator.got(root));
        }
        return root;
    }

    /** {@code overlay} over {@code base}: nested mappings merge, other values replace, null removes. */
    public static Node apply(Node base, Node overlay) {
        if (!base.isMap() || !overlay.isMap()) {
            return overlay;
        }
        Map<String, Node> out = new LinkedHashMap<>(base.asMap());
        overlay.asMap().forEach((k, v) -> {
            Node b = out.get(k);
            // YAML reads `key:` as an empty string; the schema refuses empty values anyway, so both mean "remove".
            if (v.value() == null || "".equals(v.value())) {
                out.remove(k);
            } else if (b != null && b.isMap() && v.isMap()) {
                out.put(k, apply(b, v));
            } else {
                out.put(k, v);
            }
        });
        return new Node(Collections.unmodifiableMap(out), base.location());
    }
}
