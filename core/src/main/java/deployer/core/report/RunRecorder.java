package deployer.core.report;

import deployer.core.exec.RunEvent;
import deployer.core.exec.RunListener;
import deployer.core.exec.RunReport;
import deployer.core.model.Stage;
import deployer.core.model.TaskId;
import deployer.core.model.Tasklist;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps what the reports need from a run's events: the run id, the stages with when they started and ended (or why
 * they were skipped), how many attempts each task took, and the final {@link RunReport}. A run listener like the
 * journal; the reports are written from it once the run has ended.
 */
public final class RunRecorder implements RunListener {

    /** A stage as the run went through it; times are null for a stage that never started. */
    public record StageRecord(int number, String name, Instant started, Instant finished, String skippedBecause) {
    }

    private String runId;
    private Tasklist tasklist;
    private final List<StageRecord> stages = new ArrayList<>();
    private final Map<Integer, Instant> stageStarts = new HashMap<>();
    private final Map<TaskId, Integer> attempts = new HashMap<>();
    private RunReport report;

    @Override
    public synchronized void onEvent(RunEvent event) {
        if (event instanceof RunEvent.RunStarted e) {
            runId = e.runId();
            tasklist = e.tasklist();
        } else if (event instanceof RunEvent.StageStarted e) {
            stageStarts.put(e.number(), e.at());
        } else if (event instanceof RunEvent.StageFinished e) {
            stages.add(new StageRecord(e.number(), e.stage().name(), stageStarts.get(e.number()), e.at(), null));
        } else if (event instanceof RunEvent.StageSkipped e) {
            stages.add(new StageRecord(e.number(), e.stage().name(), null, null, e.why()));
        } else if (event instanceof RunEvent.TaskStarted e) {
            attempts.merge(e.task().id(), 1, Integer::sum);
        } else if (event instanceof RunEvent.RunFinished e) {
            report = e.report();
        }
    }

    public synchronized String runId() {
        return runId;
    }

    public synchronized Tasklist tasklist() {
        return tasklist;
    }

    /** The stages in plan order; a stage the events never mentioned (a run that ended inside the engine) is left out. */
    public synchronized List<StageRecord> stages() {
        List<StageRecord> out = new ArrayList<>(stages);
        out.sort(java.util.Comparator.comparingInt(StageRecord::number));
        return out;
    }

    /** The stage's name by its number, from the plan. */
    public synchronized String stageName(int number) {
        if (tasklist != null && number >= 1 && number <= tasklist.stages().size()) {
            Stage s = tasklist.stages().get(number - 1);
            return s.name();
        }
        return "";
    }

    public synchronized int attempts(TaskId id) {
        return attempts.getOrDefault(id, 0);
    }

    /** The run's report, once it has ended. */
    public synchronized RunReport report() {
        if (report == null) {
            throw new IllegalStateException("the run has not ended yet");
        }
        return report;
    }
}
