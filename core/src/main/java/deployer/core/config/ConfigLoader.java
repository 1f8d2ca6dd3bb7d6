package deployer.core.config;

import deployer.core.json.Node;
import deployer.core.json.NodeReader;
import deployer.core.model.InvalidInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Map;

/**
 * Loads a config file through the layers: the YAML file, then its {@code *_defaults} mix-ins. (An environment
 * overlay slots in between when environments land.) Command-line options come last via
 * {@link Config#withCommandLine}.
 */
public final class ConfigLoader {

    private static final Logger LOG = LoggerFactory.getLogger("deployer.core.config.Config");

    private ConfigLoader() {
    }

    public static Config load(Path file) throws InvalidInputException {
        LOG.info("Loading configuration from {}", file);
        Node root = NodeReader.readYaml(file);
        return fromNode(root, file.toString());
    }

    public static Config fromYaml(String yaml, String name) throws InvalidInputException {
        return fromNode(NodeReader.readYaml(yaml, name), name);
    }

    private static Config fromNode(Node root, String name) throws InvalidInputException {
        if (!root.isMap()) {
            throw new InvalidInputException(root.location().toString(), "a config must be a YAML mapping with at least a 'platform' key, got " + root.typeName());
        }
        Map<String, Node> top = root.asMap();
        Node platform = top.get("platform");
        if (platform == null || !(platform.value() instanceof String p) || p.isBlank()) {
            String where = platform == null ? name : platform.location().toString();
            throw new InvalidInputException(where, "the config needs 'platform: NAME' (it picks the generator)");
        }
        return new Config(DefaultsMixer.mix(root), name);
    }
}
