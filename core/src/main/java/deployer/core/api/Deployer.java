package deployer.core.api;

import deployer.core.model.InvalidInputException;

import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The deployer as a library, in the shape of the spec's top-level script: config → tasklist from a generator (or a
 * saved one) → validate every task → run → report. Programs that embed the deployer use this package and the
 * values it hands out ({@code Tasklist}, {@code ValidatedPlan}, {@code Run}, {@code RunReport}, {@code RunEvent});
 * the CLIs are built the same way.
 *
 * <pre>{@code
 * Deployer deployer = Deployer.withInstalledPlugins();
 * try (Deployment d = deployer.open(Path.of("conf/test.yaml"), Map.of("redeploy", true))) {
 *     ValidatedPlan plan = d.validate(d.generate(List.of()));
 *     RunReport report = d.start(plan, myListener).await();
 * }
 * }</pre>
 *
 * <p>The engine behind it is found with {@link ServiceLoader}, as commands and generators are: this package names
 * none of the engine's classes, so they can change without a program that embeds the deployer noticing.
 */
public interface Deployer {

    /** The engine, with the generators and commands found on the class path (ServiceLoader), as the CLIs use them. */
    static Deployer withInstalledPlugins() {
        return ServiceLoader.load(Deployer.class, Deployer.class.getClassLoader()).findFirst()
                .orElseThrow(() -> new IllegalStateException("no deployer engine on the class path: add deployer-core"));
    }

    /**
     * Loads a config, checked against its platform's declared schema (every problem at once), with
     * command-line style overrides on top (config keys such as {@code redeploy}, {@code target_hosts}); opens the
     * hosts it names lazily.
     *
     * @throws InvalidInputException every problem of the config, with file:line:column
     */
    Deployment open(Path configFile, Map<String, Object> overrides) throws InvalidInputException;

    /** For running saved tasklists on local hosts only, without a config. */
    Deployment openLocal();
}
