package deployer.core.internal.api;

import deployer.core.api.Deployment;
import deployer.core.config.Config;
import deployer.core.exec.Run;
import deployer.core.exec.RunListener;
import deployer.core.exec.ValidatedPlan;
import deployer.core.internal.exec.CommandRegistry;
import deployer.core.internal.exec.Engine;
import deployer.core.internal.exec.GeneratorRegistry;
import deployer.core.internal.host.HostPool;
import deployer.core.internal.exec.LoggingListener;
import deployer.core.json.TasklistReader;
import deployer.core.model.InvalidInputException;
import deployer.core.model.RunId;
import deployer.core.model.RunIdPlaceholder;
import deployer.core.model.Tasklist;
import deployer.core.spi.GeneratorContext;
import deployer.core.spi.HostException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A {@link Deployment} on this JVM's engine: one config, one run id, one pool of host connections. */
final class EngineDeployment implements Deployment {

    private final Config config;
    private final GeneratorRegistry generators;
    private final CommandRegistry commands;
    private final HostPool hosts;
    private final RunId runId = RunId.create();

    EngineDeployment(Config config, GeneratorRegistry generators, CommandRegistry commands, HostPool hosts) {
        this.config = config;
        this.generators = generators;
        this.commands = commands;
        this.hosts = hosts;
    }

    @Override
    public Config config() {
        return config;
    }

    @Override
    public RunId runId() {
        return runId;
    }

    @Override
    public Tasklist generate(List<Path> packages) throws InvalidInputException, HostException, InterruptedException {
        return generators.forConfig(config).generate(new GeneratorContext(config, packages, hosts, runId));
    }

    @Override
    public Tasklist read(Path tasklistFile) throws InvalidInputException {
        return TasklistReader.read(tasklistFile);
    }

    @Override
    public ValidatedPlan validate(Tasklist tasklist) throws InvalidInputException {
        return new Engine(commands, List.of()).validate(RunIdPlaceholder.fill(tasklist, runId), hosts.supportsRemoteHosts());
    }

    @Override
    public Run start(ValidatedPlan plan, RunListener... listeners) {
        List<RunListener> all = new ArrayList<>(List.of(new LoggingListener()));
        all.addAll(List.of(listeners));
        return new Engine(commands, all).newRun(plan, hosts, runId, List.of()).start();
    }

    @Override
    public void close() {
        hosts.close();
    }
}
