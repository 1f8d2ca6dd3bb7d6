package deployer.core.api;

import deployer.core.config.Config;
import deployer.core.config.ConfigLoader;
import deployer.core.exec.CommandRegistry;
import deployer.core.exec.GeneratorRegistry;
import deployer.core.exec.HostPool;
import deployer.core.internal.host.RemoteConnectors;
import deployer.core.model.InvalidInputException;

import java.nio.file.Path;
import java.util.Map;

/**
 * The deployer as a library, in the shape of the spec's top-level script: config → tasklist from a generator (or a
 * saved one) → validate every task → run → report. Programs that embed the deployer use this package and the
 * records it hands out ({@code Tasklist}, {@code ValidatedPlan}, {@code Run}, {@code RunReport}, {@code RunEvent});
 * the CLIs are built the same way.
 *
 * <pre>{@code
 * Deployer deployer = Deployer.withInstalledPlugins();
 * try (Deployment d = deployer.open(Path.of("conf/test.yaml"), Map.of("redeploy", true))) {
 *     ValidatedPlan plan = d.validate(d.generate(List.of()));
 *     RunReport report = d.start(plan, myListener).await();
 * }
 * }</pre>
 */
public final class Deployer {

    private final GeneratorRegistry generators;
    private final CommandRegistry commands;

    private Deployer(GeneratorRegistry generators, CommandRegistry commands) {
        this.generators = generators;
        this.commands = commands;
    }

    /** The generators and commands found on the class path (ServiceLoader), as the CLIs use them. */
    public static Deployer withInstalledPlugins() {
        return new Deployer(GeneratorRegistry.load(), CommandRegistry.load());
    }

    /** Exactly these commands and the installed generators (a program that allows only some commands). */
    public static Deployer withCommands(CommandRegistry commands) {
        return new Deployer(GeneratorRegistry.load(), commands);
    }

    /**
     * Loads a config, checked against its platform's declared schema (every problem at once), with
     * command-line style overrides on top (config keys such as {@code redeploy}, {@code target_hosts}); opens the
     * hosts it names lazily.
     *
     * @throws InvalidInputException every problem of the config, with file:line:column
     */
    public Deployment open(Path configFile, Map<String, Object> overrides) throws InvalidInputException {
        Config config = ConfigLoader.load(configFile, generators).withCommandLine(overrides);
        return new Deployment(config, generators, commands, RemoteConnectors.hostPool(config));
    }

    /** For running saved tasklists on local hosts only, without a config. */
    public Deployment openLocal() {
        return new Deployment(Config.empty(), generators, commands, HostPool.localOnly());
    }
}
