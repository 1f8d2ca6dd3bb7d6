package deployer.core.internal.exec;

import deployer.core.exec.Run;
import deployer.core.exec.RunListener;

import deployer.core.internal.journal.ResumePoint;
import deployer.core.exec.FailureHandler;

import java.util.List;

/**
 * How to make a {@link Run}, in one value: the run's own listeners (after the Engine's), where it resumes, who
 * judges its failures, and whether it is a preview. Start from {@link #DEFAULT} and change what differs:
 * {@code RunOptions.DEFAULT.withListeners(journal).resuming(point)}.
 *
 * @param listeners      listeners of this run only (its journal, say)
 * @param resume         what an earlier run of the journal finished, or null for a fresh run
 * @param failureHandler what a failed task means (the tasklist's policies; the interactive mode asks on a tty)
 * @param dryRun         a preview: every command gets a dry-run context
 */
public record RunOptions(List<RunListener> listeners, ResumePoint resume, FailureHandler failureHandler, boolean dryRun) {

    public static final RunOptions DEFAULT = new RunOptions(List.of(), null, new PolicyFailureHandler(), false);

    public RunOptions {
        listeners = List.copyOf(listeners);
        failureHandler = failureHandler == null ? new PolicyFailureHandler() : failureHandler;
    }

    public RunOptions withListeners(List<RunListener> runListeners) {
        return new RunOptions(runListeners, resume, failureHandler, dryRun);
    }

    /** @param point null for a fresh run */
    public RunOptions resuming(ResumePoint point) {
        return new RunOptions(listeners, point, failureHandler, dryRun);
    }

    public RunOptions judgedBy(FailureHandler handler) {
        return new RunOptions(listeners, resume, handler, dryRun);
    }

    public RunOptions asDryRun() {
        return new RunOptions(listeners, resume, failureHandler, true);
    }
}
