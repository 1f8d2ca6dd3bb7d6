package deployer.core.exec;

import deployer.core.model.TaskId;
import deployer.core.spi.FailureReason;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static deployer.core.exec.RunReport.RunStatus.ABORTED;
import static deployer.core.exec.RunReport.RunStatus.FAILED;
import static deployer.core.exec.RunReport.RunStatus.STOPPED;
import static deployer.core.exec.RunReport.RunStatus.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;

class RunReportTest {

    private static TaskResult result(int item, TaskStatus status, FailureReason reason) {
        Instant t = Instant.EPOCH;
        return new TaskResult(TaskId.of(1, item), "execute_command", "local", null, status, reason, "", List.of(),
                status == TaskStatus.NOT_RUN ? null : t, status == TaskStatus.NOT_RUN ? null : t);
    }

    private static final TaskResult OK = result(1, TaskStatus.SUCCEEDED, null);
    private static final TaskResult NOT_RUN = result(2, TaskStatus.NOT_RUN, null);
    private static final TaskResult BROKEN = result(3, TaskStatus.FAILED, FailureReason.NON_ZERO_EXIT);
    private static final TaskResult KILLED = result(4, TaskStatus.FAILED, FailureReason.INTERRUPTED);

    @Test
    void anAbortIsTheHeadlineEvenThoughItsInterruptedTasksFailed() {
        assertThat(RunReport.statusOf(List.of(OK, KILLED, NOT_RUN), true, true)).isEqualTo(ABORTED);
    }

    @Test
    void aStopIsTheHeadlineAlsoWhenTheTasksItWaitedForAllFinished() {
        assertThat(RunReport.statusOf(List.of(OK, NOT_RUN), true, false)).isEqualTo(STOPPED);
        assertThat(RunReport.statusOf(List.of(OK), true, false)).isEqualTo(STOPPED);
    }

    @Test
    void aFailureWhileStoppingIsNotHidden() {
        assertThat(RunReport.statusOf(List.of(OK, BROKEN, NOT_RUN), true, false)).isEqualTo(FAILED);
    }

    @Test
    void withoutAnInterruptTheResultsDecide() {
        assertThat(RunReport.statusOf(List.of(OK, BROKEN, NOT_RUN), false, false)).isEqualTo(FAILED);
        assertThat(RunReport.statusOf(List.of(OK), false, false)).isEqualTo(SUCCEEDED);
    }
}
