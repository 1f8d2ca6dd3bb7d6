package deployer.core.spi;

import deployer.core.config.Config;
import deployer.core.host.HostPool;

import java.nio.file.Path;
import java.util.List;

/**
 * What a generator works from: the merged config, the package files named on the command line
 * ({@code --component}/{@code --directory}) and the run's hosts (to read remote versions over the same
 * connections the run will use).
 */
public record GeneratorContext(Config config, List<Path> components, HostPool hosts) {

    public GeneratorContext {
        components = List.copyOf(components);
    }
}
