package deployer.core.internal.cli;

import deployer.core.exec.PlannedTask;
import deployer.core.exec.TaskResult;
import deployer.core.model.HostAddress;
import deployer.core.model.Task;
import deployer.core.model.TaskId;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class InFlightTasksTest {

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }

    private static PlannedTask task(TaskId id, String host, String tag) {
        Task t = new Task("execute_command", host, null, tag, Map.of("shell", "true"), null);
        return new PlannedTask(id, t, HostAddress.parse(host), null);
    }

    @Test
    void listsWhatRunsInTasklistOrderWithHostTaskCommandAndTimeRunning() {
        ManualClock clock = new ManualClock();
        InFlightTasks inFlight = new InFlightTasks(clock);
        PlannedTask b = task(new TaskId(1, 2, 1), "local:b", "web");
        PlannedTask a = task(TaskId.of(1, 1), "local:a", null);
        PlannedTask done = task(TaskId.of(1, 3), "local:c", null);
        inFlight.taskStarted(b);
        clock.now = clock.now.plusMillis(1500);
        inFlight.taskStarted(a);
        inFlight.taskStarted(done);
        inFlight.taskFinished(done, TaskResult.notRun(done, "test"));
        clock.now = clock.now.plusMillis(2000);

        assertThat(inFlight.snapshot()).extracting(InFlightTasks.Running::describe).containsExactly(
                "local:a 1.1 execute_command, running for 2.0 s",
                "local:b 1.2.1 execute_command [web], running for 3.5 s");
        assertThat(inFlight.snapshot()).extracting(InFlightTasks.Running::elapsed)
                .containsExactly(Duration.ofMillis(2000), Duration.ofMillis(3500));
    }

    @Test
    void nothingRunningIsAnEmptyList() {
        assertThat(new InFlightTasks().snapshot()).isEqualTo(List.of());
    }
}
