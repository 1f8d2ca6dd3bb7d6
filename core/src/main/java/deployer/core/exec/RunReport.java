package deployer.core.exec;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Every task's result of one run, in tasklist order, and how the run as a whole ended. */
public record RunReport(String tasklistName, RunStatus status, List<TaskResult> results, Instant started, Instant finished) {

    /**
     * How a run ended. STOPPED: a first Ctrl-C (or TERM) let running tasks finish and started nothing new.
     * ABORTED: a second one ended running commands. Both are the operator's doing and say so in the headline, even
     * where tasks failed as a consequence (an aborted command fails as INTERRUPTED).
     */
    public enum RunStatus { SUCCEEDED, FAILED, STOPPED, ABORTED }

    public RunReport {
        results = List.copyOf(results);
    }

    /**
     * The status of a run from its results and what the operator asked for. An abort wins (its INTERRUPTED failures
     * are its own doing); a genuine failure wins over a stop, so a failure while waiting is not hidden; a stop is
     * STOPPED even when the last tasks all finished, since the run ended on the operator's request.
     */
    public static RunStatus statusOf(List<TaskResult> results, boolean stopRequested, boolean aborted) {
        if (aborted) {
            return RunStatus.ABORTED;
        }
        if (results.stream().anyMatch(TaskResult::failed)) {
            return RunStatus.FAILED;
        }
        if (stopRequested || results.stream().anyMatch(r -> r.status() == TaskStatus.NOT_RUN)) {
            return RunStatus.STOPPED;
        }
        return RunStatus.SUCCEEDED;
    }

    public boolean succeeded() {
        return status == RunStatus.SUCCEEDED;
    }

    public List<TaskResult> failures() {
        return results.stream().filter(TaskResult::failed).toList();
    }

    public Map<TaskStatus, Long> counts() {
        return results.stream().collect(Collectors.groupingBy(TaskResult::status, TreeMap::new, Collectors.counting()));
    }
}
