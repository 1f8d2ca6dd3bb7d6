package deployer.core.internal.exec;

import deployer.core.exec.FailureHandler;
import deployer.core.exec.Verdict;
import deployer.core.exec.policy.RolloutBudget;
import deployer.core.exec.policy.TaskPolicy;

import deployer.core.model.StagePolicy;
import deployer.core.model.OnFailure;
import deployer.core.exec.PlannedTask;
import deployer.core.exec.TaskResult;
import deployer.core.spi.FailureReason;

import java.util.Set;

/**
 * The policies of the tasklist, applied without asking anyone: retry idempotent tasks while attempts are left
 * and the failure is one that another attempt can cure; then {@code on_failure: continue} within the rollout's
 * budget; otherwise stop.
 */
public final class PolicyFailureHandler implements FailureHandler {

    /** Failures another attempt cannot cure: wrong input, wrong keys, a changed host key, an abort (a command's own reason is retryable). */
    private static final Set<FailureReason> FINAL = Set.of(FailureReason.VALIDATION, FailureReason.AUTHENTICATION,
            FailureReason.HOST_KEY_MISMATCH, FailureReason.HOST_KEY_UNKNOWN, FailureReason.INTERRUPTED);

    @Override
    public Verdict onFailure(PlannedTask task, TaskResult failure, int attempt, TaskPolicy taskPolicy, StagePolicy stagePolicy,
                             boolean commandIdempotent, RolloutBudget budget) {
        boolean retryable = failure.reason() == null || !FINAL.contains(failure.reason());
        if (retryable && attempt <= taskPolicy.retries() && taskPolicy.idempotent(commandIdempotent)) {
            return new Verdict.Retry(taskPolicy.delayBefore(attempt + 1));
        }
        if (stagePolicy.onFailure() == OnFailure.CONTINUE) {
            return budget.recordFailureAndCheck(task.hostKey())
                    ? new Verdict.Continue("on_failure: continue; " + budget.describe())
                    : new Verdict.Stop("the failure budget is spent: " + budget.describe());
        }
        return new Verdict.Stop("task " + task.id() + " failed");
    }
}
