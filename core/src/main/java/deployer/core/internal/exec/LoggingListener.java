package deployer.core.internal.exec;

import deployer.core.exec.PlannedTask;
import deployer.core.exec.RunListener;
import deployer.core.exec.TaskResult;
import deployer.core.model.Redaction;
import deployer.core.model.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.util.List;
import java.util.Locale;

/**
 * The first run listener: stages, and one INFO line when each task starts (what it does, in words) and one when it
 * ends (how, and how long it took), as Capistrano shows each command; failures with host, task, reason and the last
 * stderr lines. Host and tag are in the line's MDC columns.
 */
public final class LoggingListener implements RunListener {

    private static final Logger LOG = LoggerFactory.getLogger(Engine.LOGGER);

    @Override
    public void stageStarted(int stageNumber, Stage stage) {
        LOG.info("Starting stage: {}", stage.name());
    }

    @Override
    public void taskStarted(PlannedTask task) {
        String words = words(task);
        LOG.info("Starting task {}{}", task.describe(), words.isEmpty() ? "" : ": " + words);
    }

    /** The command's own words for what the task does, with the task's sensitive values masked. */
    private static String words(PlannedTask task) {
        try {
            String words = task.command() == null ? "" : task.command().describe();
            return words == null || words.isBlank() ? "" : Redaction.of(task.task()).mask(words.strip());
        } catch (RuntimeException e) {
            // A command that cannot describe itself still runs; the line just says less.
            return "";
        }
    }

    @Override
    public void taskRetrying(PlannedTask task, int failedAttempt, TaskResult failure, java.time.Duration delay) {
        LOG.warn("Task {} failed ({}: {}) on attempt {}; retrying in {} s", task.describe(), failure.reason(), failure.message(),
                failedAttempt, delay.toMillis() / 1000.0);
    }

    @Override
    public void taskFinished(PlannedTask task, TaskResult result) {
        switch (result.status()) {
            case FAILED -> {
                LOG.error("Task {} FAILED ({}): {}; took {}", task.describe(), result.reason(), result.message(), seconds(result));
                result.outputTail().forEach(line -> LOG.error("  | {}", line));
            }
            case SKIPPED -> LOG.info("Task {} skipped: {}; took {}", task.describe(), result.message(), seconds(result));
            case NOT_RUN -> LOG.debug("Task {} {}", task.describe(), result.message());
            case ALREADY_DONE -> LOG.info("Task {} not run again: {}", task.describe(), result.message());
            default -> LOG.info("Finished task {} in {}{}{}", task.describe(), seconds(result), result.changed() ? ", changed" : "",
                    result.message().isBlank() ? "" : ": " + firstLine(result.message()));
        }
    }

    /**
     * A log entry is one line: a message of many (a dry run's diff, printed whole on stdout and kept in the reports)
     * is logged by its first line and how many follow, so it is neither shown twice nor splits the log.
     */
    static String firstLine(String message) {
        String m = message.endsWith("\n") ? message.substring(0, message.length() - 1) : message;
        int nl = m.indexOf('\n');
        if (nl < 0) {
            return m;
        }
        long more = m.substring(nl + 1).lines().count();
        return m.substring(0, nl) + " … (" + more + " more line" + (more == 1 ? "" : "s") + ")";
    }

    private static String seconds(TaskResult r) {
        return String.format(Locale.ROOT, "%.1f s", r.duration().toMillis() / 1000.0);
    }

    @Override
    public void stageFinished(int stageNumber, Stage stage, List<TaskResult> results) {
        try (MDC.MDCCloseable h = MDC.putCloseable("host", "*")) {
            if (results.stream().anyMatch(TaskResult::failed)) {
                LOG.error("Stage failed: {}", stage.name());
            } else {
                LOG.info("Finished stage: {}", stage.name());
            }
        }
    }
}
