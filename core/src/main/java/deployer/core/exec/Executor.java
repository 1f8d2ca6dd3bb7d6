package deployer.core.exec;

import deployer.core.host.HostPool;
import deployer.core.model.HostAddress;
import deployer.core.model.InvalidInputException;
import deployer.core.model.Problem;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

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
        List<Problem> problems = new ArrayList<>();
        List<List<List<PlannedTask>>> stages = new ArrayList<>();
        if (tasklist.stages().isEmpty()) {
            problems.add(new Problem(tasklist.source(), "the tasklist has no stages"));
        }
        for (int s = 0; s < tasklist.stages().size(); s++) {
            Stage stage = tasklist.stages().get(s);
            List<List<PlannedTask>> lanes = new ArrayList<>();
            if (stage.items().isEmpty()) {
                problems.add(new Problem(stage.location() + " stage " + (s + 1) + " '" + stage.name() + "'", "the stage has no tasks"));
            }
            for (int i = 0; i < stage.items().size(); i++) {
                StageItem item = stage.items().get(i);
                List<PlannedTask> lane = new ArrayList<>();
                for (int l = 0; l < item.links().size(); l++) {
                    TaskId id = new TaskId(s + 1, i + 1, item instanceof StageItem.Single ? 0 : l + 1);
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
        problems.addAll(args.problems());
        for (String unknown : args.unused()) {
            if (!Task.FUTURE_KEYS.contains(unknown)) {
                problems.add(new Problem(where + " (" + task.command() + ")", "unknown argument '" + unknown
                        + "'; '" + task.command() + "' takes: " + String.join(", ", new java.util.TreeSet<>(args.used()))));
            }
        }
        return new PlannedTask(id, task, host, command);
    }

    /** Runs a validated plan on the given hosts; the caller owns and closes {@code hosts}. */
    public RunReport run(ValidatedPlan plan, HostPool hosts) {
        Instant started = Instant.now();
        currentHosts = hosts;
        listeners.forEach(l -> l.runStarted(plan.tasklist()));
        List<TaskResult> all = new ArrayList<>();
        boolean failed = false;
        for (int s = 0; s < plan.stages().size(); s++) {
            Stage stage = plan.tasklist().stages().get(s);
            List<List<PlannedTask>> lanes = plan.stages().get(s);
            if (failed || stopRequested) {
                String why = failed ? "not run: an earlier stage failed" : "not run: the run was stopped";
                lanes.forEach(lane -> lane.forEach(t -> all.add(TaskResult.notRun(t, why))));
                continue;
            }
            int stageNumber = s + 1;
            listeners.forEach(l -> l.stageStarted(stageNumber, stage));
            List<TaskResult> results = runStage(stage, lanes, hosts);
            all.addAll(results);
            failed = results.stream().anyMatch(TaskResult::failed);
            listeners.forEach(l -> l.stageFinished(stageNumber, stage, results));
        }
        RunReport.RunStatus status = failed ? RunReport.RunStatus.FAILED
                : all.stream().anyMatch(r -> r.status() == TaskStatus.NOT_RUN) ? RunReport.RunStatus.STOPPED
                : RunReport.RunStatus.SUCCEEDED;
        RunReport report = new RunReport(plan.tasklist().name(), status, all, started, Instant.now());
        listeners.forEach(l -> l.runFinished(report));
        return report;
    }

    private List<TaskResult> runStage(Stage stage, List<List<PlannedTask>> lanes, HostPool hosts) {
        int threads = Math.max(1, Math.min(stage.concurrency(), lanes.size()));
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "task-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        JobQueue queue = JobQueue.forStage(stage, lanes, task -> runTask(task, hosts), pool);
        currentThreads = pool;
        currentQueue = queue;
        try {
            if (stopRequested) {
                queue.requestStop();
            }
            CompletableFuture<List<TaskResult>> done = queue.start();
            if (aborted) {
                queue.abort();
            }
            return awaitUninterruptibly(done);
        } finally {
            currentQueue = null;
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

    private TaskResult runTask(PlannedTask task, HostPool hosts) {
        Task t = task.task();
        try (MDC.MDCCloseable h = MDC.putCloseable("host", task.hostKey());
             MDC.MDCCloseable g = MDC.putCloseable("tag", t.tag() == null ? "*" : t.tag())) {
            listeners.forEach(l -> l.taskStarted(task));
            Instant started = Instant.now();
            CommandResult outcome;
            try {
                RemoteHost host = SudoHost.of(hosts.host(task.host(), t.remoteUser()), t.sudo());
                Logger log = LoggerFactory.getLogger(task.command().getClass());
                outcome = task.command().execute(new CommandContext(task.id(), t.tag(), host, log, () -> stopRequested));
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
            TaskResult result = new TaskResult(task.id(), t.command(), task.hostKey(), t.tag(), status,
                    outcome.reason(), outcome.message(), outcome.outputTail(), started, Instant.now());
            listeners.forEach(l -> l.taskFinished(task, result));
            return result;
        }
    }

    /** First Ctrl-C: start nothing new; running tasks and chains under way finish. */
    public void requestStop() {
        stopRequested = true;
        JobQueue q = currentQueue;
        if (q != null) {
            q.requestStop();
        }
    }

    /** Second Ctrl-C: start nothing; interrupt running commands and close connections. */
    public void abort() {
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
