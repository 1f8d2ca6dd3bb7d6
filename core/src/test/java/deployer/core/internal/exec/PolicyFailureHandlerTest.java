package deployer.core.internal.exec;

import deployer.core.exec.Verdict;
import deployer.core.exec.policy.RolloutBudget;
import deployer.core.exec.policy.TaskPolicy;

import deployer.core.model.StagePolicy;
import deployer.core.model.OnFailure;
import deployer.core.exec.PlannedTask;
import deployer.core.exec.TaskResult;
import deployer.core.exec.TaskStatus;
import deployer.core.model.HostAddress;
import deployer.core.model.Task;
import deployer.core.model.TaskId;
import deployer.core.spi.FailureReason;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyFailureHandlerTest {

    private final PolicyFailureHandler handler = new PolicyFailureHandler();

    private static PlannedTask on(String host) {
        return new PlannedTask(TaskId.of(2, 1), Task.builder("execute_command").host("local:" + host).build(),
                HostAddress.parse("local:" + host), null);
    }

    private static TaskResult failed(FailureReason reason) {
        return new TaskResult(TaskId.of(2, 1), "execute_command", "local:a", null, TaskStatus.FAILED, reason, "boom",
                List.of(), Instant.now(), Instant.now());
    }

    private static final TaskPolicy THREE_RETRIES = new TaskPolicy(null, 3, Duration.ofSeconds(2), null);
    private static final RolloutBudget NO_BUDGET = new RolloutBudget("r", 10, null, null);

    @Test
    void retriesDoubleTheirDelayAndStopWhenAttemptsRunOut() {
        assertThat(handler.onFailure(on("a"), failed(FailureReason.NON_ZERO_EXIT), 1, THREE_RETRIES, StagePolicy.DEFAULT, true, NO_BUDGET))
                .isEqualTo(new Verdict.Retry(Duration.ofSeconds(2)));
        assertThat(handler.onFailure(on("a"), failed(FailureReason.TIMEOUT), 3, THREE_RETRIES, StagePolicy.DEFAULT, true, NO_BUDGET))
                .isEqualTo(new Verdict.Retry(Duration.ofSeconds(8)));
        assertThat(handler.onFailure(on("a"), failed(FailureReason.NON_ZERO_EXIT), 4, THREE_RETRIES, StagePolicy.DEFAULT, true, NO_BUDGET))
                .isInstanceOf(Verdict.Stop.class);
        assertThat(new TaskPolicy(null, 30, Duration.ofSeconds(10), null).delayBefore(25)).isEqualTo(TaskPolicy.MAX_DELAY);
    }

    @Test
    void onlyIdempotentWorkIsRetriedAndTheTasksWordWinsOverTheCommands() {
        assertThat(handler.onFailure(on("a"), failed(FailureReason.NON_ZERO_EXIT), 1, THREE_RETRIES, StagePolicy.DEFAULT, false, NO_BUDGET))
                .isInstanceOf(Verdict.Stop.class);
        TaskPolicy saysIdempotent = new TaskPolicy(null, 1, null, true);
        assertThat(handler.onFailure(on("a"), failed(FailureReason.NON_ZERO_EXIT), 1, saysIdempotent, StagePolicy.DEFAULT, false, NO_BUDGET))
                .isInstanceOf(Verdict.Retry.class);
        TaskPolicy saysNot = new TaskPolicy(null, 1, null, false);
        assertThat(handler.onFailure(on("a"), failed(FailureReason.NON_ZERO_EXIT), 1, saysNot, StagePolicy.DEFAULT, true, NO_BUDGET))
                .isInstanceOf(Verdict.Stop.class);
    }

    @Test
    void failuresAnotherAttemptCannotCureAreNotRetried() {
        for (FailureReason r : List.of(FailureReason.AUTHENTICATION, FailureReason.HOST_KEY_MISMATCH, FailureReason.INTERRUPTED, FailureReason.VALIDATION)) {
            assertThat(handler.onFailure(on("a"), failed(r), 1, THREE_RETRIES, StagePolicy.DEFAULT, true, NO_BUDGET)).as(r.name())
                    .isInstanceOf(Verdict.Stop.class);
        }
        assertThat(handler.onFailure(on("a"), failed(FailureReason.UNREACHABLE), 1, THREE_RETRIES, StagePolicy.DEFAULT, true, NO_BUDGET))
                .isInstanceOf(Verdict.Retry.class);
    }

    @Test
    void aReasonACommandBringsIsRetriedLikeAnyCurableFailure() {
        FailureReason quota = FailureReason.of("QUOTA_EXCEEDED", "The service's API quota is spent for now.");
        assertThat(handler.onFailure(on("a"), failed(quota), 1, THREE_RETRIES, StagePolicy.DEFAULT, true, NO_BUDGET))
                .isInstanceOf(Verdict.Retry.class);
    }

    @Test
    void theFailPercentageIsCountedOverTheWholeRolloutNotPerBatch() {
        // Ten hosts in five batch stages of two, at most 20 %: two failed hosts are tolerated, the third is not,
        // although no single batch ever has more than one failure.
        StagePolicy batch = new StagePolicy(OnFailure.CONTINUE, null, 20, "deploy web");
        RolloutBudget web = new RolloutBudget("deploy web", 10, null, 20);
        assertThat(handler.onFailure(on("h1"), failed(FailureReason.NON_ZERO_EXIT), 1, TaskPolicy.DEFAULT, batch, false, web))
                .isInstanceOf(Verdict.Continue.class);
        assertThat(handler.onFailure(on("h1"), failed(FailureReason.NON_ZERO_EXIT), 1, TaskPolicy.DEFAULT, batch, false, web))
                .as("the same host again counts once").isInstanceOf(Verdict.Continue.class);
        assertThat(handler.onFailure(on("h3"), failed(FailureReason.UNREACHABLE), 1, TaskPolicy.DEFAULT, batch, false, web))
                .isInstanceOf(Verdict.Continue.class);
        Verdict third = handler.onFailure(on("h5"), failed(FailureReason.NON_ZERO_EXIT), 1, TaskPolicy.DEFAULT, batch, false, web);
        assertThat(third).isInstanceOf(Verdict.Stop.class);
        assertThat(((Verdict.Stop) third).why()).contains("3 of 10 hosts failed", "max_fail_percentage 20 %");
    }

    @Test
    void continueWithoutABudgetStopsAtTheFirstFailureAndMaxFailuresCountsHosts() {
        StagePolicy cont = new StagePolicy(OnFailure.CONTINUE, null, null, null);
        assertThat(handler.onFailure(on("a"), failed(FailureReason.NON_ZERO_EXIT), 1, TaskPolicy.DEFAULT, cont, false, new RolloutBudget("s", 4, null, null)))
                .isInstanceOf(Verdict.Stop.class);
        RolloutBudget one = new RolloutBudget("s", 4, 1, null);
        StagePolicy maxOne = new StagePolicy(OnFailure.CONTINUE, 1, null, null);
        assertThat(handler.onFailure(on("a"), failed(FailureReason.NON_ZERO_EXIT), 1, TaskPolicy.DEFAULT, maxOne, false, one)).isInstanceOf(Verdict.Continue.class);
        assertThat(handler.onFailure(on("b"), failed(FailureReason.NON_ZERO_EXIT), 1, TaskPolicy.DEFAULT, maxOne, false, one)).isInstanceOf(Verdict.Stop.class);
    }

    @Test
    void badPolicyValuesAreRefused() {
        assertThatThrownBy(() -> new TaskPolicy(Duration.ZERO, 0, null, null)).hasMessageContaining("timeout must be positive");
        assertThatThrownBy(() -> new TaskPolicy(null, -1, null, null)).hasMessageContaining("retries must be at least 0");
        assertThatThrownBy(() -> new StagePolicy(OnFailure.CONTINUE, null, 101, null)).hasMessageContaining("0 to 100");
    }
}
