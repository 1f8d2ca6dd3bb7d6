package deployer.core.internal.cli;

import deployer.core.config.Config;
import deployer.core.config.CoreSchema;
import deployer.core.config.secrets.KeySources;
import deployer.core.config.secrets.SecretStore;
import deployer.core.config.secrets.SecretsKey;
import deployer.core.model.InvalidInputException;
import deployer.core.spi.Secrets;
import org.apache.commons.cli.CommandLine;

import java.nio.file.Path;

/**
 * The secrets file of a run's environment and its key, from the options and the config. Opened only when something
 * refers to a secret, so that a plan without secrets needs no key.
 */
final class RunSecrets {

    private RunSecrets() {
    }

    /** {@code secrets/ENV.yaml.enc} beside the config, or null without --config and --environment. */
    static Path file(CommandLine cl) {
        if (!cl.hasOption("config") || !cl.hasOption("environment")) {
            return null;
        }
        return SecretStore.fileFor(Path.of(cl.getOptionValue("config")), cl.getOptionValue("environment"));
    }

    static SecretsKey key(CommandLine cl, Config config, Path file) throws InvalidInputException {
        Path option = cl.hasOption("secrets-key-file") ? Path.of(cl.getOptionValue("secrets-key-file")) : null;
        Path fromConfig = null;
        if (config != null && config.has(CoreSchema.SECRETS_KEY_FILE.name())) {
            Path p = Path.of(config.string(CoreSchema.SECRETS_KEY_FILE.name()).orElseThrow());
            // Relative to the config's directory, like the other files a config names.
            fromConfig = p.isAbsolute() ? p : Path.of(cl.getOptionValue("config")).resolveSibling(p.toString());
        }
        return KeySources.find(option, fromConfig, System.getenv(), System.console(), file);
    }

    /** The environment's secrets, or {@link Secrets#NONE} when there is no environment to take them from. */
    static Secrets open(CommandLine cl, Config config) throws InvalidInputException {
        Path file = file(cl);
        if (file == null) {
            return Secrets.NONE;
        }
        return SecretStore.open(file, key(cl, config, file));
    }
}
