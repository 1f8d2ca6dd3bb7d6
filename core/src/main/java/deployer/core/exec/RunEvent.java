package deployer.core.exec;

import deployer.core.internal.exec.RunEvents;

import deployer.core.model.Stage;
import deployer.core.model.Tasklist;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One thing that happened in a run. A run publishes them as one ordered stream (see {@link RunEvents}); the log
 * lines, the summary, the journal and later the progress display and reports are all listeners of it. Every task
 * of the plan gets exactly one {@link TaskFinished}, NOT_RUN ones included, so a listener can count on it.
 */
public sealed interface RunEvent {

    Instant at();

    /** Calls the listener method for this kind of event. */
    void deliverTo(RunListener listener);

    record RunStarted(Instant at, String runId, Tasklist tasklist) implements RunEvent {
        public void deliverTo(RunListener l) {
            l.runStarted(tasklist);
        }
    }

    record StageStarted(Instant at, int number, Stage stage) implements RunEvent {
        public void deliverTo(RunListener l) {
            l.stageStarted(number, stage);
        }
    }

    /** A stage that will not run (an earlier stage failed, or the run was stopped); its tasks follow as NOT_RUN. */
    record StageSkipped(Instant at, int number, Stage stage, String why) implements RunEvent {
        public void deliverTo(RunListener l) {
            l.stageSkipped(number, stage, why);
        }
    }

    record TaskStarted(Instant at, PlannedTask task, int attempt) implements RunEvent {
        public void deliverTo(RunListener l) {
            l.taskStarted(task);
        }
    }

    /** An attempt failed and the task's policy runs it again after {@code delay}. */
    record TaskRetrying(Instant at, PlannedTask task, int failedAttempt, TaskResult failure, Duration delay) implements RunEvent {
        public void deliverTo(RunListener l) {
            l.taskRetrying(task, failedAttempt, failure, delay);
        }
    }

    record TaskFinished(Instant at, PlannedTask task, TaskResult result) implements RunEvent {
        public void deliverTo(RunListener l) {
            l.taskFinished(task, result);
        }
    }

    record OutputLine(Instant at, PlannedTask task, String line, boolean stderr) implements RunEvent {
        public void deliverTo(RunListener l) {
            l.outputLine(task, line, stderr);
        }
    }

    /** Something the operator should know that fails nothing (a listener that broke, a lease taken over). */
    record Warning(Instant at, Severity severity, String message) implements RunEvent {
        public void deliverTo(RunListener l) {
            l.warning(severity, message);
        }
    }

    record StageFinished(Instant at, int number, Stage stage, List<TaskResult> results) implements RunEvent {
        public StageFinished {
            results = List.copyOf(results);
        }

        public void deliverTo(RunListener l) {
            l.stageFinished(number, stage, results);
        }
    }

    record RunFinished(Instant at, RunReport report) implements RunEvent {
        public void deliverTo(RunListener l) {
            l.runFinished(report);
        }
    }

    enum Severity { INFO, WARNING, ERROR }
}
