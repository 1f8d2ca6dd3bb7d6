package deployer.core.internal.journal;

import deployer.core.exec.PlannedStage;
import deployer.core.exec.PlannedTask;
import deployer.core.exec.ValidatedPlan;
import deployer.core.exec.policy.TaskPolicy;
import deployer.core.model.HostAddress;
import deployer.core.model.InvalidInputException;
import deployer.core.model.Problem;
import deployer.core.model.Stage;
import deployer.core.model.Task;
import deployer.core.model.TaskId;
import deployer.core.model.Tasklist;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** What a resume counts as done, and what it refuses (a changed plan, a task that may have half-run) unless resumed anyway. */
class ResumeRulesTest {

    private static final String SHA = "0123456789abcdef0123456789abcdef";
    private static final String OTHER_SHA = "fedcba9876543210fedcba9876543210";

    /** One stage of four tasks on host a; task 4 is idempotent, the others are not. */
    private static ValidatedPlan plan() {
        List<PlannedStage.Lane> lanes = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            Task t = Task.builder("step").host("a").build();
            TaskPolicy policy = new TaskPolicy(null, 0, null, i == 4);
            lanes.add(new PlannedStage.Lane(List.of(new PlannedTask(TaskId.of(1, i), t, HostAddress.parse("a"), null, policy))));
        }
        Stage s = new Stage("deploy", 1, 1, List.of());
        return new ValidatedPlan(new Tasklist("p", List.of(s)), List.of(new PlannedStage(1, s, lanes)));
    }

    private static JournalState journal(String sha, Map<TaskId, JournalState.TaskState> states) {
        return new JournalState(Path.of("deploy.journal"), "run-1", sha, states, List.of());
    }

    /**
     * Host a's finishing stage cleaned up the run's files; its unfinished task 2.2 needs them. Done tasks of earlier
     * stages that use the run's files run again (1.1), one that does not stays done (1.2), as does a done task of the
     * stage that first needs them (2.1: it found them then), and the finishing task runs again to clean up after
     * this run.
     */
    @Test
    void afterAFinishingStageCleanedUpOnlyTheEarlierStagesTasksUsingTheRunsFilesRunAgain() throws Exception {
        PlannedStage upload = stage(1, false, task("upload", "/tmp/{run_id}/pkg"), task("note", "/etc/motd"));
        PlannedStage deploy = stage(2, false, task("unpack", "/tmp/{run_id}/pkg"), task("move", "/tmp/{run_id}/pkg"));
        PlannedStage cleanup = stage(3, true, task("cleanup", "/tmp/{run_id}"));
        ValidatedPlan plan = new ValidatedPlan(new Tasklist("p", List.of(upload.stage(), deploy.stage(), cleanup.stage())),
                List.of(upload, deploy, cleanup));

        ResumePoint r = ResumePoint.of(journal(SHA, Map.of(
                TaskId.of(1, 1), JournalState.TaskState.SUCCEEDED,
                TaskId.of(1, 2), JournalState.TaskState.SUCCEEDED,
                TaskId.of(2, 1), JournalState.TaskState.SUCCEEDED,
                TaskId.of(2, 2), JournalState.TaskState.NOT_RUN,
                TaskId.of(3, 1), JournalState.TaskState.SUCCEEDED)), plan, SHA, false);

        assertThat(r.done()).containsExactlyInAnyOrder(TaskId.of(1, 2), TaskId.of(2, 1));
    }

    private static Task task(String command, String path) {
        return Task.builder(command).host("a").arg("path", path).build();
    }

    private static PlannedStage stage(int number, boolean always, Task... tasks) {
        List<PlannedStage.Lane> lanes = new ArrayList<>();
        for (int i = 0; i < tasks.length; i++) {
            lanes.add(new PlannedStage.Lane(List.of(new PlannedTask(TaskId.of(number, i + 1), tasks[i], HostAddress.parse("a"), null,
                    new TaskPolicy(null, 0, null, false)))));
        }
        return new PlannedStage(number, new Stage("s" + number, 1, 1, List.of(), null, always), lanes);
    }

    @Test
    void succeededAndSkippedTasksAreDoneAndFailedOrNotRunOrUnknownOnesRunAgain() throws Exception {
        ResumePoint r = ResumePoint.of(journal(SHA, Map.of(
                TaskId.of(1, 1), JournalState.TaskState.SUCCEEDED,
                TaskId.of(1, 2), JournalState.TaskState.SKIPPED,
                TaskId.of(1, 3), JournalState.TaskState.FAILED,
                TaskId.of(1, 4), JournalState.TaskState.NOT_RUN)), plan(), SHA, false);

        assertThat(r.done()).containsExactlyInAnyOrder(TaskId.of(1, 1), TaskId.of(1, 2));
        assertThat(r.journal().file()).isEqualTo(Path.of("deploy.journal"));
    }

    @Test
    void aChangedPlanIsRefusedWithoutForceSayingWhyAndHowAndResumedWithIt() throws Exception {
        JournalState journal = journal(SHA, Map.of(TaskId.of(1, 1), JournalState.TaskState.SUCCEEDED));

        InvalidInputException e = catchThrowableOfType(InvalidInputException.class,
                () -> ResumePoint.of(journal, plan(), OTHER_SHA, false));

        assertThat(e.problems()).extracting(Problem::toString).containsExactly("deploy.journal: the journal is of another plan"
                + " (tasklist sha256 0123456789ab…, this plan fedcba987654…): the tasklist was changed since; resume it anyway"
                + " with --resume-anyway, or start afresh without --resume");
        assertThat(ResumePoint.of(journal, plan(), OTHER_SHA, true).done()).containsExactly(TaskId.of(1, 1));
    }

    @Test
    void aTaskThatMayHaveHalfRunIsRefusedUnlessIdempotentForcedOrAnsweredYes() throws Exception {
        JournalState journal = journal(SHA, Map.of(
                TaskId.of(1, 1), JournalState.TaskState.STARTED_WITHOUT_END,
                TaskId.of(1, 4), JournalState.TaskState.STARTED_WITHOUT_END));

        InvalidInputException e = catchThrowableOfType(InvalidInputException.class, () -> ResumePoint.of(journal, plan(), SHA, false));
        assertThat(e.problems()).singleElement().asString().isEqualTo("deploy.journal: task 1.1 step on a started in run run-1 and"
                + " never ended: it may have half-run, and 'step' is not safe to run twice. Check the host; then resume with"
                + " --resume-anyway to run it again");

        List<TaskId> asked = new ArrayList<>();
        ResumePoint answered = ResumePoint.of(journal, plan(), SHA, false, (task, problem) -> asked.add(task.id()));
        assertThat(asked).as("only the task that is not idempotent is asked about").containsExactly(TaskId.of(1, 1));
        assertThat(answered.done()).isEmpty();
        assertThat(ResumePoint.of(journal, plan(), SHA, true).done()).isEmpty();
    }
}
