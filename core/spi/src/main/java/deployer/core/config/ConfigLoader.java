package deployer.core.config;

import deployer.core.json.Node;
import deployer.core.json.NodeReader;
import deployer.core.model.InvalidInputException;
import deployer.core.model.Problem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Loads a config file through the layers: the YAML file, the environment's overlay ({@code environments/NAME.yaml}
 * beside it, see {@link EnvironmentOverlay}), then the {@code *_defaults} mix-ins. Command-line options come last via
 * {@link Config#withCommandLine}. Every value keeps the file:line:column it was written at. {@link #load(Path, PlatformSchemas)} checks the file against the declared schema
 * of its platform and reports every problem at once.
 */
public final class ConfigLoader {

    private static final Logger LOG = LoggerFactory.getLogger("deployer.core.config.Config");

    private ConfigLoader() {
    }

    /** Loads and validates: unknown keys, wrong types, ranges and missing keys are all reported together. */
    public static Config load(Path file, PlatformSchemas platforms) throws InvalidInputException {
        LOG.info("Loading configuration from {}", file);
        return validated(NodeReader.readYaml(file), file.toString(), platforms);
    }

    /**
     * Loads the config with the overlay of {@code environment} (null for none) laid over it, and validates the merged
     * config: a problem in the overlay is reported at the overlay's file:line:column.
     */
    public static Config load(Path file, PlatformSchemas platforms, String environment) throws InvalidInputException {
        if (environment == null) {
            return load(file, platforms);
        }
        LOG.info("Loading configuration from {} for environment {}", file, environment);
        Path overlay = EnvironmentOverlay.file(file, environment);
        Node merged = EnvironmentOverlay.apply(NodeReader.readYaml(file), EnvironmentOverlay.read(overlay, environment));
        return validated(merged, file.toString(), platforms).inEnvironment(environment);
    }

    public static Config fromYaml(String yaml, String name, PlatformSchemas platforms) throws InvalidInputException {
        return validated(NodeReader.readYaml(yaml, name), name, platforms);
    }

    /** Loads without the schema check (for generator unit tests that build plans from fragments). */
    public static Config load(Path file) throws InvalidInputException {
        LOG.info("Loading configuration from {}", file);
        Node root = NodeReader.readYaml(file);
        return fromNode(root, file.toString());
    }

    /** Reads without the schema check (for generator unit tests that build plans from fragments). */
    public static Config fromYaml(String yaml, String name) throws InvalidInputException {
        return fromNode(NodeReader.readYaml(yaml, name), name);
    }

    private static Config validated(Node root, String name, PlatformSchemas platforms) throws InvalidInputException {
        requireMapping(root);
        List<Problem> problems = new ArrayList<>();
        MapSchema schema = CoreSchema.TOP.plus(MapSchema.open());
        Node platform = root.asMap().get(CoreSchema.PLATFORM.name());
        if (platform != null && platform.value() instanceof String p) {
            Optional<MapSchema> own = platforms.schema(p);
            if (own.isPresent()) {
                schema = CoreSchema.forPlatform(own.get());
            } else {
                problems.add(new Problem(platform.location() + " platform", platforms.unknownPlatform(p)));
            }
        }
        DefaultsMixer.Mixed mixed = DefaultsMixer.mixRecording(root);
        problems.addAll(ConfigValidator.validate(root, mixed, schema));
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return new Config(mixed.root(), name);
    }

    private static Config fromNode(Node root, String name) throws InvalidInputException {
        requireMapping(root);
        Node platform = root.asMap().get("platform");
        if (platform == null || !(platform.value() instanceof String p) || p.isBlank()) {
            String where = platform == null ? name : platform.location().toString();
            throw new InvalidInputException(where, "the config needs 'platform: NAME' (it picks the generator)");
        }
        return new Config(DefaultsMixer.mix(root), name);
    }

    private static void requireMapping(Node root) throws InvalidInputException {
        if (!root.isMap()) {
            throw new InvalidInputException(root.location().toString(), "a config must be a YAML mapping with at least a 'platform' key, got "
                    + ConfigValidator.got(root));
        }
    }
}
