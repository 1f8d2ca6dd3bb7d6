package deployer.core.internal.progress;

import deployer.core.exec.PlannedTask;
import deployer.core.exec.TaskResult;
import deployer.core.exec.TaskStatus;
import deployer.core.model.HostAddress;
import deployer.core.model.Stage;
import deployer.core.model.StageItem;
import deployer.core.model.Task;
import deployer.core.model.TaskId;
import deployer.core.model.Tasklist;
import deployer.core.spi.FailureReason;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressBoardTest {

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }

    private static Task task(String host) {
        return new Task("execute_command", host, null, null, Map.of("shell", "true"), null);
    }

    private static PlannedTask planned(TaskId id, Task t) {
        return new PlannedTask(id, t, HostAddress.parse(t.remoteHost()), null);
    }

    private static TaskResult result(PlannedTask t, TaskStatus status, Instant started) {
        return new TaskResult(t.id(), "execute_command", t.hostKey(), null, status,
                status == TaskStatus.FAILED ? FailureReason.NON_ZERO_EXIT : null, "", List.of(), started, started.plusSeconds(1));
    }

    @Test
    void countsDoneRunningFailedAndQueuedPerStageWithTheBusyHosts() {
        ManualClock clock = new ManualClock();
        ProgressBoard board = new ProgressBoard(clock);
        Task a1 = task("local:a");
        Task a2 = task("local:a");
        Task b = task("local:b");
        Task c = task("local:c");
        Stage deploy = new Stage("deploy", 3, 2, List.of(StageItem.of(a1), StageItem.of(a2), StageItem.of(b), StageItem.of(c)));
        board.runStarted(new Tasklist("plan", List.of(deploy, new Stage("after", 1, 1, List.of(StageItem.of(task("local:d")))))));
        PlannedTask pa1 = planned(TaskId.of(1, 1), a1);
        PlannedTask pa2 = planned(TaskId.of(1, 2), a2);
        PlannedTask pb = planned(TaskId.of(1, 3), b);
        PlannedTask pc = planned(TaskId.of(1, 4), c);

        board.stageStarted(1, deploy);
        board.taskStarted(pa1);
        board.taskStarted(pa2);
        board.taskStarted(pb);
        clock.now = clock.now.plusSeconds(75);
        board.taskFinished(pb, result(pb, TaskStatus.FAILED, clock.now));

        assertThat(board.snapshot()).singleElement().satisfies(s -> {
            assertThat(s.plain()).isEqualTo(
                    "stage 1/2 deploy: 0 done, 2 running, 1 failed, 1 queued (1/4 finished) after 1:15; busy: local:a x2");
            assertThat(s.fraction()).isEqualTo(0.25);
        });

        // A retry ends one attempt and starts the next: the host stays busy once, not twice.
        board.taskRetrying(pa1, 1, result(pa1, TaskStatus.FAILED, clock.now), Duration.ofSeconds(1));
        board.taskStarted(pa1);
        board.taskFinished(pa1, result(pa1, TaskStatus.SUCCEEDED, clock.now));
        // The failure halted the queue: c never starts and leaves the count.
        board.taskFinished(pc, TaskResult.notRun(pc, "not run: task 1.3 failed"));
        assertThat(board.snapshot()).singleElement().extracting(ProgressBoard.StageLine::plain)
                .isEqualTo("stage 1/2 deploy: 1 done, 1 running, 1 failed, 0 queued (2/3 finished) after 1:15; busy: local:a");

        board.stageFinished(1, deploy, List.of());
        assertThat(board.snapshot()).as("nothing in flight between stages").isEmpty();
    }

    @Test
    void theClockShowsHoursPastAnHour() {
        assertThat(ProgressBoard.StageLine.clock(Duration.ofSeconds(59))).isEqualTo("0:59");
        assertThat(ProgressBoard.StageLine.clock(Duration.ofSeconds(3 * 3600 + 62))).isEqualTo("3:01:02");
    }
}
