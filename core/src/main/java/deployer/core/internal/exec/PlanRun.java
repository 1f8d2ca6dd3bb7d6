package deployer.core.internal.exec;

import deployer.core.exec.PlannedStage;
import deployer.core.exec.PlannedTask;
import deployer.core.exec.Run;
import deployer.core.exec.RunEvent;
import deployer.core.exec.RunReport;
import deployer.core.exec.TaskResult;
import deployer.core.exec.TaskStatus;
import deployer.core.exec.ValidatedPlan;
import deployer.core.internal.host.HostPool;

import deployer.core.internal.journal.ResumePoint;
import deployer.core.exec.FailureHandler;
import deployer.core.exec.policy.RolloutBudget;
import deployer.core.exec.Verdict;
import deployer.core.model.Redaction;
import deployer.core.model.RunId;
import deployer.core.model.Stage;
import deployer.core.model.StagePolicy;
import deployer.core.model.Task;
import deployer.core.spi.CommandContext;
import deployer.core.spi.CommandResult;
import deployer.core.spi.FailureReason;
import deployer.core.spi.HostException;
import deployer.core.spi.RemoteHost;
import deployer.core.spi.RunProgress;
import deployer.core.spi.RunScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * One run of a validated plan: its stages in order, each through a {@link JobQueue}, on its own thread. All run
 * state lives here — what runs, whether it was stopped or aborted — so an Engine can start any number of runs.
 * Everything that happens is published as one ordered stream of {@link RunEvent}s: every task of the plan ends in
 * exactly one {@link RunEvent.TaskFinished}, NOT_RUN ones included.
 *
 * <p>Failures follow the plan's policies through a {@link FailureHandler}: an idempotent task with {@code retries} is
 * run again after a backoff, a task with a {@code timeout} is interrupted at its deadline (its host ends the
 * command) and fails TIMEOUT, and under {@code on_failure: continue} a failed host drops out — its lane ends, it
 * starts no new lane in this or a later stage — while the others go on, until the rollout's failure budget
 * ({@link RolloutBudget}, one per {@code rollout} name) is spent. Finishing stages run on every host regardless.
 *
 * <p>A stage marked {@link Stage#always() always} runs even after a failure, a stop or an abort (then on fresh
 * connections); only an abort during such a stage (the third Ctrl-C) gives up on it and on later ones.
 */
public final class PlanRun implements Run {

    private static final Logger LOG = LoggerFactory.getLogger(Engine.LOGGER);
    private static final FailureHandler POLICIES = new PolicyFailureHandler();

    private final ValidatedPlan plan;
    private final HostPool hosts;
    private final RunId id;
    private final RunEvents events;
    private final ResumePoint resume;
    private final CompletableFuture<RunReport> done = new CompletableFuture<>();
    private final FailureHandler failureHandler;
    /** Fills in a task's {@code ${secret:NAME}} references just before it executes. */
    private final SecretBinding secrets;
    /** The failure budget of each rollout (a stage without {@code rollout} is its own), shared by its batch stages. */
    private final Map<String, RolloutBudget> budgets = new HashMap<>();
    /** Hosts that failed under {@code on_failure: continue}, with why: they start nothing new in this run. */
    private final Map<String, String> droppedHosts = new ConcurrentHashMap<>();
    /** Wakes retry backoffs on an abort. */
    private final Object backoffs = new Object();
    /** Every task that has ended so far, for {@link #progress}. */
    private final List<TaskResult> ended = java.util.Collections.synchronizedList(new ArrayList<>());
    /** The ids of {@link #ended}: each task ends once. */
    private final Set<deployer.core.model.TaskId> endedIds = ConcurrentHashMap.newKeySet();
    /** The numbers of the finishing stages, for {@link RunProgress#failures()}. */
    private final Set<Integer> finishingStages = new HashSet<>();
    private volatile Instant startedAt = Instant.now();
    /** A preview ({@link Engine#newDryRun}): every command gets a dry-run context. */
    private final boolean dryRun;

    // The run's state: changed only under this lock (start, stop, abort, a stage's start and end, a halting failure),
    // read without it.
    private final Object lock = new Object();
    private volatile RunState state = RunState.RUNNING;
    /** Why the run halted (a failure under {@code stop}, or a spent budget), the first only; null while it goes on. */
    private volatile String haltedBy;
    /** The run's own thread, once started. */
    private Thread thread;
    /** The stage under way: its queue and its threads, for a stop or an abort to reach. */
    private JobQueue currentQueue;
    private ExecutorService currentThreads;

    /** The one way to make a run: {@link Engine#newRun(ValidatedPlan, HostPool, RunId, RunOptions)}. */
    PlanRun(ValidatedPlan plan, HostPool hosts, RunId id, RunEvents events, SecretBinding secrets, RunOptions options) {
        this.secrets = secrets;
        this.dryRun = options.dryRun();
        this.plan = plan;
        this.hosts = hosts;
        this.id = id;
        this.events = events;
        this.resume = options.resume();
        this.failureHandler = options.failureHandler();
        plan.stages().stream().filter(ps -> ps.stage().always()).forEach(ps -> finishingStages.add(ps.number()));
        Map<String, Set<String>> rolloutHosts = new LinkedHashMap<>();
        for (PlannedStage ps : plan.stages()) {
            Set<String> hostKeys = rolloutHosts.computeIfAbsent(budgetKey(ps), k -> new HashSet<>());
            ps.tasks().forEach(t -> hostKeys.add(t.hostKey()));
        }
        for (PlannedStage ps : plan.stages()) {
            StagePolicy p = ps.stage().policy();
            String name = p.rollout() != null ? p.rollout() : "stage " + ps.number() + " '" + ps.stage().name() + "'";
            budgets.putIfAbsent(budgetKey(ps), new RolloutBudget(name, rolloutHosts.get(budgetKey(ps)).size(), p.maxFailures(),
                    p.maxFailPercentage()));
        }
    }

    /** Stages of one rollout share a budget; a stage without a rollout has its own. */
    private static String budgetKey(PlannedStage ps) {
        String rollout = ps.stage().policy().rollout();
        return rollout != null ? "rollout " + rollout : "stage " + ps.number();
    }

    public RunId id() {
        return id;
    }

    public ValidatedPlan plan() {
        return plan;
    }

    /** Starts the run on a thread of its own and returns at once. */
    public Run start() {
        synchronized (lock) {
            if (thread != null) {
                throw new IllegalStateException("run " + id + " was started already");
            }
            thread = new Thread(() -> {
                try {
                    done.complete(execute());
                } catch (RuntimeException | Error e) {
                    done.completeExceptionally(e);
                }
            }, "run-" + id);
        }
        thread.start();
        return this;
    }

    /** Waits for the end of the run (a Ctrl-C does not cut the wait short: it stops the run, which then ends). */
    public RunReport await() {
        return awaitUninterruptibly(done, "run " + id);
    }

    /** The report, once the run has ended. */
    public Optional<RunReport> report() {
        return done.isDone() && !done.isCompletedExceptionally() ? Optional.of(done.join()) : Optional.empty();
    }

    private RunReport execute() {
        Instant started = Instant.now();
        startedAt = started;
        events.publish(new RunEvent.RunStarted(started, id.value(), plan.tasklist()));
        List<TaskResult> all = new ArrayList<>();
        ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "deadlines-" + id);
            t.setDaemon(true);
            return t;
        });
        try (PeriodicActions scope = new PeriodicActions(id.value())) {
            for (PlannedStage ps : plan.stages()) {
                Stage stage = ps.stage();
                String halted = haltedBy;
                RunState now = state;
                if (stage.whenFailed() && RunReport.statusOf(List.copyOf(ended), now.stopRequested(), now.aborted()) == RunReport.RunStatus.SUCCEEDED) {
                    // A catch block on a run that went well: its tasks are skipped, which leaves the run's status alone.
                    String why = "the run did not fail (the stage runs only when it failed, was stopped or aborted)";
                    events.publish(new RunEvent.StageSkipped(Instant.now(), ps.number(), stage, why));
                    for (PlannedTask t : ps.tasks()) {
                        TaskResult r = TaskResult.skipped(t, "skipped: " + why);
                        all.add(r);
                        finished(t, r);
                    }
                    continue;
                }
                String skip = stage.always() ? (now.gaveUp() ? "the run gave up on its finishing stages" : null)
                        : halted != null ? "an earlier stage failed (" + halted + ")"
                        : now.aborted() ? "the run was aborted"
                        : now.stopRequested() ? "the run was stopped" : null;
                if (skip != null) {
                    events.publish(new RunEvent.StageSkipped(Instant.now(), ps.number(), stage, skip));
                    for (PlannedTask t : ps.tasks()) {
                        TaskResult r = TaskResult.notRun(t, "not run: " + skip);
                        all.add(r);
                        finished(t, r);
                    }
                    continue;
                }
                events.publish(new RunEvent.StageStarted(Instant.now(), ps.number(), stage));
                List<TaskResult> results = runStage(ps, scope, deadlines);
                all.addAll(results);
                events.publish(new RunEvent.StageFinished(Instant.now(), ps.number(), stage, results));
            }
        } finally {
            deadlines.shutdownNow();
        }
        // A stop or an abort is the headline, a real failure is never hidden by it: see RunReport.statusOf.
        RunState end = state;
        RunReport.RunStatus status = RunReport.statusOf(all, end.stopRequested(), end.aborted());
        RunReport report = new RunReport(plan.tasklist().name(), status, all, started, Instant.now());
        events.publish(new RunEvent.RunFinished(Instant.now(), report));
        return report;
    }

    private List<TaskResult> runStage(PlannedStage ps, RunScope scope, ScheduledExecutorService deadlines) {
        Stage stage = ps.stage();
        int threads = Math.max(1, Math.min(stage.concurrency(), ps.lanes().size()));
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "task-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        // What a command's long waits watch: only an abort cuts them short (after a first Ctrl-C a running health
        // check or load-balancer wait finishes, or its chain would leave the host down); in a finishing stage only
        // the Ctrl-C that gives up on it.
        BooleanSupplier stop = stage.always() ? () -> state.gaveUp() : () -> state.aborted();
        List<List<PlannedTask>> lanes = ps.lanes().stream().map(PlannedStage.Lane::links).toList();
        // A finishing stage runs on every host, failed ones too: it releases what the run holds there.
        JobQueue.HostGate gate = stage.always() ? JobQueue.ALL_OPEN : droppedHosts::get;
        JobQueue queue = JobQueue.forStage(stage, lanes, task -> runTask(task, ps, scope, stop, deadlines), pool, gate, this::finished);
        CompletableFuture<List<TaskResult>> stageDone;
        boolean halted;
        // Started under the lock: a stop or an abort either comes first (and the stage starts nothing) or finds the queue.
        synchronized (lock) {
            if (stage.always()) {
                state = state.enterFinishingStage();
                if (state.aborted() && hosts.reopen()) {
                    LOG.info("Connecting afresh for the finishing stage '{}' (the abort closed the connections)", stage.name());
                }
            }
            currentThreads = pool;
            currentQueue = queue;
            halted = stage.always() ? state.gaveUp() : state.stopRequested();
            stageDone = halted ? null : queue.start();
        }
        try {
            if (halted) {
                stageDone = queue.cancel("the run was stopped");
            }
            List<TaskResult> results = awaitUninterruptibly(stageDone, "the job queue of stage " + ps.number());
            // The queue ended each task that ran (through this::finished, on its thread); the ones it never started
            // (not run, or skipped after their chain's guard) end here, in plan order (the queue returns every result
            // in plan order).
            List<PlannedTask> tasks = ps.tasks();
            for (int i = 0; i < results.size(); i++) {
                if (!endedIds.contains(tasks.get(i).id())) {
                    finished(tasks.get(i), results.get(i));
                }
            }
            return results;
        } finally {
            synchronized (lock) {
                currentQueue = null;
                currentThreads = null;
                state = state.leaveFinishingStage();
            }
            pool.shutdownNow();
        }
    }

    /** The future's value; an interrupt does not cut the wait short but is kept for the caller. */
    private static <T> T awaitUninterruptibly(CompletableFuture<T> done, String what) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return done.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw new IllegalStateException(what + " failed inside the engine", e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Runs a task, every attempt of it, and returns its outcome to the queue: the result, and what the failure
     * handler's verdict means for its lane and the stage. The queue ends the task (see {@link #finished}).
     */
    private JobQueue.Outcome runTask(PlannedTask task, PlannedStage ps, RunScope scope, BooleanSupplier stop,
                                     ScheduledExecutorService deadlines) {
        Task t = task.task();
        // A "when": "failed" stage answers this run's failure, not the earlier one's: its tasks run again.
        if (resume != null && resume.done().contains(task.id()) && !task.command().rerunOnResume() && !ps.stage().whenFailed()) {
            return new JobQueue.Outcome(TaskResult.alreadyDone(task, "done in an earlier run of " + resume.journal().file()), JobQueue.GO_ON);
        }
        try (MDC.MDCCloseable h = MDC.putCloseable("host", task.hostKey());
             MDC.MDCCloseable g = MDC.putCloseable("tag", t.tag() == null ? "*" : t.tag())) {
            for (int attempt = 1; ; attempt++) {
                TaskResult result = attempt(task, attempt, scope, stop, deadlines);
                if (result.status() == TaskStatus.SKIPPED && task.command() != null && task.command().guardsChain()) {
                    return new JobQueue.Outcome(result, new JobQueue.Next.SkipRest(result.message()));
                }
                if (!result.failed()) {
                    return new JobQueue.Outcome(result, JobQueue.GO_ON);
                }
                // After a Ctrl-C the operator has answered already: the tasklist's policies decide, nobody is asked.
                FailureHandler judge = state.stopRequested() ? POLICIES : failureHandler;
                Verdict verdict = judge.onFailure(task, result, attempt, task.policy(), ps.stage().policy(),
                        task.command() != null && task.command().idempotent(), budgets.get(budgetKey(ps)));
                if (verdict instanceof Verdict.Retry retry && !stop.getAsBoolean()) {
                    TaskResult failed = retry.note() == null ? result : withMessage(result, result.message() + " (" + retry.note() + ")");
                    events.publish(new RunEvent.TaskRetrying(Instant.now(), task, attempt, failed, retry.delay()));
                    if (backoff(retry.delay(), stop)) {
                        continue;
                    }
                    verdict = new Verdict.Stop("the run was aborted while task " + task.id() + " waited to retry");
                } else if (verdict instanceof Verdict.Retry) {
                    verdict = new Verdict.Stop("task " + task.id() + " failed");
                }
                return judged(task, result, attempt, verdict);
            }
        }
    }

    /**
     * A failure's final verdict, applied: the operator's Skip ends the task SKIPPED and its lane goes on; a failure
     * the handler let pass ({@code on_failure: continue}) ends the lane and drops the host; any other halts the stage
     * and the run.
     */
    private JobQueue.Outcome judged(PlannedTask task, TaskResult failure, int attempts, Verdict verdict) {
        if (verdict instanceof Verdict.Skip skip) {
            // The operator's choice: the task ends SKIPPED (in the journal and the summary as such).
            TaskResult skipped = new TaskResult(failure.id(), failure.command(), failure.host(), failure.tag(), TaskStatus.SKIPPED,
                    failure.reason(), (skip.note() == null ? "skipped" : skip.note()) + " after: " + failure.message(),
                    failure.outputTail(), failure.started(), failure.finished(), failure.exitStatus(), failure.changed());
            return new JobQueue.Outcome(skipped, JobQueue.GO_ON);
        }
        TaskResult result = failure;
        if (attempts > 1) {
            result = withMessage(result, result.message() + " (after " + attempts + " attempts)");
        }
        if (verdict.note() != null) {
            result = withMessage(result, result.message() + " (" + verdict.note() + ")");
        }
        if (verdict instanceof Verdict.Continue c) {
            String what = result.reason() == FailureReason.UNREACHABLE ? "is unreachable" : "failed earlier";
            droppedHosts.putIfAbsent(task.hostKey(), "host " + task.hostKey() + " " + what + " (task " + task.id() + ": "
                    + result.reason() + "; on_failure: continue)");
            LOG.warn("Task {} failed; going on without host {} ({})", task.describe(), task.hostKey(), c.why());
            return new JobQueue.Outcome(result, new JobQueue.Next.EndLane("task " + task.id() + " failed on " + task.hostKey()
                    + " (on_failure: continue)"));
        }
        String why = verdict instanceof Verdict.Stop stop ? stop.why() : "task " + task.id() + " failed";
        synchronized (lock) {
            if (haltedBy == null) {
                haltedBy = why;
            }
        }
        return new JobQueue.Outcome(result, new JobQueue.Next.Halt(why));
    }

    /** One attempt of a task, under its {@code timeout} if it has one. */
    private TaskResult attempt(PlannedTask task, int attempt, RunScope scope, BooleanSupplier stop, ScheduledExecutorService deadlines) {
        Task t = task.task();
        Instant started = Instant.now();
        events.publish(new RunEvent.TaskStarted(started, task, attempt));
        Redaction redaction = Redaction.of(t);
        CommandResult outcome;
        Deadline deadline = task.policy().timeout() == null ? null : Deadline.arm(deadlines, task.policy().timeout());
        try {
            try {
                SecretBinding.Bound bound = secrets.bind(task);
                redaction = bound.redaction();
                Redaction masking = redaction;
                // Output lines go to the event stream too, masked as in the log (the ad-hoc run prints them per host).
                RemoteHost host = new TappedHost(SudoHost.of(hosts.host(task.host(), t.remoteUser()), t.sudo()),
                        (line, stderr) -> events.publish(new RunEvent.OutputLine(Instant.now(), task, masking.outputLine(line), stderr)));
                Logger log = LoggerFactory.getLogger(task.command().getClass());
                CommandContext context = new CommandContext(task.id(), t.tag(), host, log, stop, id, scope, redaction,
                        progress, hosts, secrets.secrets());
                outcome = bound.command().execute(dryRun ? context.asDryRun() : context);
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
        } finally {
            if (deadline != null) {
                deadline.disarm();
            }
        }
        if (deadline != null && deadline.fired() && outcome.outcome() != CommandResult.Outcome.SUCCEEDED) {
            // The deadline interrupted the command (its host ended it): whatever it made of that, it timed out.
            outcome = CommandResult.failed(FailureReason.TIMEOUT, "timed out after " + seconds(task.policy().timeout()) + " s");
        }
        TaskStatus status = switch (outcome.outcome()) {
            case SUCCEEDED -> TaskStatus.SUCCEEDED;
            case SKIPPED -> TaskStatus.SKIPPED;
            case FAILED -> TaskStatus.FAILED;
        };
        // Every listener, the summary and any report see the result with the task's sensitive values masked.
        return new TaskResult(task.id(), t.command(), task.hostKey(), t.tag(), status,
                outcome.reason(), redaction.mask(outcome.message()), redaction.outputLines(outcome.outputTail()),
                started, Instant.now(), outcome.exitStatus(), outcome.changed());
    }

    /**
     * The one end of every task: kept for {@link #progress}, then published. A task that ran ends in its host's and
     * tag's log context, as its start did (the queue calls this on the task's thread, after its outcome).
     */
    private void finished(PlannedTask task, TaskResult result) {
        endedIds.add(task.id());
        ended.add(result);
        if (result.started() == null) {
            events.publish(new RunEvent.TaskFinished(Instant.now(), task, result));
            return;
        }
        try (MDC.MDCCloseable h = MDC.putCloseable("host", task.hostKey());
             MDC.MDCCloseable g = MDC.putCloseable("tag", task.task().tag() == null ? "*" : task.task().tag())) {
            events.publish(new RunEvent.TaskFinished(Instant.now(), task, result));
        }
    }

    /** How the run stands so far, for the tasks that report it (hooks, notifications). */
    private final RunProgress progress = new RunProgress() {
        @Override
        public Instant started() {
            return startedAt;
        }

        @Override
        public String status() {
            RunState now = state;
            return RunReport.statusOf(List.copyOf(ended), now.stopRequested(), now.aborted()).name().toLowerCase(java.util.Locale.ROOT);
        }

        @Override
        public Map<String, Long> counts() {
            Map<String, Long> counts = new java.util.TreeMap<>();
            List.copyOf(ended).forEach(r -> counts.merge(r.status().name().toLowerCase(java.util.Locale.ROOT), 1L, Long::sum));
            return counts;
        }

        @Override
        public List<Failure> failures() {
            return List.copyOf(ended).stream().filter(TaskResult::failed)
                    .map(r -> new Failure(r.id(), r.command(), r.host(), r.reason(), finishingStages.contains(r.id().stage()))).toList();
        }

        @Override
        public boolean stopRequested() {
            return state.stopRequested();
        }
    };

    /** Waits before a retry; false when the run was aborted meanwhile (the retry is off). */
    private boolean backoff(Duration delay, BooleanSupplier stop) {
        long deadline = System.nanoTime() + delay.toNanos();
        synchronized (backoffs) {
            while (!stop.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return true;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(backoffs, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return false;
        }
    }

    private static TaskResult withMessage(TaskResult r, String message) {
        return new TaskResult(r.id(), r.command(), r.host(), r.tag(), r.status(), r.reason(), message, r.outputTail(),
                r.started(), r.finished(), r.exitStatus(), r.changed());
    }

    private static String seconds(Duration d) {
        return d.toNanos() % 1_000_000_000L == 0 ? Long.toString(d.toSeconds()) : Double.toString(d.toMillis() / 1000.0);
    }

    /**
     * First Ctrl-C: start nothing new; running tasks and chains under way finish. A finishing ({@code always}) stage
     * under way is not stopped: it is what a stopped run still has to do.
     */
    public void stop() {
        JobQueue q;
        synchronized (lock) {
            state = state.stop();
            q = state.finishing() ? null : currentQueue;
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
        // Under the lock, so that a finishing stage never reopens the hosts before this abort has closed them.
        synchronized (lock) {
            RunState before = state;
            state = state.abort();
            if (state == RunState.FINISHING_ABORTED && before != RunState.FINISHING_ABORTED) {
                LOG.warn("Aborted while the finishing stages run: they go on (releasing locks); Ctrl-C again to give up on them");
                return;
            }
            if (before == RunState.FINISHING_ABORTED) {
                LOG.warn("Giving up on the finishing stages: locks they would release stay until their lease expires");
            }
            JobQueue q = currentQueue;
            if (q != null) {
                q.abort();
            }
            ExecutorService t = currentThreads;
            if (t != null) {
                // Interrupts the running tasks; the hand-offs it drops unrun are given back to the queue.
                List<Runnable> dropped = t.shutdownNow();
                if (q != null) {
                    q.neverRan(dropped);
                }
            }
            hosts.close();
        }
        synchronized (backoffs) {
            backoffs.notifyAll();
        }
    }
}
