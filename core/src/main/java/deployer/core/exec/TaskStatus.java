package deployer.core.exec;

/** How a task ended. */
public enum TaskStatus {
    SUCCEEDED,
    FAILED,
    /** The command decided there was nothing to do (e.g. a migration whose marker path is absent). */
    SKIPPED,
    /** Never started: an earlier failure or a stop request halted the run first. */
    NOT_RUN,
    /** Not run again: a resumed run's journal says it succeeded (or was skipped) in an earlier run. */
    ALREADY_DONE
}
