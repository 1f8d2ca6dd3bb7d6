package deployer.core.exec;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Every task's result of one run, in tasklist order, and how the run as a whole ended. */
public record RunReport(String tasklistName, RunStatus status, List<TaskResult> results, Instant started, Instant finished) {

    public enum RunStatus { SUCCEEDED, FAILED, STOPPED }

    public RunReport {
        results = List.copyOf(results);
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
