package deployer.core.exec;

import deployer.core.exec.policy.RolloutBudget;
import deployer.core.exec.policy.TaskPolicy;
import deployer.core.internal.exec.PolicyFailureHandler;

import deployer.core.model.StagePolicy;

/**
 * Decides what a failed attempt of a task means: retry, continue without it, or stop. The default follows the
 * policies written in the tasklist ({@link PolicyFailureHandler}); an interactive one asks the operator on a tty.
 */
public interface FailureHandler {

    /**
     * @param attempt the attempt that failed, 1 for the first
     * @param budget  the failure budget of the task's rollout, shared by its batch stages
     */
    Verdict onFailure(PlannedTask task, TaskResult failure, int attempt, TaskPolicy taskPolicy, StagePolicy stagePolicy,
                      boolean commandIdempotent, RolloutBudget budget);
}
