package deployer.core.internal.cli;

import deployer.core.config.Config;
import deployer.core.config.secrets.ConfigSecrets;
import deployer.core.internal.exec.CommandNames;
import deployer.core.internal.exec.CommandRegistry;
import deployer.core.internal.exec.Engine;
import deployer.core.internal.journal.JournalReader;
import deployer.core.internal.journal.JournalState;
import deployer.core.internal.journal.ResumePoint;
import deployer.core.internal.journal.TasklistHash;
import deployer.core.internal.exec.GeneratorRegistry;
import deployer.core.internal.exec.LoggingListener;
import deployer.core.exec.PlannedTask;
import deployer.core.exec.ValidatedPlan;
import deployer.core.internal.host.HostPool;
import deployer.core.internal.host.ssh.RemoteConnectors;
import deployer.core.internal.host.ssh.SessionBudget;
import deployer.core.json.TasklistReader;
import deployer.core.internal.log.LogSetup;
import deployer.core.model.InputFileException;
import deployer.core.model.InvalidInputException;
import deployer.core.model.Problem;
import deployer.core.model.RunId;
import deployer.core.model.RunIdPlaceholder;
import deployer.core.spi.Operator;
import deployer.core.model.Redaction;
import deployer.core.model.Stage;
import deployer.core.model.StageItem;
import deployer.core.model.Task;
import deployer.core.model.Tasklist;
import deployer.core.spi.HostException;
import deployer.core.spi.HostFailures;
import org.apache.commons.cli.CommandLine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import deployer.core.config.secrets.SecretStore;
import deployer.core.model.SecretReference;
import deployer.core.spi.Secrets;

/**
 * The discovery half shared by {@code deploy} and {@code build-tasklist}: logging, config, hosts, the tasklist,
 * and validation of every command. Owns the run's hosts; close it to close them.
 */
final class Preparation implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Engine.LOGGER);

    final CommandLine commandLine;
    final Config config;
    final HostPool hosts;
    final Engine executor;
    final Tasklist tasklist;
    final ValidatedPlan plan;
    /** What runs at the moment, for the Ctrl-C message. */
    final InFlightTasks inFlight;
    /** This run's id: in its log, its temporary paths and its lock leases. */
    final RunId runId;
    /** What the journal of a resumed run says is done; null for a fresh run. */
    final ResumePoint resume;
    /** The run's environment ({@code --environment}), or null. */
    final String environment;
    /** This run's log file ({@code --logdir}), or null. */
    final Path logFile;

    private Preparation(CommandLine cl, Config config, HostPool hosts, Engine executor, InFlightTasks inFlight, Tasklist tasklist,
                        ValidatedPlan plan, RunId runId, ResumePoint resume, Path logFile) {
        this.commandLine = cl;
        this.config = config;
        this.hosts = hosts;
        this.executor = executor;
        this.inFlight = inFlight;
        this.tasklist = tasklist;
        this.plan = plan;
        this.runId = runId;
        this.resume = resume;
        this.environment = cl.getOptionValue("environment");
        this.logFile = logFile;
    }

    /**
     * Where this run's journal goes: {@code --journal FILE}; for a resumed run, the journal it resumes; with
     * {@code --logdir}, beside the log; else under {@code $XDG_STATE_HOME/deployer/journal} (~/.local/state).
     */
    Path journalPath(String script) {
        if (commandLine.hasOption("journal")) {
            return Path.of(commandLine.getOptionValue("journal"));
        }
        if (resume != null) {
            return resume.journal().file();
        }
        String name = script + "_" + runId + ".journal";
        if (commandLine.hasOption("logdir")) {
            return Path.of(commandLine.getOptionValue("logdir")).resolve(name);
        }
        return deployer.core.spi.StateDirectory.journals().resolve(name);
    }

    /** Where the plan comes from, once config and hosts are there: by default a saved tasklist or the generator. */
    @FunctionalInterface
    interface PlanMaker {
        TasklistReader.Read make(CommandLine cl, Config config, HostPool hosts, RunId runId, GeneratorRegistry generators)
                throws InvalidInputException, HostException, InterruptedException, UsageException;
    }

    /** A plan that is not run (a dump, a dry run, the plan shell's start): it connects to no host ahead. */
    static Preparation prepare(CommandLine cl, String script)
            throws UsageException, InvalidInputException, HostException, InterruptedException, IOException {
        return prepare(cl, script, PlanSource::tasklist, false);
    }

    /** @param willRun the plan runs at once: SSH set-up overlaps validation */
    static Preparation prepare(CommandLine cl, String script, boolean willRun)
            throws UsageException, InvalidInputException, HostException, InterruptedException, IOException {
        return prepare(cl, script, PlanSource::tasklist, willRun);
    }

    static Preparation prepare(CommandLine cl, String script, PlanMaker planMaker)
            throws UsageException, InvalidInputException, HostException, InterruptedException, IOException {
        return prepare(cl, script, planMaker, false);
    }

    private static Preparation prepare(CommandLine cl, String script, PlanMaker planMaker, boolean willRun)
            throws UsageException, InvalidInputException, HostException, InterruptedException, IOException {
        LogSetup.verbosity(cl.hasOption("verbose"), cl.hasOption("debug"));
        PlanSource.checkUsage(cl, !cl.hasOption("tasklist"));
        // A resumed run continues the run it resumes, under its id: the plan's {run_id} paths (the uploads the
        // earlier run made) and its deploy locks are the same.
        JournalState resumed = cl.hasOption("resume") ? JournalReader.read(Path.of(cl.getOptionValue("resume"))) : null;
        RunId runId = resumed != null && resumed.lastRunId() != null ? new RunId(resumed.lastRunId()) : RunId.create();
        Path logFile = null;
        if (cl.hasOption("logdir")) {
            try {
                logFile = LogSetup.logFile(Path.of(cl.getOptionValue("logdir")), script, runId);
            } catch (IOException e) {
                throw InputFileException.of("--logdir " + cl.getOptionValue("logdir"), e);
            }
        }
        LOG.info("Run {}: {} by {} (pid {}){}{}", runId, script, Operator.current(), ProcessHandle.current().pid(),
                cl.hasOption("environment") ? ", environment " + cl.getOptionValue("environment") : "",
                resumed == null ? "" : ", resuming from " + resumed.file());
        GeneratorRegistry generators = GeneratorRegistry.load();
        Config config = PlanSource.config(cl, !cl.hasOption("tasklist"), generators);
        // The sudo password may be a secret: then the secrets are needed before the hosts.
        Secrets early = SecretReference.holdsAny(config.node("ssh", "sudo_password").map(n -> n.value()).orElse(null))
                ? RunSecrets.open(cl, config) : null;
        HostPool hosts = RemoteConnectors.hostPool(config, early == null ? Secrets.NONE : early);
        try {
            CommandRegistry commands = CommandRegistry.load();
            TasklistReader.Read read = planMaker.make(cl, config, hosts, runId, generators);
            // A saved plan may use a renamed command's old name: from here on (dump, save, journal, run) it has the
            // new one, and the deprecation warning comes once, here (the Engine then finds no old name).
            CommandNames.Renamed renamed = CommandNames.current(read.tasklist(), commands);
            renamed.warnings().forEach(w -> LOG.warn("{}", w));
            read = read.withTasklist(renamed.tasklist());
            Tasklist tasklist = read.tasklist();
            int remoteHosts = remoteHosts(tasklist);
            if (willRun && remoteHosts > 0) {
                // sshj's set-up (0.3–1 s) overlaps validation instead of delaying the first connect.
                hosts.prepareRemote();
            }
            // A plan without ${secret:…} needs no key; one with them gets its values only as each task executes.
            Secrets secrets = early != null ? early : referencesSecrets(tasklist) ? RunSecrets.open(cl, config) : Secrets.NONE;
            if (early != null || referencesSecrets(tasklist)) {
                ConfigSecrets.requireKnown(config, secrets);
            }
            // From here on no log line shows a sensitive value, whoever writes it (commands' initialize included).
            List<String> masked = new ArrayList<>(Redaction.values(tasklist));
            if (secrets instanceof SecretStore store) {
                masked.addAll(store.allValues());
            }
            LogSetup.mask(masked);
            InFlightTasks inFlight = new InFlightTasks();
            Engine executor = new Engine(commands, List.of(new LoggingListener(), inFlight), secrets);
            // The plan keeps {run_id} (a dump or save is not tied to this run); what runs has it filled.
            ValidatedPlan plan = tasklist.stages().isEmpty() && !cl.hasOption("tasklist")
                    ? null
                    : executor.validate(read.withTasklist(RunIdPlaceholder.fill(tasklist, runId)), hosts.supportsRemoteHosts());
            if (plan != null) {
                SessionBudget.from(config).warn(tasklist);
            }
            ResumePoint resume = resumed == null ? null
                    : ResumePoint.of(resumed, plan, TasklistHash.of(tasklist), cl.hasOption(Deploy.RESUME_ANYWAY), Preparation::askOnTerminal);
            return new Preparation(cl, config, hosts, executor, inFlight, tasklist, plan, runId, resume, logFile);
        } catch (InvalidInputException | HostException | InterruptedException | RuntimeException e) {
            hosts.close();
            throw e;
        }
    }

    /** How many different SSH hosts (endpoints) the plan's tasks name. */
    private static int remoteHosts(Tasklist tasklist) {
        Set<String> endpoints = new HashSet<>();
        for (Stage stage : tasklist.stages()) {
            for (StageItem item : stage.items()) {
                for (Task task : item.links()) {
                    try {
                        if (!task.host().local()) {
                            endpoints.add(task.host().endpoint());
                        }
                    } catch (RuntimeException e) {
                        // A bad address: validation reports it; it needs no connection either way.
                    }
                }
            }
        }
        return endpoints.size();
    }

    /**
     * On a terminal, a person decides whether a task that may have half-run runs again; elsewhere (CI, pipes) nobody
     * is asked and the resume is refused, as without a terminal ssh refuses to ask for a passphrase.
     */
    private static boolean askOnTerminal(PlannedTask task, String problem) {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        String answer = console.readLine("%s%nCheck the host. Run task %s again? [y/N] ", problem, task.id());
        return answer != null && answer.trim().equalsIgnoreCase("y");
    }

    private static boolean referencesSecrets(Tasklist tasklist) {
        return tasklist.stages().stream().flatMap(s -> s.items().stream()).flatMap(i -> i.links().stream())
                .anyMatch(t -> SecretReference.holdsAny(t.arguments()));
    }

    /** A generator found nothing to do (e.g. every host is already at the version). */
    boolean nothingToDo() {
        return plan == null;
    }

    static int invalid(String script, InvalidInputException e, PrintStream err) {
        if (e instanceof InputFileException) {
            // A file or option the user named is unusable: one line, path and reason.
            err.println(script + ": " + e.problems().get(0) + "; nothing was run");
            return 2;
        }
        err.println(script + ": invalid input, nothing was run (" + e.problems().size() + " problem"
                + (e.problems().size() == 1 ? "" : "s") + "):");
        Problem.listing(e.problems()).forEach(line -> err.println("  " + line));
        return 2;
    }

    static int usage(String script, UsageException e, PrintStream err) {
        err.println(script + ": " + e.getMessage());
        err.println("Try '" + script + " --help'.");
        return 2;
    }

    /**
     * The exit code and stderr line(s) of a CLI that ended before or instead of its run: a usage mistake or invalid
     * input (2), a host that could not be read for the plan (1), a file that could not be read or written (2), or an
     * interrupt (1). One ladder for every CLI, so that they say such things alike.
     */
    static int failed(String script, Exception e, PrintStream err) {
        if (e instanceof UsageException u) {
            return usage(script, u, err);
        }
        if (e instanceof InvalidInputException i) {
            return invalid(script, i, err);
        }
        if (e instanceof HostException h) {
            return hostFailure(script, h, err);
        }
        if (e instanceof IOException io) {
            err.println(script + ": " + InputFileException.reason(io));
            return 2;
        }
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            err.println(script + ": interrupted");
            return 1;
        }
        throw new IllegalArgumentException("not a CLI failure: " + e, e);
    }

    static int hostFailure(String script, HostException e, PrintStream err) {
        if (e instanceof HostFailures several) {
            err.println(script + ": " + several.getMessage() + "; nothing was run:");
            several.failures().forEach(f -> err.println("  " + f.reason() + " on " + f.host() + ": " + f.getMessage()));
            return 1;
        }
        err.println(script + ": " + e.reason() + " on " + e.host() + ": " + e.getMessage() + "; nothing was run");
        return 1;
    }

    @Override
    public void close() {
        hosts.close();
    }
}
