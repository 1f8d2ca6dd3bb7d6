package deployer.core.spi;

import deployer.core.config.Config;
import deployer.core.model.RunId;

import java.nio.file.Path;
import java.util.List;

/**
 * What a generator works from: the merged config, the package files named on the command line
 * ({@code --component}/{@code --directory}), the run's hosts ({@link Hosts}: to read remote versions over
 * the same connections the run will use) and the id of the run planning it.
 *
 * <p>A plan may be saved and executed later, more than once: a path that must differ per execution should carry
 * the placeholder {@value RunId#PLACEHOLDER}, which the engine fills with the executing run's id, rather than
 * {@code runId} itself.
 */
public record GeneratorContext(Config config, List<Path> components, Hosts hosts, RunId runId) {

    public GeneratorContext {
        components = List.copyOf(components);
    }

    public GeneratorContext(Config config, List<Path> components, Hosts hosts) {
        this(config, components, hosts, RunId.create());
    }
}
