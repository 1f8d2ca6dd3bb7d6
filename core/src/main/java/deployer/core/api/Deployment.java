package deployer.core.api;

import deployer.core.config.Config;
import deployer.core.exec.CommandRegistry;
import deployer.core.exec.Executor;
import deployer.core.exec.GeneratorRegistry;
import deployer.core.internal.exec.LoggingListener;
import deployer.core.exec.Run;
import deployer.core.exec.RunListener;
import deployer.core.exec.ValidatedPlan;
import deployer.core.exec.HostPool;
import deployer.core.json.TasklistReader;
import deployer.core.model.InvalidInputException;
import deployer.core.model.RunId;
import deployer.core.model.RunIdPlaceholder;
import deployer.core.model.Tasklist;
import deployer.core.spi.Generator;
import deployer.core.spi.GeneratorContext;
import deployer.core.spi.HostException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One deployment under one config and one run id: generate or read its tasklist, validate it, start its run. Holds
 * the connections to its hosts (opened on first use, shared by generation and the run); close it to close them.
 */
public final class Deployment implements AutoCloseable {

    private final Config config;
    private final GeneratorRegistry generators;
    private final CommandRegistry commands;
    private final HostPool hosts;
    private final RunId runId = RunId.create();

    Deployment(Config config, GeneratorRegistry generators, CommandRegistry commands, HostPool hosts) {
        this.config = config;
        this.generators = generators;
        this.commands = commands;
        this.hosts = hosts;
    }

    public Config config() {
        return config;
    }

    public RunId runId() {
        return runId;
    }

    /**
     * The config platform's generator's plan for these packages (empty: the config's own default, if it has one).
     * Generators read the hosts' state (installed releases) over this deployment's connections.
     */
    public Tasklist generate(List<Path> packages) throws InvalidInputException, HostException, InterruptedException {
        String platform = config.string("platform").orElseThrow(() -> config.error("a config to generate from needs 'platform'"));
        Generator generator = generators.forPlatform(platform).orElseThrow(() -> config.error("unknown platform '" + platform
                + "'; known platforms: " + String.join(", ", generators.platforms()), "platform"));
        return generator.generate(new GeneratorContext(config, packages, hosts, runId));
    }

    /** A saved (possibly hand-edited) tasklist; every problem of its structure is reported at once. */
    public Tasklist read(Path tasklistFile) throws InvalidInputException {
        return TasklistReader.read(tasklistFile);
    }

    /** Builds and initializes every command of the plan, with this deployment's run id filled in; runs nothing. */
    public ValidatedPlan validate(Tasklist tasklist) throws InvalidInputException {
        return new Executor(commands, List.of()).validate(RunIdPlaceholder.fill(tasklist, runId), hosts.supportsRemoteHosts());
    }

    /**
     * Starts the run and returns at once; {@link Run#await()} gives its report, {@link Run#stop()} and
     * {@link Run#abort()} are Ctrl-C once and twice. The run logs as the CLI does; {@code listeners} hear every
     * event, in order (one that throws is detached and never changes a result).
     */
    public Run start(ValidatedPlan plan, RunListener... listeners) {
        List<RunListener> all = new ArrayList<>(List.of(new LoggingListener()));
        all.addAll(List.of(listeners));
        return new Executor(commands, all).newRun(plan, hosts, runId, List.of()).start();
    }

    @Override
    public void close() {
        hosts.close();
    }
}
