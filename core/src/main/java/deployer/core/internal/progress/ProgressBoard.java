package deployer.core.internal.progress;

import deployer.core.exec.PlannedTask;
import deployer.core.exec.RunListener;
import deployer.core.exec.TaskResult;
import deployer.core.exec.TaskStatus;
import deployer.core.model.Stage;
import deployer.core.model.Tasklist;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The counts behind the progress display, kept from the run's events: per stage in flight how many tasks are done,
 * running, failed and still queued, since when it runs, and which hosts are busy. Listeners are called one event at
 * a time, but the display reads from its own thread: every method is synchronized.
 */
public final class ProgressBoard implements RunListener {

    /** One stage in flight, as the display shows it. */
    public record StageLine(int number, int stages, String name, int total, int done, int running, int failed, int queued,
                            Duration elapsed, Map<String, Integer> busyHosts) {

        /** Finished tasks (done or failed) out of all. */
        public double fraction() {
            return total == 0 ? 1.0 : (done + failed) / (double) total;
        }

        /** The line without any bar or colour, ASCII only: for logs and for terminals alike. */
        public String plain() {
            return String.format(Locale.ROOT, "stage %d/%d %s: %s (%d/%d finished) after %s%s",
                    number, stages, name, counts(), done + failed, total, clock(elapsed), busy().isEmpty() ? "" : "; " + busy());
        }

        /** {@code 3 done, 2 running, 0 failed, 5 queued}. */
        public String counts() {
            return String.format(Locale.ROOT, "%d done, %d running, %d failed, %d queued", done, running, failed, queued);
        }

        /** {@code busy: be001 x2, be002}, or nothing when no task runs. */
        public String busy() {
            if (busyHosts.isEmpty()) {
                return "";
            }
            List<String> hosts = new ArrayList<>();
            busyHosts.forEach((h, n) -> hosts.add(n == 1 ? h : h + " x" + n));
            return "busy: " + String.join(", ", hosts);
        }

        /** m:ss, or h:mm:ss past an hour. */
        public static String clock(Duration d) {
            long s = d.toSeconds();
            return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                    : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
        }
    }

    private static final class Counts {
        final int number;
        final String name;
        final Instant started;
        int total;
        int done;
        int running;
        int failed;
        final Map<String, Integer> busy = new TreeMap<>();

        Counts(int number, String name, int total, Instant started) {
            this.number = number;
            this.name = name;
            this.total = total;
            this.started = started;
        }
    }

    private final Clock clock;
    private final Map<Integer, Counts> inFlight = new LinkedHashMap<>();
    private int stages;

    public ProgressBoard(Clock clock) {
        this.clock = clock;
    }

    public ProgressBoard() {
        this(Clock.systemUTC());
    }

    @Override
    public synchronized void runStarted(Tasklist tasklist) {
        stages = tasklist.stages().size();
    }

    @Override
    public synchronized void stageStarted(int stageNumber, Stage stage) {
        inFlight.put(stageNumber, new Counts(stageNumber, stage.name(),
                stage.items().stream().mapToInt(item -> item.links().size()).sum(), clock.instant()));
    }

    @Override
    public synchronized void taskStarted(PlannedTask task) {
        Counts c = inFlight.get(task.id().stage());
        if (c != null) {
            c.running++;
            c.busy.merge(task.hostKey(), 1, Integer::sum);
        }
    }

    @Override
    public synchronized void taskRetrying(PlannedTask task, int failedAttempt, TaskResult failure, Duration delay) {
        // The attempt ended; the next one starts with its own event.
        release(task);
    }

    @Override
    public synchronized void taskFinished(PlannedTask task, TaskResult result) {
        Counts c = inFlight.get(task.id().stage());
        if (c == null) {
            return;
        }
        if (result.started() != null && result.status() != TaskStatus.ALREADY_DONE) {
            release(task);
        }
        switch (result.status()) {
            case FAILED -> c.failed++;
            // A task the stop left out will never run: it leaves the queue, it is not done.
            case NOT_RUN -> c.total--;
            default -> c.done++;
        }
    }

    private void release(PlannedTask task) {
        Counts c = inFlight.get(task.id().stage());
        if (c != null && c.running > 0) {
            c.running--;
            c.busy.computeIfPresent(task.hostKey(), (h, n) -> n <= 1 ? null : n - 1);
        }
    }

    @Override
    public synchronized void stageFinished(int stageNumber, Stage stage, List<TaskResult> results) {
        inFlight.remove(stageNumber);
    }

    /** The stages in flight now, in order. */
    public synchronized List<StageLine> snapshot() {
        Instant now = clock.instant();
        List<StageLine> lines = new ArrayList<>();
        for (Counts c : inFlight.values()) {
            int queued = Math.max(0, c.total - c.done - c.failed - c.running);
            lines.add(new StageLine(c.number, stages, c.name, c.total, c.done, c.running, c.failed, queued,
                    Duration.between(c.started, now), Collections.unmodifiableMap(new TreeMap<>(c.busy))));
        }
        return lines;
    }
}
