package deployer.core.exec;

import deployer.core.model.Stage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Runs one stage: keeps as many tasks running as both the stage's {@code concurrency} and
 * {@code concurrency_per_host} allow. A lane whose next task's host is saturated is passed over, not waited on,
 * so other hosts keep working (as OkHttp's Dispatcher promotes calls). A lane is a single task or a chain, whose
 * links run in order.
 *
 * <p>After a failure, or when a stop is requested, no new lane starts; running tasks finish, and chains already
 * under way run their remaining links: a chain is one host's procedure (stop, switch, start, re-enable in the load
 * balancer), and abandoning it halfway would leave that host down. The failed chain itself stops at its failure.
 * {@link #abort()} starts nothing at all any more. Every task not run ends NOT_RUN.
 *
 * <p>Tasks are handed to {@code threads} outside the lock; the queue never runs work itself, so a test can drive
 * it deterministically with a recording executor.
 */
public final class JobQueue {

    /** Runs one task to its result; must not throw. */
    @FunctionalInterface
    public interface TaskRunner {
        TaskResult run(PlannedTask task);
    }

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
        boolean running;
        boolean ended;

        Lane(List<PlannedTask> links) {
            this.links = links;
        }
    }

    private final int limit;
    private final int perHostLimit;
    private final Executor threads;
    private final TaskRunner runner;
    private final List<Lane> lanes = new ArrayList<>();
    private final Map<String, Integer> runningPerHost = new HashMap<>();
    private final Map<PlannedTask, TaskResult> results = new HashMap<>();
    private final CompletableFuture<List<TaskResult>> done = new CompletableFuture<>();
    private int running;
    private boolean failed;
    private String haltReason;
    private boolean aborted;
    private boolean started;

    public JobQueue(int concurrency, int concurrencyPerHost, List<List<PlannedTask>> lanes, TaskRunner runner, Executor threads) {
        if (concurrency < 1 || concurrencyPerHost < 1) {
            throw new IllegalArgumentException("limits must be at least 1");
        }
        this.limit = concurrency;
        this.perHostLimit = concurrencyPerHost;
        this.runner = runner;
        this.threads = threads;
        lanes.forEach(l -> this.lanes.add(new Lane(List.copyOf(l))));
    }

    public static JobQueue forStage(Stage stage, List<List<PlannedTask>> lanes, TaskRunner runner, Executor threads) {
        return new JobQueue(stage.concurrency(), stage.effectivePerHostLimit(), lanes, runner, threads);
    }

    /** Starts the first tasks; the future completes with every task's result, in lane order, when the stage ends. */
    public CompletableFuture<List<TaskResult>> start() {
        synchronized (this) {
            if (started) {
                throw new IllegalStateException("a JobQueue runs once");
            }
            started = true;
        }
        promoteAndExecute();
        return done;
    }

    /** Graceful stop (first Ctrl-C): no new lanes, running tasks and chains under way finish. */
    public void requestStop() {
        synchronized (this) {
            if (haltReason == null) {
                haltReason = "the run was stopped";
            }
        }
        promoteAndExecute();
    }

    /** Hard stop (second Ctrl-C): nothing new starts at all; the caller interrupts what runs. */
    public void abort() {
        synchronized (this) {
            aborted = true;
            if (haltReason == null) {
                haltReason = "the run was aborted";
            }
        }
        promoteAndExecute();
    }

    public synchronized boolean failed() {
        return failed;
    }

    private void promoteAndExecute() {
        List<Runnable> toStart = new ArrayList<>();
        boolean finished;
        synchronized (this) {
            for (Lane lane : lanes) {
                if (running >= limit) {
                    break;
                }
                if (lane.running || lane.ended || aborted) {
                    continue;
                }
                boolean underWay = lane.next > 0;
                if (haltReason != null && !underWay) {
                    continue;
                }
                PlannedTask task = lane.links.get(lane.next);
                int onHost = runningPerHost.getOrDefault(task.hostKey(), 0);
                if (onHost >= perHostLimit) {
                    continue;
                }
                lane.running = true;
                running++;
                runningPerHost.put(task.hostKey(), onHost + 1);
                toStart.add(new Job(task, () -> runAndPromote(lane, task)));
            }
            finished = started && running == 0 && toStart.isEmpty() && !done.isDone();
        }
        for (Runnable r : toStart) {
            threads.execute(r);
        }
        if (finished) {
            complete();
        }
    }

    private void runAndPromote(Lane lane, PlannedTask task) {
        TaskResult result;
        try {
            result = runner.run(task);
        } catch (RuntimeException | Error e) {
            result = new TaskResult(task.id(), task.task().command(), task.hostKey(), task.task().tag(),
                    TaskStatus.FAILED, deployer.core.spi.FailureReason.COMMAND_ERROR,
                    "internal error: " + e, List.of(), null, null);
        }
        synchronized (this) {
            results.put(task, result);
            running--;
            runningPerHost.merge(task.hostKey(), -1, Integer::sum);
            lane.running = false;
            lane.next++;
            if (result.failed()) {
                failed = true;
                lane.ended = true;
                if (haltReason == null) {
                    haltReason = "task " + task.id() + " failed";
                }
            } else if (lane.next == lane.links.size()) {
                lane.ended = true;
            }
        }
        promoteAndExecute();
    }

    private void complete() {
        List<TaskResult> all = new ArrayList<>();
        synchronized (this) {
            for (Lane lane : lanes) {
                for (PlannedTask t : lane.links) {
                    TaskResult r = results.get(t);
                    all.add(r != null ? r : TaskResult.notRun(t, haltReason == null ? "not run" : "not run: " + haltReason));
                }
            }
        }
        done.complete(all);
    }
}
