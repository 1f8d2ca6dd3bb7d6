package deployer.core.cli;

import deployer.core.config.Config;
import deployer.core.exec.CommandRegistry;
import deployer.core.exec.Executor;
import deployer.core.exec.GeneratorRegistry;
import deployer.core.exec.LoggingListener;
import deployer.core.exec.ValidatedPlan;
import deployer.core.host.HostPool;
import deployer.core.host.RemoteConnectors;
import deployer.core.host.ssh.SessionBudget;
import deployer.core.json.TasklistReader;
import deployer.core.log.LogSetup;
import deployer.core.model.InvalidInputException;
import deployer.core.model.Problem;
import deployer.core.model.Tasklist;
import deployer.core.spi.HostException;
import org.apache.commons.cli.CommandLine;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * The discovery half shared by {@code deploy} and {@code build-tasklist}: logging, config, hosts, the tasklist,
 * and validation of every command. Owns the run's hosts; close it to close them.
 */
final class Preparation implements AutoCloseable {

    final CommandLine commandLine;
    final Config config;
    final HostPool hosts;
    final Executor executor;
    final Tasklist tasklist;
    final ValidatedPlan plan;

    private Preparation(CommandLine cl, Config config, HostPool hosts, Executor executor, Tasklist tasklist, ValidatedPlan plan) {
        this.commandLine = cl;
        this.config = config;
        this.hosts = hosts;
        this.executor = executor;
        this.tasklist = tasklist;
        this.plan = plan;
    }

    static Preparation prepare(CommandLine cl, String script)
            throws UsageException, InvalidInputException, HostException, InterruptedException, IOException {
        LogSetup.verbosity(cl.hasOption("verbose"), cl.hasOption("debug"));
        if (cl.hasOption("logdir")) {
            LogSetup.logFile(Path.of(cl.getOptionValue("logdir")), script);
        }
        PlanSource.checkSources(cl);
        GeneratorRegistry generators = GeneratorRegistry.load();
        Config config = PlanSource.config(cl, !cl.hasOption("tasklist"), generators);
        HostPool hosts = RemoteConnectors.hostPool(config);
        try {
            TasklistReader.Read read = PlanSource.tasklist(cl, config, hosts, generators);
            Tasklist tasklist = read.tasklist();
            Executor executor = new Executor(CommandRegistry.load(), List.of(new LoggingListener()));
            ValidatedPlan plan = tasklist.stages().isEmpty() && !cl.hasOption("tasklist")
                    ? null
                    : executor.validate(read, hosts.supportsRemoteHosts());
            if (plan != null) {
                SessionBudget.from(config).warn(tasklist);
            }
            return new Preparation(cl, config, hosts, executor, tasklist, plan);
        } catch (InvalidInputException | HostException | InterruptedException | RuntimeException e) {
            hosts.close();
            throw e;
        }
    }

    /** A generator found nothing to do (e.g. every host is already at the version). */
    boolean nothingToDo() {
        return plan == null;
    }

    static int invalid(String script, InvalidInputException e, PrintStream err) {
        err.println(script + ": invalid input, nothing was run (" + e.problems().size() + " problem"
                + (e.problems().size() == 1 ? "" : "s") + "):");
        for (Problem p : e.problems()) {
            err.println("  " + p);
        }
        return 2;
    }

    static int usage(String script, UsageException e, PrintStream err) {
        err.println(script + ": " + e.getMessage());
        err.println("Try '" + script + " --help'.");
        return 2;
    }

    static int hostFailure(String script, HostException e, PrintStream err) {
        err.println(script + ": " + e.reason() + " on " + e.host() + ": " + e.getMessage() + "; nothing was run");
        return 1;
    }

    @Override
    public void close() {
        hosts.close();
    }
}
