package deployer.core.exec;

import deployer.core.model.Tasklist;

import java.util.List;

/**
 * A tasklist whose every command was built and initialized without a problem: for each stage, its lanes
 * (a single task, or a chain's links in order). Only the Executor makes these.
 */
public record ValidatedPlan(Tasklist tasklist, List<List<List<PlannedTask>>> stages) {

    public ValidatedPlan {
        stages = List.copyOf(stages);
    }
}
