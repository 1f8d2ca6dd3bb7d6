package deployer.core.internal.exec;

import deployer.core.exec.PlannedTask;
import deployer.core.exec.TaskResult;
import deployer.core.exec.TaskStatus;
import deployer.core.model.Stage;
import deployer.core.spi.FailureReason;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.time.Duration;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.ToDoubleFunction;

/**
 * Runs one stage: keeps as many tasks running as both the stage's {@code concurrency} and
 * {@code concurrency_per_host} allow. A host that is saturated is passed over, not waited on, so other hosts keep
 * working (as OkHttp's Dispatcher promotes calls). A lane is a single task or a chain, whose links run in order.
 *
 * <p>Ready work is indexed, never scanned: each host has its own queue of ready lanes, and the hosts that could
 * start something now sit in one ordered ready set, so a dispatch or a completion costs O(log hosts). Which host
 * gets a free slot: first a host with a chain under way (a host halfway through stop → switch → start is down
 * until its chain ends), then the host with the most work not yet started (longest-processing-time first: the
 * heaviest host would otherwise start last and set the stage's makespan), then plan order. On one host a chain
 * under way gets its next link before a new lane starts there.
 *
 * <p>A host's work left is its tasks' cost (task counts, or duration hints) times how long a unit of cost took on
 * that host so far, read from the finished tasks' start and end: without hints, a host whose tasks take 8 s is
 * then told from one whose tasks take 0.2 s after its first task ends. A host with no finished task yet counts at
 * the rate seen over all hosts, which is re-estimated after 1, 2, 4, 8, … finished tasks (each re-estimate
 * re-sorts the ready set, so the keys stay comparable at O(hosts · log hosts · log tasks) in all).
 *
 * <p>What a failure means is the {@link Judge}'s call (the run's failure policy): by default every failure halts the
 * stage. After a halting failure, or when a stop is requested, no new lane starts; running tasks finish, and chains
 * already under way run their remaining links: a chain is one host's procedure (stop, switch, start, re-enable in
 * the load balancer), and abandoning it halfway would leave that host down. The failed chain itself stops at its
 * failure. A failure the judge lets pass ({@code on_failure: continue}) ends only its own lane; and a host the
 * {@code closedHosts} gate names (one that failed under {@code continue}) starts no new lane.
 * {@link #abort()} starts nothing at all any more. Every task not run ends NOT_RUN, with the reason.
 *
 * <p>Tasks are handed to {@code threads} outside the lock; the queue never runs work itself, so a test can drive
 * it deterministically with a recording executor. A hand-off the executor rejects (it was shut down by an abort)
 * is undone: its counters are given back and the task ends NOT_RUN.
 */
public final class JobQueue {

    /** Runs one task to its result; must not throw. */
    @FunctionalInterface
    public interface TaskRunner {
        TaskResult run(PlannedTask task);
    }

    /** Runs one task (every attempt of it) and says what its end means: the task's whole outcome. Must not throw. */
    @FunctionalInterface
    public interface TaskWork {
        Outcome run(PlannedTask task);
    }

    /** How a task ended and what that means for its lane and the stage. */
    public record Outcome(TaskResult result, Next next) {
    }

    /**
     * Hears the end of each task that ran, once, on its thread as soon as it ended (before any task is started in its
     * place). The tasks never run are in the stage's results, NOT_RUN: the caller ends them when it has them, on its
     * own thread (never one that holds a lock of the caller's, as a stop or an abort might).
     */
    @FunctionalInterface
    public interface TaskEnds {
        void ended(PlannedTask task, TaskResult result);

        TaskEnds NONE = (task, result) -> { };
    }

    /**
     * Where the queue is in its life; changed only under its lock. NEW → RUNNING → (HALTED →) (ABORTED →) COMPLETED,
     * or NEW → COMPLETED for a stage cancelled before it started. HALTED: no new lane starts, lanes under way go on;
     * ABORTED: nothing starts at all.
     */
    public enum Phase {
        NEW, RUNNING, HALTED, ABORTED, COMPLETED;

        boolean startsNewLanes() {
            return this == RUNNING;
        }

        boolean startsLinks() {
            return this == RUNNING || this == HALTED;
        }
    }

    /** What a finished task means for its lane and the stage. */
    public sealed interface Next {
        /** The lane goes on with its next link. */
        record GoOn() implements Next {
        }

        /** The lane ends here (its other links are not run, for {@code why}); other lanes go on. */
        record EndLane(String why) implements Next {
        }

        /** The lane ends here and its other links end SKIPPED, for {@code why} (a guard found its work not needed). */
        record SkipRest(String why) implements Next {
        }

        /** The lane ends and the stage starts no new lane, for {@code why}. */
        record Halt(String why) implements Next {
        }
    }

    public static final Next GO_ON = new Next.GoOn();

    /** Decides what a task's result means; called on the task's thread, outside the queue's lock. */
    @FunctionalInterface
    public interface Judge {
        Next after(PlannedTask task, TaskResult result);
    }

    /** The engine's default: a failure halts the stage. */
    public static final Judge EVERY_FAILURE_HALTS = (task, result) -> result.failed() ? new Next.Halt("task " + task.id() + " failed") : GO_ON;

    /** Says why a host takes no new lane (it failed earlier under {@code on_failure: continue}), or null. */
    @FunctionalInterface
    public interface HostGate {
        String closed(String hostKey);
    }

    public static final HostGate ALL_OPEN = host -> null;

    /** What the queue hands to the thread executor: one task's run, named so that a test or dump can see it. */
    public record Job(PlannedTask task, Runnable body) implements Runnable {
        @Override
        public void run() {
            body.run();
        }
    }

    private static final class Lane {
        final List<PlannedTask> links;
        int next;
        boolean ended;
        /** Why its links after the last one run are NOT_RUN, when not the stage's halt reason. */
        String endReason;
        /** Its links after the last one run end SKIPPED (for {@link #endReason}), not NOT_RUN. */
        boolean skipRest;

        Lane(List<PlannedTask> links) {
            this.links = links;
        }

        PlannedTask nextTask() {
            return links.get(next);
        }
    }

    /** One host's ready lanes and counters. The {@code key*} fields are the ready set's sort key while queued. */
    private static final class HostQueue {
        final String host;
        final int order;
        final ArrayDeque<Lane> underWay = new ArrayDeque<>();
        final ArrayDeque<Lane> fresh = new ArrayDeque<>();
        int running;
        double notStartedWork;
        /** Seconds and cost units of this host's finished tasks that reported their start and end. */
        double doneSeconds;
        double doneCost;
        boolean ready;
        boolean keyUnderWay;
        double keyWork;

        HostQueue(String host, int order) {
            this.host = host;
            this.order = order;
        }
    }

    private record Dispatch(Lane lane, Job job) {
    }

    private static final Comparator<HostQueue> PRIORITY = Comparator
            .comparing((HostQueue h) -> !h.keyUnderWay)
            .thenComparing(h -> -h.keyWork)
            .thenComparingInt(h -> h.order);

    private final int limit;
    private final int perHostLimit;
    private final Executor threads;
    private final TaskWork work;
    private final TaskEnds ends;
    private final ToDoubleFunction<PlannedTask> cost;
    private final HostGate gate;
    private final List<Lane> lanes = new ArrayList<>();
    private final Map<String, HostQueue> hosts = new LinkedHashMap<>();
    private final TreeSet<HostQueue> readyHosts = new TreeSet<>(PRIORITY);
    private final Map<PlannedTask, TaskResult> results = new IdentityHashMap<>();
    private final CompletableFuture<List<TaskResult>> done = new CompletableFuture<>();
    private int running;
    private boolean failed;
    private Phase phase = Phase.NEW;
    /** Why no new lane starts (the first halt, stop or abort); null while they do. */
    private String haltReason;
    private double doneSeconds;
    private double doneCost;
    private long timedTasks;
    private long nextRateEstimate = 1;
    /** Seconds per cost unit assumed for a host with no finished task yet; 1 until a task reported its times. */
    private double priorRate = 1.0;

    public JobQueue(int concurrency, int concurrencyPerHost, List<List<PlannedTask>> lanes, TaskRunner runner, Executor threads) {
        this(concurrency, concurrencyPerHost, lanes, runner, threads, task -> 1.0);
    }

    /**
     * @param cost the expected work of a task, for ordering hosts by the work they have left; without duration
     *             hints every task counts 1
     */
    public JobQueue(int concurrency, int concurrencyPerHost, List<List<PlannedTask>> lanes, TaskRunner runner, Executor threads,
                    ToDoubleFunction<PlannedTask> cost) {
        this(concurrency, concurrencyPerHost, lanes, runner, threads, cost, EVERY_FAILURE_HALTS, ALL_OPEN);
    }

    /**
     * @param judge what each result means for its lane and the stage (the run's failure policy)
     * @param gate  hosts that start no new lane (a lane under way there goes on)
     */
    public JobQueue(int concurrency, int concurrencyPerHost, List<List<PlannedTask>> lanes, TaskRunner runner, Executor threads,
                    ToDoubleFunction<PlannedTask> cost, Judge judge, HostGate gate) {
        this(concurrency, concurrencyPerHost, lanes, task -> {
            TaskResult result = runner.run(task);
            return new Outcome(result, judge.after(task, result));
        }, threads, cost, gate, TaskEnds.NONE);
    }

    /**
     * @param work  runs a task and says what its end means (the run's failure policy applied)
     * @param gate  hosts that start no new lane (a lane under way there goes on)
     * @param ends  hears the end of each task that ran, once
     */
    public JobQueue(int concurrency, int concurrencyPerHost, List<List<PlannedTask>> lanes, TaskWork work, Executor threads,
                    ToDoubleFunction<PlannedTask> cost, HostGate gate, TaskEnds ends) {
        this.gate = gate;
        this.ends = ends;
        if (concurrency < 1 || concurrencyPerHost < 1) {
            throw new IllegalArgumentException("limits must be at least 1");
        }
        this.limit = concurrency;
        this.perHostLimit = concurrencyPerHost;
        this.work = work;
        this.threads = threads;
        this.cost = cost;
        for (List<PlannedTask> links : lanes) {
            if (links.isEmpty()) {
                continue;
            }
            Lane lane = new Lane(List.copyOf(links));
            this.lanes.add(lane);
            for (PlannedTask t : lane.links) {
                hostOf(t).notStartedWork += cost.applyAsDouble(t);
            }
            hostOf(lane.nextTask()).fresh.add(lane);
        }
    }

    public static JobQueue forStage(Stage stage, List<List<PlannedTask>> lanes, TaskWork work, Executor threads, HostGate gate,
                                    TaskEnds ends) {
        return new JobQueue(stage.concurrency(), stage.effectivePerHostLimit(), lanes, work, threads, task -> 1.0, gate, ends);
    }

    /** Starts the first tasks; the future completes with every task's result, in lane order, when the stage ends. */
    public CompletableFuture<List<TaskResult>> start() {
        synchronized (this) {
            if (phase != Phase.NEW) {
                throw new IllegalStateException("a JobQueue runs once");
            }
            phase = Phase.RUNNING;
            hosts.values().forEach(this::reindex);
        }
        promoteAndExecute();
        return done;
    }

    /** Ends the stage before it started (the run was stopped meanwhile): every task is NOT_RUN, for {@code why}. */
    public CompletableFuture<List<TaskResult>> cancel(String why) {
        synchronized (this) {
            if (phase != Phase.NEW) {
                throw new IllegalStateException("a JobQueue runs once");
            }
            haltReason = why;
        }
        complete(false);
        return done;
    }

    /** Graceful stop (first Ctrl-C): no new lanes, running tasks and chains under way finish. */
    public void requestStop() {
        synchronized (this) {
            halt("the run was stopped");
        }
        promoteAndExecute();
    }

    /** Hard stop (second Ctrl-C): nothing new starts at all; the caller interrupts what runs. */
    public void abort() {
        synchronized (this) {
            halt("the run was aborted");
            if (phase == Phase.HALTED) {
                phase = Phase.ABORTED;
                readyHosts.forEach(h -> h.ready = false);
                readyHosts.clear();
            }
        }
        promoteAndExecute();
    }

    public synchronized Phase phase() {
        return phase;
    }

    /**
     * Jobs the thread executor had accepted and then dropped without running them (an abort's {@code shutdownNow}
     * returns them): each is undone as a rejected hand-off is, or the stage would wait for them for ever.
     */
    public void neverRan(List<Runnable> dropped) {
        boolean undone = false;
        synchronized (this) {
            for (Runnable r : dropped) {
                if (r instanceof Job job) {
                    Lane lane = lanes.stream().filter(l -> !l.ended && l.nextTask() == job.task()).findFirst().orElse(null);
                    if (lane != null) {
                        giveBack(lane, job.task(), "the run was aborted");
                        undone = true;
                    }
                }
            }
        }
        if (undone) {
            promoteAndExecute();
        }
    }

    public synchronized boolean failed() {
        return failed;
    }

    private HostQueue hostOf(PlannedTask task) {
        return hosts.computeIfAbsent(task.hostKey(), k -> new HostQueue(k, hosts.size()));
    }

    /**
     * Called under the lock when a failure, a stop or an abort arrives: RUNNING → HALTED, the first reason kept, and
     * hosts with only new lanes leave the ready set.
     */
    private void halt(String reason) {
        if (phase != Phase.RUNNING) {
            return;
        }
        phase = Phase.HALTED;
        haltReason = reason;
        hosts.values().forEach(this::reindex);
    }

    private boolean canStart(HostQueue h) {
        return phase.startsLinks() && h.running < perHostLimit
                && (!h.underWay.isEmpty() || (phase.startsNewLanes() && !h.fresh.isEmpty()));
    }

    /** Puts the host back into the ready set under its current key, or leaves it out if it cannot start anything. */
    private void reindex(HostQueue h) {
        if (h.ready) {
            readyHosts.remove(h);
            h.ready = false;
        }
        if (canStart(h)) {
            h.keyUnderWay = !h.underWay.isEmpty();
            h.keyWork = h.notStartedWork * (h.doneSeconds > 0 ? h.doneSeconds / h.doneCost : priorRate);
            h.ready = true;
            readyHosts.add(h);
        }
    }

    private void promoteAndExecute() {
        List<Dispatch> toStart = new ArrayList<>();
        synchronized (this) {
            while (phase.startsLinks() && running < limit && !readyHosts.isEmpty()) {
                HostQueue h = readyHosts.first();
                boolean fresh = h.underWay.isEmpty();
                Lane lane = fresh ? h.fresh.poll() : h.underWay.poll();
                String closed = fresh ? gate.closed(h.host) : null;
                if (closed != null) {
                    // The host dropped out of the run (failed under on_failure: continue): its new lanes never start.
                    lane.ended = true;
                    lane.endReason = "not run: " + closed;
                    lane.links.forEach(t -> hostOf(t).notStartedWork -= cost.applyAsDouble(t));
                    reindex(h);
                    continue;
                }
                PlannedTask task = lane.nextTask();
                running++;
                h.running++;
                h.notStartedWork -= cost.applyAsDouble(task);
                reindex(h);
                toStart.add(new Dispatch(lane, new Job(task, () -> runAndPromote(lane, task))));
            }
        }
        boolean rejected = false;
        for (Dispatch d : toStart) {
            try {
                threads.execute(d.job());
            } catch (RejectedExecutionException e) {
                undo(d, e);
                rejected = true;
            }
        }
        if (rejected) {
            promoteAndExecute();
            return;
        }
        completeIfDone();
    }

    /** A hand-off that never ran: give its slot back; the lane ends, and its tasks are NOT_RUN. */
    private void undo(Dispatch d, RejectedExecutionException e) {
        synchronized (this) {
            giveBack(d.lane(), d.job().task(), phase == Phase.ABORTED ? "the run was aborted" : "a task could not be started: " + e.getMessage());
        }
    }

    /** Called under the lock for a hand-off that never ran: its slot is free again, its lane ends, the stage halts. */
    private void giveBack(Lane lane, PlannedTask task, String why) {
        running--;
        HostQueue h = hosts.get(task.hostKey());
        h.running--;
        lane.ended = true;
        halt(why);
        reindex(h);
    }

    private void runAndPromote(Lane lane, PlannedTask task) {
        TaskResult result;
        Next next;
        try {
            Outcome outcome = work.run(task);
            result = outcome.result();
            next = outcome.next();
        } catch (RuntimeException | Error e) {
            result = new TaskResult(task.id(), task.task().command(), task.hostKey(), task.task().tag(),
                    TaskStatus.FAILED, FailureReason.COMMAND_ERROR, "internal error: " + e, List.of(), null, null);
            next = new Next.Halt("task " + task.id() + " failed");
        }
        ended(task, result);
        synchronized (this) {
            results.put(task, result);
            running--;
            HostQueue h = hosts.get(task.hostKey());
            h.running--;
            learnRate(h, task, result);
            lane.next++;
            failed |= result.failed();
            if (next instanceof Next.Halt halt) {
                lane.ended = true;
                lane.endReason = "not run: " + halt.why();
                halt(halt.why());
            } else if (next instanceof Next.EndLane end) {
                lane.ended = true;
                lane.endReason = "not run: " + end.why();
            } else if (next instanceof Next.SkipRest skip) {
                lane.ended = true;
                lane.skipRest = true;
                lane.endReason = "skipped: " + skip.why();
            } else if (lane.next == lane.links.size()) {
                lane.ended = true;
            } else {
                HostQueue nextHost = hostOf(lane.nextTask());
                nextHost.underWay.add(lane);
                reindex(nextHost);
            }
            reindex(h);
        }
        promoteAndExecute();
    }

    /** Called under the lock: counts a finished task's duration towards its host's and the stage's rate. */
    private void learnRate(HostQueue h, PlannedTask task, TaskResult result) {
        if (result.started() == null || result.finished() == null) {
            return;
        }
        double seconds = Duration.between(result.started(), result.finished()).toNanos() / 1e9;
        double units = cost.applyAsDouble(task);
        if (seconds < 0 || units <= 0) {
            return;
        }
        h.doneSeconds += seconds;
        h.doneCost += units;
        doneSeconds += seconds;
        doneCost += units;
        // Tasks that took no measurable time say nothing about a rate until something took time (all would be 0).
        if (++timedTasks >= nextRateEstimate && doneSeconds > 0) {
            nextRateEstimate = 2 * timedTasks;
            priorRate = doneSeconds / doneCost;
            // Hosts without finished tasks were keyed at the old prior; re-sort so that every key uses one scale.
            hosts.values().forEach(this::reindex);
        }
    }

    private void completeIfDone() {
        complete(true);
    }

    /**
     * Ends the stage (once it is idle, if {@code whenIdle}): every task not run ends NOT_RUN, with why, and the future
     * gets every result in lane order.
     */
    private void complete(boolean whenIdle) {
        List<TaskResult> all = new ArrayList<>();
        synchronized (this) {
            if (phase == Phase.COMPLETED || (whenIdle && (phase == Phase.NEW || running > 0 || !readyHosts.isEmpty()))) {
                return;
            }
            phase = Phase.COMPLETED;
            for (Lane lane : lanes) {
                String why = lane.endReason != null ? lane.endReason : haltReason == null ? "not run" : "not run: " + haltReason;
                for (PlannedTask t : lane.links) {
                    TaskResult r = results.get(t);
                    all.add(r != null ? r : lane.skipRest ? TaskResult.skipped(t, why) : TaskResult.notRun(t, why));
                }
            }
        }
        done.complete(all);
    }

    /**
     * Hands a task's end to {@link TaskEnds}. A callback that throws must not leave the stage waiting for ever (its
     * slot would never be given back); the run's own callback publishes through RunEvents, which isolates listeners.
     */
    private void ended(PlannedTask task, TaskResult result) {
        try {
            ends.ended(task, result);
        } catch (RuntimeException e) {
            Thread.currentThread().getUncaughtExceptionHandler().uncaughtException(Thread.currentThread(), e);
        }
    }
}
