package deployer.core.internal.exec;

import deployer.core.exec.Executor;
import deployer.core.exec.PlannedTask;
import deployer.core.exec.RunListener;
import deployer.core.exec.TaskResult;
import deployer.core.model.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.util.List;

/** The first run listener: stage and task progress in the log, failures with host, task and reason. */
public final class LoggingListener implements RunListener {

    private static final Logger LOG = LoggerFactory.getLogger(Executor.class);

    @Override
    public void stageStarted(int stageNumber, Stage stage) {
        LOG.info("Starting stage: {}", stage.name());
    }

    @Override
    public void taskStarted(PlannedTask task) {
        LOG.debug("Starting task {}", task.describe());
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
                LOG.error("Task {} FAILED ({}): {}", task.describe(), result.reason(), result.message());
                result.outputTail().forEach(line -> LOG.error("  | {}", line));
            }
            case SKIPPED -> LOG.info("Task {} skipped: {}", task.describe(), result.message());
            case NOT_RUN -> LOG.debug("Task {} {}", task.describe(), result.message());
            default -> LOG.debug("Task {} {} in {} ms", task.describe(), result.status(), result.duration().toMillis());
        }
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
