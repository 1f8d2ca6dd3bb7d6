package deployer.core.internal.cli;

import deployer.core.config.Config;
import deployer.core.internal.exec.Engine;
import deployer.core.internal.exec.GeneratorRegistry;
import deployer.core.exec.Run;
import deployer.core.exec.RunReport;
import deployer.core.exec.TaskResult;
import deployer.core.exec.TaskStatus;
import deployer.core.json.TasklistReader;
import deployer.core.model.InvalidInputException;
import deployer.core.model.OnFailure;
import deployer.core.model.Stage;
import deployer.core.model.StageItem;
import deployer.core.model.StagePolicy;
import deployer.core.model.Task;
import deployer.core.model.Tasklist;
import deployer.core.spi.Generator;
import deployer.core.spi.PlatformOption;
import deployer.core.spi.GeneratorContext;
import deployer.core.spi.HostException;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code deploy lock release}: removes the deploy locks a config's deploy takes, whoever holds them (as Kamal's
 * {@code kamal lock release}) — for a run that died holding them (kill -9, a lost controller) and will not be resumed.
 * The locks are the plan's own: the config's generator plans a deploy of every selected host, and each of its
 * {@code acquire_lock} tasks becomes a {@code release_lock} with {@code force}; what was removed (whose lease) is
 * printed per host.
 */
final class DeployLockRelease extends SubCommand {

    static final String SCRIPT = "deploy lock release";
    private static final Logger LOG = LoggerFactory.getLogger(Engine.LOGGER);

    @Override
    String name() {
        return SCRIPT;
    }

    @Override
    String synopsis() {
        return "--config FILE [--environment NAME] [--hosts HOST… | --hostgroups GROUP…]";
    }

    @Override
    String summary() {
        return "Remove the deploy locks that a deploy of the config takes, whoever holds them, and say whose lease each was:"
                + " for a run that died holding them (deploy says so when the holder's pid is gone from this machine)"
                + " and will not be resumed. A run that is alive loses its locks too: ask its holder first.";
    }

    @Override
    PlatformOption.Use platformUse() {
        return PlatformOption.Use.LOCKS;
    }

    @Override
    Options options() {
        Options options = CliOptions.of(CliOptions.config(), CliOptions.environment(), CliOptions.secretsKeyFile(), CliOptions.help());
        CliOptions.logging().forEach(options::addOption);
        return options;
    }

    @Override
    int execute(CommandLine cl, PrintStream out, PrintStream err)
            throws UsageException, InvalidInputException, HostException, IOException, InterruptedException {
        if (!cl.hasOption("config")) {
            throw new UsageException("--config FILE is required: the locks are the ones a deploy of that config takes");
        }
        try (Preparation p = Preparation.prepare(cl, SCRIPT, DeployLockRelease::releasePlan)) {
            if (p.nothingToDo()) {
                out.println("No deploy locks: a deploy of " + cl.getOptionValue("config") + " takes none on the selected hosts");
                return 0;
            }
            Run run = p.executor.newRun(p.plan, p.hosts, p.runId, List.of());
            RunReport report;
            try (InterruptHandler ignored = InterruptHandler.install(run, p.inFlight, LOG)) {
                report = run.start().await();
            }
            for (TaskResult r : report.results()) {
                out.println(r.host() + (r.tag() == null ? "" : " [" + r.tag() + "]") + ": "
                        + (r.status() == TaskStatus.FAILED ? "FAILED (" + r.reason() + "): " : "") + r.message());
            }
            long removed = report.results().stream().filter(TaskResult::changed).count();
            out.println("Removed " + removed + " of " + report.results().size() + " deploy lock(s)");
            return report.succeeded() ? 0 : 1;
        }
    }

    /** The config's deploy of every selected host, reduced to a forced {@code release_lock} per lock it would take. */
    private static TasklistReader.Read releasePlan(CommandLine cl, Config config, deployer.core.internal.host.HostPool hosts,
                                                   deployer.core.model.RunId runId, GeneratorRegistry generators)
            throws InvalidInputException, HostException, InterruptedException {
        Generator generator = generators.forConfig(config);
        Tasklist deploy = generator.lockingPlan(new GeneratorContext(config, PlanSource.components(cl), hosts, runId));
        Set<List<Object>> seen = new LinkedHashSet<>();
        List<StageItem> items = new ArrayList<>();
        for (Stage stage : deploy.stages()) {
            for (StageItem item : stage.items()) {
                for (Task t : item.links()) {
                    if (t.command().equals("acquire_lock") && seen.add(Arrays.asList(t.remoteHost(), t.arguments().get("path")))) {
                        Task.Builder b = Task.builder("release_lock").host(t.remoteHost()).arg("path", t.arguments().get("path"))
                                .arg("force", true);
                        if (t.remoteUser() != null) {
                            b.user(t.remoteUser());
                        }
                        if (t.tag() != null) {
                            b.tag(t.tag());
                        }
                        items.add(StageItem.of(b.build()));
                    }
                }
            }
        }
        List<Stage> stages = items.isEmpty() ? List.of()
                : List.of(new Stage("Release deploy locks", Math.max(1, items.size()), 0, items)
                        .withPolicy(new StagePolicy(OnFailure.CONTINUE, null, 100, null)));
        return new TasklistReader.Read(new Tasklist("Release deploy locks", stages), List.of(), Set.of(), Set.of());
    }
}
