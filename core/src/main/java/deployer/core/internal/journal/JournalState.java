package deployer.core.internal.journal;

import deployer.core.model.TaskId;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a journal says about a plan: the hash of the plan its last run ran, and each task's last known state
 * across every run in the file (a resumed run appends to the journal it resumes).
 *
 * @param problems lines that could not be read (e.g. the last line cut short by a crash), with their numbers
 */
public record JournalState(Path file, String lastRunId, String tasklistSha256, Map<TaskId, TaskState> tasks, List<String> problems) {

    /** A task's last state as the journal saw it. */
    public enum TaskState {
        SUCCEEDED, SKIPPED, FAILED, NOT_RUN,
        /** Started and never finished: the controller died or was killed while it ran; it may have half-run. */
        STARTED_WITHOUT_END
    }

    public JournalState {
        tasks = Map.copyOf(tasks);
        problems = List.copyOf(problems);
    }

    public Optional<TaskState> state(TaskId id) {
        return Optional.ofNullable(tasks.get(id));
    }
}
