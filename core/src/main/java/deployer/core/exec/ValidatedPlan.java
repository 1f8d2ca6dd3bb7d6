package deployer.core.exec;

import deployer.core.internal.exec.Engine;

import deployer.core.model.Tasklist;

import java.util.List;

/** A tasklist whose every command was built and initialized without a problem. Only the Engine makes these. */
public record ValidatedPlan(Tasklist tasklist, List<PlannedStage> stages) {

    public ValidatedPlan {
        stages = List.copyOf(stages);
    }

    public int taskCount() {
        return stages.stream().mapToInt(s -> s.tasks().size()).sum();
    }
}
