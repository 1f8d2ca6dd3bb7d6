package deployer.core.internal.cli;

import deployer.core.exec.PlannedTask;
import deployer.core.exec.RunListener;
import deployer.core.exec.TaskResult;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The tasks running right now and since when, so that a Ctrl-C can say what the run is waiting for. */
final class InFlightTasks implements RunListener {

    /** One running task: where, which, and how long it has run. */
    record Running(PlannedTask task, Duration elapsed) {
        String describe() {
            return String.format(Locale.ROOT, "%s %s %s%s, running for %.1f s", task.hostKey(), task.id(), task.task().command(),
                    task.task().tag() == null ? "" : " [" + task.task().tag() + "]", elapsed.toMillis() / 1000.0);
        }
    }

    private final Clock clock;
    private final Map<PlannedTask, Instant> started = new ConcurrentHashMap<>();

    InFlightTasks(Clock clock) {
        this.clock = clock;
    }

    InFlightTasks() {
        this(Clock.systemUTC());
    }

    @Override
    public void taskStarted(PlannedTask task) {
        started.put(task, clock.instant());
    }

    @Override
    public void taskFinished(PlannedTask task, TaskResult result) {
        started.remove(task);
    }

    /** What runs now, in tasklist order. */
    List<Running> snapshot() {
        Instant now = clock.instant();
        return started.entrySet().stream()
                .map(e -> new Running(e.getKey(), Duration.between(e.getValue(), now)))
                .sorted(Comparator.comparing(r -> r.task().id()))
                .toList();
    }
}
