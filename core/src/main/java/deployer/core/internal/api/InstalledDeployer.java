package deployer.core.internal.api;

import deployer.core.api.Deployer;
import deployer.core.api.Deployment;
import deployer.core.config.Config;
import deployer.core.config.ConfigLoader;
import deployer.core.internal.exec.CommandRegistry;
import deployer.core.internal.exec.GeneratorRegistry;
import deployer.core.internal.host.HostPool;
import deployer.core.internal.host.ssh.RemoteConnectors;
import deployer.core.model.InvalidInputException;

import java.nio.file.Path;
import java.util.Map;

/** The engine behind {@link Deployer#withInstalledPlugins()} (a ServiceLoader provider): the plugins on the class path. */
public final class InstalledDeployer implements Deployer {

    private final GeneratorRegistry generators = GeneratorRegistry.load();
    private final CommandRegistry commands = CommandRegistry.load();

    @Override
    public Deployment open(Path configFile, Map<String, Object> overrides) throws InvalidInputException {
        Config config = ConfigLoader.load(configFile, generators).withCommandLine(overrides);
        return new EngineDeployment(config, generators, commands, RemoteConnectors.hostPool(config));
    }

    @Override
    public Deployment openLocal() {
        return new EngineDeployment(Config.empty(), generators, commands, HostPool.localOnly());
    }
}
