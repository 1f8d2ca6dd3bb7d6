package deployer.core.internal.journal;

import deployer.core.exec.PlannedStage;
import deployer.core.exec.PlannedTask;
import deployer.core.exec.ValidatedPlan;
import deployer.core.model.HostAddress;
import deployer.core.model.Stage;
import deployer.core.model.Task;
import deployer.core.model.TaskId;
import deployer.core.model.Tasklist;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What a resume counts as done when the failed run's finishing stage cleaned up the run's files. */
class ResumePointTest {

    private static final String TMP = "/srv/tmp/pkg.{run_id}";

    /** Stages upload, unpack, deploy (movefile), cleanup (no run files), and a finishing removefile; on hosts a and b. */
    private static ValidatedPlan plan() {
        List<PlannedStage> stages = new ArrayList<>();
        stages.add(stage(1, false, "upload", "destination", TMP));
        stages.add(stage(2, false, "unpack", "source", TMP + "/pkg.tar"));
        stages.add(stage(3, false, "movefile", "source", TMP + "/pkg"));
        stages.add(stage(4, false, "cleanup", "path", "/srv"));
        stages.add(stage(5, true, "removefile", "path", TMP));
        return new ValidatedPlan(new Tasklist("p", stages.stream().map(PlannedStage::stage).toList()), stages);
    }

    private static PlannedStage stage(int number, boolean always, String command, String key, String value) {
        List<PlannedStage.Lane> lanes = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            String host = i == 1 ? "a" : "b";
            Task t = Task.builder(command).host(host).arg(key, value).build();
            lanes.add(new PlannedStage.Lane(List.of(new PlannedTask(TaskId.of(number, i), t, HostAddress.parse(host), null))));
        }
        Stage s = new Stage(command, 2, 1, List.of());
        return new PlannedStage(number, always ? s.asAlways() : s, lanes);
    }

    private static ResumePoint resume(Map<TaskId, JournalState.TaskState> states) throws Exception {
        JournalState journal = new JournalState(Path.of("run.journal"), "run-1", "sha", states, List.of());
        return ResumePoint.of(journal, plan(), "sha", false);
    }

    private static Map<TaskId, JournalState.TaskState> allSucceededBut(Map<TaskId, JournalState.TaskState> others) {
        Map<TaskId, JournalState.TaskState> states = new HashMap<>();
        for (int stage = 1; stage <= 5; stage++) {
            for (int i = 1; i <= 2; i++) {
                states.put(TaskId.of(stage, i), JournalState.TaskState.SUCCEEDED);
            }
        }
        states.putAll(others);
        return states;
    }

    @Test
    void aHostWhoseRunFilesWereRemovedAndAreStillNeededMakesThemAgainAndCleansUpAgain() throws Exception {
        // Host a (lane 1) failed in the deploy stage after its files were uploaded and unpacked; the finishing stage
        // then removed them. Host b got through the deploy stage; only its cleanup was left.
        ResumePoint r = resume(allSucceededBut(Map.of(
                TaskId.of(3, 1), JournalState.TaskState.FAILED,
                TaskId.of(4, 1), JournalState.TaskState.NOT_RUN,
                TaskId.of(4, 2), JournalState.TaskState.NOT_RUN)));
        assertThat(r.done()).doesNotContain(TaskId.of(1, 1), TaskId.of(2, 1), TaskId.of(5, 1))
                .contains(TaskId.of(1, 2), TaskId.of(2, 2), TaskId.of(3, 2), TaskId.of(5, 2));
    }

    @Test
    void withoutACleanupThatRanDoneStaysDone() throws Exception {
        ResumePoint r = resume(allSucceededBut(Map.of(
                TaskId.of(3, 1), JournalState.TaskState.FAILED,
                TaskId.of(5, 1), JournalState.TaskState.FAILED)));   // host a was unreachable: nothing was removed
        assertThat(r.done()).contains(TaskId.of(1, 1), TaskId.of(2, 1)).doesNotContain(TaskId.of(3, 1), TaskId.of(5, 1));
    }
}
