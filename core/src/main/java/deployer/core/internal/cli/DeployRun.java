package deployer.core.internal.cli;

import deployer.core.config.Config;
import deployer.core.internal.exec.Engine;
import deployer.core.internal.exec.GeneratorRegistry;
import deployer.core.exec.Run;
import deployer.core.exec.RunListener;
import deployer.core.exec.RunReport;
import deployer.core.internal.journal.Journal;
import deployer.core.internal.journal.TasklistHash;
import deployer.core.json.TasklistReader;
import deployer.core.model.InputFileException;
import deployer.core.model.InvalidInputException;
import deployer.core.model.OnFailure;
import deployer.core.model.Stage;
import deployer.core.model.StageItem;
import deployer.core.model.StagePolicy;
import deployer.core.model.Task;
import deployer.core.model.Tasklist;
import deployer.core.spi.Generator;
import deployer.core.spi.PlatformOption;
import deployer.core.spi.HostException;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code deploy run}: one shell command on the selected hosts of a config, as an ordinary one-stage plan of
 * {@code execute_command} tasks run by the Engine, so limits, log, journal and summary are those of a deploy.
 * Each host's output is printed on stdout as one block headed by the host ({@link AdHocOutput}). Like Ansible's
 * ad-hoc runs, a failed host does not stop the others.
 */
final class DeployRun extends SubCommand {

    static final String SCRIPT = "deploy run";
    private static final Logger LOG = LoggerFactory.getLogger(Engine.LOGGER);

    @Override
    String name() {
        return SCRIPT;
    }

    @Override
    String synopsis() {
        return "--config FILE [--hosts HOST… | --hostgroups GROUP… | --services SERVICE…] -- COMMAND";
    }

    @Override
    String summary() {
        return "Run one shell command on the selected hosts, with the limits, log, journal and summary of a deploy.";
    }

    @Override
    boolean takesArguments() {
        return true;
    }

    @Override
    PlatformOption.Use platformUse() {
        return PlatformOption.Use.AD_HOC;
    }

    @Override
    Options options() {
        Options options = CliOptions.of(CliOptions.config(), CliOptions.environment(), CliOptions.secretsKeyFile(),
                CliOptions.parallel(), CliOptions.help(), CliOptions.version());
        CliOptions.logging().forEach(options::addOption);
        options.addOption(Option.builder().longOpt("services").hasArgs().argName("SERVICE…").desc("only the hosts of these services").get());
        options.addOption(Option.builder().longOpt("journal").hasArg().argName("FILE")
                .desc("append the run's journal to FILE (default as for deploy)").get());
        options.addOption(Option.builder().longOpt("tty").desc("one host only: give the command a pseudo-terminal wired to this one").get());
        return options;
    }

    @Override
    int execute(CommandLine cl, PrintStream out, PrintStream err)
            throws UsageException, InvalidInputException, HostException, IOException, InterruptedException {
        String command = String.join(" ", cl.getArgList());
        if (command.isBlank()) {
            throw new UsageException("no command: give it after --, e.g. " + SCRIPT + " --config FILE --hosts web1 -- uptime");
        }
        if (!cl.hasOption("config")) {
            throw new UsageException("--config FILE is required: it names the hosts and how to reach them");
        }
        List<String> services = cl.hasOption("services") ? List.of(cl.getOptionValues("services")) : List.of();
        try (Preparation p = Preparation.prepare(cl, SCRIPT, (c, config, hosts, runId, generators) ->
                new TasklistReader.Read(plan(command, config, generators, services), List.of(), Set.of(), Set.of()))) {
            if (cl.hasOption("tty")) {
                return TtyRun.run(p, command, err);
            }
            Path journalPath = p.journalPath("deploy-run");
            RunReport report;
            try (Journal journal = Journal.open(journalPath, p.runId.value(), TasklistHash.of(p.tasklist))) {
                LOG.info("Journal of run {}: {}", p.runId, journal.file());
                List<RunListener> extra = List.of(journal, new AdHocOutput(out));
                Run run = p.executor.newRun(p.plan, p.hosts, p.runId, extra, null, InteractiveFailures.forThisProcess(err));
                try (InterruptHandler ignored = InterruptHandler.install(run, p.inFlight, LOG)) {
                    report = run.start().await();
                }
            } catch (IOException e) {
                throw InputFileException.of("--journal " + journalPath, e);
            }
            RunSummary.print(report, out);
            out.println("Run id: " + p.runId + " · journal: " + journalPath);
            return report.succeeded() ? 0 : 1;
        }
    }

    /** One stage, one {@code execute_command} per host, under the config's limits; a failed host drops out alone. */
    static Tasklist plan(String command, Config config, GeneratorRegistry generators, List<String> services)
            throws InvalidInputException {
        Generator generator = generators.forConfig(config);
        List<String> hosts = generator.adHocHosts(config, services);
        int concurrency = (int) (long) config.integer("deploy_concurrency").orElse((long) hosts.size());
        int perHost = (int) (long) config.integer("deploy_concurrency_per_host").orElse(0L);
        List<StageItem> items = new ArrayList<>();
        for (String h : hosts) {
            items.add(StageItem.of(Task.builder("execute_command").host(h).arg("shell", command).build()));
        }
        Stage stage = new Stage("run: " + command, concurrency, perHost, items)
                .withPolicy(new StagePolicy(OnFailure.CONTINUE, null, 100, null));
        return new Tasklist("Ad-hoc command", List.of(stage));
    }
}
