package deployer.core.exec;

import deployer.core.model.Stage;
import deployer.core.model.Tasklist;

import java.time.Duration;
import java.util.List;

/**
 * Hears what a run does, one {@link RunEvent} at a time and in order. Logging is the first listener; the journal,
 * progress display, reports and metrics are others. Called from task threads, one event at a time: implementations
 * must be quick. A listener that throws is reported once and detached; it never changes a task's result.
 */
public interface RunListener {

    default void runStarted(Tasklist tasklist) {
    }

    default void stageStarted(int stageNumber, Stage stage) {
    }

    default void stageSkipped(int stageNumber, Stage stage, String why) {
    }

    default void taskStarted(PlannedTask task) {
    }

    default void taskRetrying(PlannedTask task, int failedAttempt, TaskResult failure, Duration delay) {
    }

    default void outputLine(PlannedTask task, String line, boolean stderr) {
    }

    default void taskFinished(PlannedTask task, TaskResult result) {
    }

    default void warning(RunEvent.Severity severity, String message) {
    }

    default void stageFinished(int stageNumber, Stage stage, List<TaskResult> results) {
    }

    default void runFinished(RunReport report) {
    }

    /**
     * Every event, before its typed method: for listeners that keep or forward the stream as a whole (the journal,
     * JSON output). The default hands it to the typed method.
     */
    default void onEvent(RunEvent event) {
        event.deliverTo(this);
    }
}
