package deployer.core.exec;

import deployer.core.host.HostPool;
import deployer.core.json.TasklistReader;
import deployer.core.model.HostAddress;
import deployer.core.model.InvalidInputException;
import deployer.core.model.Problem;
import deployer.core.model.RunId;
import deployer.core.model.Redaction;
import deployer.core.model.Stage;
import deployer.core.model.StageItem;
import deployer.core.model.Task;
import deployer.core.model.TaskId;
import deployer.core.model.Tasklist;
import deployer.core.spi.Arguments;
import deployer.core.spi.Command;
import deployer.core.spi.CommandContext;
import deployer.core.spi.CommandResult;
import deployer.core.spi.FailureReason;
import deployer.core.spi.HostException;
import deployer.core.spi.RemoteHost;
import deployer.core.spi.RunScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Validates a whole tasklist (builds and initializes every command; reports every problem; runs nothing if there
 * is one), then runs its stages in order through a {@link JobQueue} each. Holds no global state: several
 * Executors may run in one JVM. One Executor runs one plan at a time.
 */
public final class Executor {

    private static final Logger LOG = LoggerFactory.getLogger(Executor.class);

    private final CommandRegistry commands;
    private final List<RunListener> listeners;
    private volatile JobQueue currentQueue;
    private volatile ExecutorService currentThreads;
    private volatile HostPool currentHosts;
    private volatile boolean stopRequested;
    private volatile boolean aborted;
    /** An {@code always} stage runs: a stop leaves it alone, an abort is counted but lets it go on. */
    private volatile boolean finishing;
    /** Aborted during a finishing stage: finishing stages are given up too. */
    private volatile boolean gaveUp;

    public Executor(CommandRegistry commands, List<RunListener> listeners) {
        this.commands = commands;
        this.listeners = List.copyOf(listeners);
    }

    /**
     * Builds and initializes every command of the tasklist.
     *
     * @param remoteHostsAllowed whether SSH hosts can be reached in this run
     * @throws InvalidInputException with every problem found, in tasklist order
     */
    public ValidatedPlan validate(Tasklist tasklist, boolean remoteHostsAllowed) throws InvalidInputException {
        return validate(new TasklistReader.Read(tasklist, List.of(), Set.of(), Set.of()), remoteHostsAllowed);
    }

    /**
     * Validates what a {@link TasklistReader} could read of a file: the problems of its structure (a bad stage key,
     * a mistyped task key) and those of every command it could read are reported together, so a stage error does not
     * hide the errors of its tasks.
     */
    public ValidatedPlan validate(TasklistReader.Read read, boolean remoteHostsAllowed) throws InvalidInputException {
        Tasklist tasklist = read.tasklist();
        List<Problem> problems = new ArrayList<>(read.problems());
        List<List<List<PlannedTask>>> stages = new ArrayList<>();
        if (tasklist.stages().isEmpty() && read.problems().isEmpty()) {
            problems.add(new Problem(tasklist.source(), "the tasklist has no stages"));
        }
        for (int s = 0; s < tasklist.stages().size(); s++) {
            Stage stage = tasklist.stages().get(s);
            List<List<PlannedTask>> lanes = new ArrayList<>();
            if (stage.items().isEmpty() && !read.stagesWithoutTasks().contains(s + 1)) {
                problems.add(new Problem(stage.location() + " stage " + (s + 1) + " '" + stage.name() + "'", "the stage has no tasks"));
            }
            for (int i = 0; i < stage.items().size(); i++) {
                StageItem item = stage.items().get(i);
                List<PlannedTask> lane = new ArrayList<>();
                for (int l = 0; l < item.links().size(); l++) {
                    TaskId id = new TaskId(s + 1, i + 1, item instanceof StageItem.Single ? 0 : l + 1);
                    if (read.unreadableTasks().contains(id)) {
                        continue;
                    }
                    PlannedTask planned = plan(item.links().get(l), id, remoteHostsAllowed, problems);
                    if (planned != null) {
                        lane.add(planned);
                    }
                }
                lanes.add(lane);
            }
            stages.add(lanes);
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return new ValidatedPlan(tasklist, stages);
    }

    private PlannedTask plan(Task task, TaskId id, boolean remoteHostsAllowed, List<Problem> problems) {
        String where = task.location() + " task " + id;
        HostAddress host;
        try {
            host = task.host();
        } catch (IllegalArgumentException e) {
            problems.add(new Problem(where, "remote_host: " + e.getMessage()));
            return null;
        }
        if (host.user() != null && task.remoteUser() != null && !host.user().equals(task.remoteUser())) {
            problems.add(new Problem(where, "remote_user '" + task.remoteUser() + "' contradicts the user '" + host.user()
                    + "' in remote_host '" + host.key() + "'; give the login user once"));
        }
        if (!host.local() && !remoteHostsAllowed) {
            problems.add(new Problem(where, "remote_host '" + host.key() + "' needs SSH, which this run cannot use;"
                    + " use local or local:NAME"));
        }
        Command command = commands.create(task.command()).orElse(null);
        if (command == null) {
            problems.add(new Problem(where, "unknown command '" + task.command() + "'; known commands: "
                    + String.join(", ", commands.names())));
            return null;
        }
        for (String reserved : Task.FUTURE_KEYS) {
            if (task.arguments().containsKey(reserved)) {
                problems.add(new Problem(where + " (" + task.command() + ")", "'" + reserved
                        + "' is reserved for the engine and not supported yet"));
            }
        }
        Arguments args = new Arguments(task, id);
        try {
            command.initialize(args);
        } catch (RuntimeException e) {
            args.problem("initialize failed: " + e);
        }
        // A problem may quote an argument's value ("got string ..."): a sensitive one is masked there too.
        Redaction redaction = Redaction.of(task);
        args.problems().forEach(p -> problems.add(redaction.mask(p)));
        for (String unknown : args.unused()) {
            if (!Task.FUTURE_KEYS.contains(unknown)) {
                problems.add(new Problem(where + " (" + task.command() + ")", "unknown argument '" + unknown
                        + "'; '" + task.command() + "' takes: " + String.join(", ", new java.util.TreeSet<>(args.used()))));
            }
        }
        return new PlannedTask(id, task, host, command);
    }

    /** Runs a validated plan on the given hosts under a fresh run id; the caller owns and closes {@code hosts}. */
    public RunReport run(ValidatedPlan plan, HostPool hosts) {
        return run(plan, hosts, RunId.create());
    }

    /**
     * Runs a validated plan on the given hosts; the caller owns and closes {@code hosts}. A stage marked
     * {@link Stage#always() always} runs even after a failure, a stop or an abort (then on fresh connections); only
     * an abort during such a stage (the third Ctrl-C) gives up on it and on later ones.
     */
    public RunReport run(ValidatedPlan plan, HostPool hosts, RunId runId) {
        Instant started = Instant.now();
        currentHosts = hosts;
        listeners.forEach(l -> l.runStarted(plan.tasklist()));
        List<TaskResult> all = new ArrayList<>();
        boolean failed = false;
        try (PeriodicActions scope = new PeriodicActions(runId.value())) {
            for (int s = 0; s < plan.stages().size(); s++) {
                Stage stage = plan.tasklist().stages().get(s);
                List<List<PlannedTask>> lanes = plan.stages().get(s);
                String skip = stage.always() ? (gaveUp ? "not run: the run gave up on its finishing stages" : null)
                        : failed ? "not run: an earlier stage failed"
                        : aborted ? "not run: the run was aborted"
                        : stopRequested ? "not run: the run was stopped" : null;
                if (skip != null) {
                    lanes.forEach(lane -> lane.forEach(t -> all.add(TaskResult.notRun(t, skip))));
                    continue;
                }
                int stageNumber = s + 1;
                listeners.forEach(l -> l.stageStarted(stageNumber, stage));
                List<TaskResult> results = runStage(stage, lanes, hosts, runId, scope);
                all.addAll(results);
                failed |= results.stream().anyMatch(TaskResult::failed);
                listeners.forEach(l -> l.stageFinished(stageNumber, stage, results));
            }
        }
        // A stop or an abort is the headline, a real failure is never hidden by it: see RunReport.statusOf.
        RunReport.RunStatus status = RunReport.statusOf(all, stopRequested, aborted);
        RunReport report = new RunReport(plan.tasklist().name(), status, all, started, Instant.now());
        listeners.forEach(l -> l.runFinished(report));
        return report;
    }

    private List<TaskResult> runStage(Stage stage, List<List<PlannedTask>> lanes, HostPool hosts, RunId runId, RunScope scope) {
        int threads = Math.max(1, Math.min(stage.concurrency(), lanes.size()));
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "task-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        // What a command's long waits watch: only an abort cuts them short (after a first Ctrl-C a running health
        // check or load-balancer wait finishes, or its chain would leave the host down); in a finishing stage only
        // the Ctrl-C that gives up on it.
        BooleanSupplier stop = stage.always() ? () -> gaveUp : () -> aborted;
        JobQueue queue = JobQueue.forStage(stage, lanes, task -> runTask(task, hosts, runId, scope, stop), pool);
        boolean halt;
        synchronized (this) {
            finishing = stage.always();
            if (finishing && aborted && hosts.reopen()) {
                LOG.info("Connecting afresh for the finishing stage '{}' (the abort closed the connections)", stage.name());
            }
            currentThreads = pool;
            currentQueue = queue;
            halt = finishing ? gaveUp : stopRequested;
        }
        try {
            if (halt) {
                queue.requestStop();
            }
            CompletableFuture<List<TaskResult>> done = queue.start();
            if (finishing ? gaveUp : aborted) {
                queue.abort();
            }
            return awaitUninterruptibly(done);
        } finally {
            synchronized (this) {
                currentQueue = null;
                finishing = false;
            }
            pool.shutdownNow();
        }
    }

    private static List<TaskResult> awaitUninterruptibly(CompletableFuture<List<TaskResult>> done) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return done.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw new IllegalStateException("job queue failed", e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private TaskResult runTask(PlannedTask task, HostPool hosts, RunId runId, RunScope scope, BooleanSupplier stop) {
        Task t = task.task();
        try (MDC.MDCCloseable h = MDC.putCloseable("host", task.hostKey());
             MDC.MDCCloseable g = MDC.putCloseable("tag", t.tag() == null ? "*" : t.tag())) {
            listeners.forEach(l -> l.taskStarted(task));
            Redaction redaction = Redaction.of(t);
            Instant started = Instant.now();
            CommandResult outcome;
            try {
                RemoteHost host = hosts.host(task.host(), t.remoteUser());
                Logger log = LoggerFactory.getLogger(task.command().getClass());
                outcome = task.command().execute(new CommandContext(task.id(), t.tag(), host, log, stop, runId, scope, redaction));
                if (outcome == null) {
                    outcome = CommandResult.failed(FailureReason.COMMAND_ERROR, "the command returned no result");
                }
            } catch (HostException e) {
                outcome = CommandResult.failed(e.reason(), e.getMessage());
            } catch (InterruptedException e) {
                outcome = CommandResult.failed(FailureReason.INTERRUPTED, "interrupted: the run was aborted");
            } catch (Exception e) {
                LOG.debug("Task {} threw", task.id(), e);
                outcome = CommandResult.failed(FailureReason.COMMAND_ERROR, e.toString());
            }
            TaskStatus status = switch (outcome.outcome()) {
                case SUCCEEDED -> TaskStatus.SUCCEEDED;
                case SKIPPED -> TaskStatus.SKIPPED;
                case FAILED -> TaskStatus.FAILED;
            };
            // Every listener, the summary and any report see the result with the task's sensitive values masked.
            TaskResult result = new TaskResult(task.id(), t.command(), task.hostKey(), t.tag(), status,
                    outcome.reason(), redaction.mask(outcome.message()), redaction.outputLines(outcome.outputTail()),
                    started, Instant.now());
            listeners.forEach(l -> l.taskFinished(task, result));
            return result;
        }
    }

    /**
     * First Ctrl-C: start nothing new; running tasks and chains under way finish. A finishing ({@code always}) stage
     * under way is not stopped: it is what a stopped run still has to do.
     */
    public void requestStop() {
        JobQueue q;
        synchronized (this) {
            stopRequested = true;
            q = finishing ? null : currentQueue;
        }
        if (q != null) {
            q.requestStop();
        }
    }

    /**
     * Second Ctrl-C: start nothing; interrupt running commands and close connections. The finishing stages still run
     * afterwards, on fresh connections. During a finishing stage the first abort lets it go on; the next (the third
     * Ctrl-C in all) gives up on it and on the finishing stages after it.
     */
    public void abort() {
        // Under the monitor, so that a finishing stage never reopens the hosts before this abort has closed them.
        synchronized (this) {
            if (finishing && !aborted) {
                aborted = true;
                stopRequested = true;
                LOG.warn("Aborted while the finishing stages run: they go on (releasing locks); Ctrl-C again to give up on them");
                return;
            }
            if (finishing) {
                gaveUp = true;
                LOG.warn("Giving up on the finishing stages: locks they would release stay until their lease expires");
            }
            stopRequested = true;
            aborted = true;
            JobQueue q = currentQueue;
            if (q != null) {
                q.abort();
            }
            ExecutorService t = currentThreads;
            if (t != null) {
                t.shutdownNow();
            }
            HostPool h = currentHosts;
            if (h != null) {
                h.close();
            }
        }
    }
}
