package deployer.core.internal.metrics;

import deployer.core.exec.PlannedTask;
import deployer.core.exec.RunListener;
import deployer.core.exec.RunReport;
import deployer.core.exec.TaskResult;
import deployer.core.exec.TaskStatus;
import deployer.core.model.Stage;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Collects a run's metrics from its events: the run's duration, each stage's, each service's (its tasks' tag: from
 * its first task's start to its last task's end), and how many tasks ran, failed, succeeded or did not run. Only
 * counts while the run goes on (listeners must be quick); {@link GraphiteMetrics} sends the values when it ends.
 *
 * <p>Metric names (below the configured prefix): {@code run.duration_seconds}, {@code run.failed} (0 or 1),
 * {@code run.tasks.{run,succeeded,failed,not_run,skipped}}, {@code run.stage.<stage>.duration_seconds},
 * {@code run.service.<service>.duration_seconds}; names are lower case, anything but letters, digits, '-' and '_'
 * becomes '_'.
 */
public final class RunMetrics implements RunListener {

    private final Map<String, Instant[]> stages = new LinkedHashMap<>();
    private final Map<String, Instant[]> services = new LinkedHashMap<>();
    private final Map<String, Integer> stageOrdinal = new LinkedHashMap<>();
    private Instant runStart;
    private RunReport report;

    @Override
    public synchronized void runStarted(deployer.core.model.Tasklist tasklist) {
        runStart = Instant.now();
    }

    @Override
    public synchronized void stageStarted(int stageNumber, Stage stage) {
        stages.put(stageKey(stageNumber, stage), new Instant[]{Instant.now(), null});
    }

    @Override
    public synchronized void stageFinished(int stageNumber, Stage stage, List<TaskResult> results) {
        Instant[] span = stages.get(stageKey(stageNumber, stage));
        if (span != null) {
            span[1] = Instant.now();
        }
    }

    @Override
    public synchronized void taskFinished(PlannedTask task, TaskResult result) {
        if (result.started() == null || result.finished() == null || result.tag() == null || result.tag().isBlank()) {
            return;
        }
        Instant[] span = services.computeIfAbsent(name(result.tag()), k -> new Instant[]{result.started(), result.finished()});
        if (result.started().isBefore(span[0])) span[0] = result.started();
        if (result.finished().isAfter(span[1])) span[1] = result.finished();
    }

    @Override
    public synchronized void runFinished(RunReport report) {
        this.report = report;
    }

    /** The metrics, name → value, in a stable order; empty until the run has started. */
    public synchronized Map<String, Double> values() {
        Map<String, Double> m = new LinkedHashMap<>();
        if (runStart == null) {
            return m;
        }
        m.put("run.duration_seconds", report != null && report.started() != null && report.finished() != null
                ? seconds(report.started(), report.finished()) : seconds(runStart, Instant.now()));
        if (report != null) {
            List<TaskResult> results = report.results();
            long ran = results.stream().filter(r -> r.started() != null).count();
            m.put("run.failed", report.succeeded() ? 0.0 : 1.0);
            m.put("run.tasks.run", (double) ran);
            m.put("run.tasks.succeeded", (double) count(results, TaskStatus.SUCCEEDED));
            m.put("run.tasks.failed", (double) count(results, TaskStatus.FAILED));
            m.put("run.tasks.not_run", (double) count(results, TaskStatus.NOT_RUN));
            m.put("run.tasks.skipped", (double) count(results, TaskStatus.SKIPPED));
        }
        stages.forEach((k, span) -> {
            if (span[1] != null) {
                m.put("run.stage." + k + ".duration_seconds", seconds(span[0], span[1]));
            }
        });
        services.forEach((k, span) -> m.put("run.service." + k + ".duration_seconds", seconds(span[0], span[1])));
        return m;
    }

    /** A stage's name as a metric element; a second stage of the same name gets its number appended. */
    private String stageKey(int number, Stage stage) {
        String base = name(stage.name());
        Integer first = stageOrdinal.putIfAbsent(base, number);
        return first == null || first == number ? base : base + "_" + number;
    }

    private static long count(List<TaskResult> results, TaskStatus status) {
        return results.stream().filter(r -> r.status() == status).count();
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }

    /** One element of a dotted metric path: Graphite splits on '.' and on whitespace. */
    static String name(String text) {
        String n = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]+", "_").replaceAll("^_+|_+$", "");
        return n.isEmpty() ? "_" : n;
    }
}
