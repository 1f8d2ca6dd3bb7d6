package deployer.core.model;

/** A stage's {@code on_failure}: what the rest of the stage does after a task failed for good. */
public enum OnFailure {
    /** Start nothing new; running tasks and chains under way finish; later stages do not run (the default). */
    STOP,
    /** The failed host's chain ends there; other hosts go on, within the rollout's failure budget. */
    CONTINUE
}
