package deployer.core.exec;

import deployer.core.model.Stage;
import deployer.core.model.Tasklist;

import java.util.List;

/**
 * Hears what a run does. Logging is the first listener; a journal, progress display, reports and metrics are
 * others. Called from task threads: implementations must be thread-safe and quick.
 */
public interface RunListener {

    default void runStarted(Tasklist tasklist) {
    }

    default void stageStarted(int stageNumber, Stage stage) {
    }

    default void taskStarted(PlannedTask task) {
    }

    default void taskFinished(PlannedTask task, TaskResult result) {
    }

    default void stageFinished(int stageNumber, Stage stage, List<TaskResult> results) {
    }

    default void runFinished(RunReport report) {
    }
}
