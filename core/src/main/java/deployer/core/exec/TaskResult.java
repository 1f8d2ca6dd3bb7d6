package deployer.core.exec;

import deployer.core.model.TaskId;
import deployer.core.spi.FailureReason;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * How one task of a run ended: status, and for a failure the reason, a message and the last output lines.
 * {@code started}/{@code finished} are null for tasks that never ran; {@code exitStatus} is the exit status of the
 * command line a failure came from, when there was one, else null. {@code changed}: a success whose command said it
 * changed the host ({@link deployer.core.spi.CommandResult#changed}).
 */
public record TaskResult(TaskId id, String command, String host, String tag, TaskStatus status,
                         FailureReason reason, String message, List<String> outputTail,
                         Instant started, Instant finished, Integer exitStatus, boolean changed) {

    public TaskResult {
        message = message == null ? "" : message;
        outputTail = outputTail == null ? List.of() : List.copyOf(outputTail);
        changed = changed && status == TaskStatus.SUCCEEDED;
    }

    /** A result that changed nothing on its host (or whose command does not say), without an exit status. */
    public TaskResult(TaskId id, String command, String host, String tag, TaskStatus status, FailureReason reason,
                      String message, List<String> outputTail, Instant started, Instant finished) {
        this(id, command, host, tag, status, reason, message, outputTail, started, finished, null, false);
    }

    /** A result that changed nothing on its host (or whose command does not say). */
    public TaskResult(TaskId id, String command, String host, String tag, TaskStatus status, FailureReason reason,
                      String message, List<String> outputTail, Instant started, Instant finished, Integer exitStatus) {
        this(id, command, host, tag, status, reason, message, outputTail, started, finished, exitStatus, false);
    }

    public static TaskResult notRun(PlannedTask task, String why) {
        return new TaskResult(task.id(), task.task().command(), task.hostKey(), task.task().tag(),
                TaskStatus.NOT_RUN, null, why, List.of(), null, null);
    }

    /** A task of a stage whose condition did not hold ({@code "when": "failed"} on a run that went well). */
    public static TaskResult skipped(PlannedTask task, String why) {
        return new TaskResult(task.id(), task.task().command(), task.hostKey(), task.task().tag(),
                TaskStatus.SKIPPED, null, why, List.of(), null, null);
    }

    public static TaskResult alreadyDone(PlannedTask task, String why) {
        return new TaskResult(task.id(), task.task().command(), task.hostKey(), task.task().tag(),
                TaskStatus.ALREADY_DONE, null, why, List.of(), null, null);
    }

    public boolean failed() {
        return status == TaskStatus.FAILED;
    }

    public Duration duration() {
        return started == null || finished == null ? Duration.ZERO : Duration.between(started, finished);
    }
}
